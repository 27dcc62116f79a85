import { type AstroMarkdownOptions, unified } from '@astrojs/markdown-remark';
import { parentPort, workerData } from 'node:worker_threads';

import { markdownOptions } from './pipeline.ts';
import type { RenderReply, RenderRequest } from './threaded.ts';

/**
 * One Markdown worker (see ./threaded.ts): the project's own pipeline
 * (./pipeline.ts, the same options the build's processor wraps), rendering
 * each file it is sent and posting back Astro's render result or the error.
 */
const renderer = await unified(markdownOptions).createRenderer(workerData as AstroMarkdownOptions);

parentPort?.on('message', ({ id, content, fileURL, frontmatter }: RenderRequest) => {
  renderer
    .render(content, { ...(fileURL ? { fileURL: new URL(fileURL) } : {}), ...(frontmatter ? { frontmatter } : {}) })
    .then(
      (result) => parentPort?.postMessage({ id, result } satisfies RenderReply),
      (error: unknown) =>
        parentPort?.postMessage({
          id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies RenderReply),
    );
});
