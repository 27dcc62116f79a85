import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { parseFrontmatter, unified } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';

import { markdownOptions } from '../../src/markdown/pipeline.ts';
import {
  RENDERED_HERE_FIRST,
  takeRendersRedoneHere,
  threadedMarkdown,
  WORKER_HEAP,
} from '../../src/markdown/threaded.ts';

/**
 * The build renders Markdown in worker threads (src/markdown/threaded.ts).
 * Every file must come out exactly as the pipeline renders it in one thread:
 * HTML, headings, and the reading time the pipeline puts in the frontmatter,
 * hostile input included.
 */

const WORKER = resolve('src/markdown/render-worker.ts');
const FIXTURES = ['tests/fixtures/untrusted-site/articles', 'tests/fixtures/print-content/articles'];
const files = FIXTURES.flatMap((dir) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .map((file) => join(dir, file)),
);

describe('Markdown rendered in worker threads', () => {
  it('is byte for byte what the pipeline renders in this thread, for every fixture article', async () => {
    const shared = { syntaxHighlight: false as const };
    const here = await unified(markdownOptions).createRenderer(shared);
    const threaded = await threadedMarkdown({ workerFile: WORKER, threads: 2 }).createRenderer(shared);
    // Enough renders that most go to the workers, not the first few rendered here.
    const inputs = [...files, ...files, ...files];
    expect(inputs.length, 'more files than are rendered here before the workers start').toBeGreaterThan(
      RENDERED_HERE_FIRST * 2,
    );
    const render = (renderer: typeof here, file: string) => {
      const { frontmatter, content } = parseFrontmatter(readFileSync(file, 'utf8'));
      return renderer.render(content, { frontmatter, fileURL: pathToFileURL(file) });
    };
    const [fromWorkers, fromHere] = await Promise.all([
      Promise.all(inputs.map((file) => render(threaded, file))),
      Promise.all(inputs.map((file) => render(here, file))),
    ]);
    inputs.forEach((file, i) => {
      expect(fromWorkers[i]?.code, `${file}: HTML`).toBe(fromHere[i]?.code);
      expect(fromWorkers[i]?.metadata, `${file}: headings, images and frontmatter`).toEqual(fromHere[i]?.metadata);
    });
  }, 120_000);

  it('renders in this thread what a worker held when it ran out of memory, the same to the byte', async () => {
    const shared = { syntaxHighlight: false as const };
    const here = await unified(markdownOptions).createRenderer(shared);
    // A heap far too small for the pipeline: every worker runs out of memory.
    const heap = { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 2 };
    expect(WORKER_HEAP.maxOldGenerationSizeMb, 'the build gives its workers more').toBeGreaterThan(64);
    const threaded = await threadedMarkdown({ workerFile: WORKER, threads: 2, heap }).createRenderer(shared);
    const long = Array.from(
      { length: 300 },
      (_, i) => `## Part ${i}\n\nA [link](https://example.com/${i}) and *text*.`,
    );
    const inputs = Array.from({ length: RENDERED_HERE_FIRST + 6 }, (_, i) =>
      i % 3 === 0 ? long.join('\n\n') : `# Short ${i}`,
    );
    takeRendersRedoneHere();
    const [fromPool, fromHere] = await Promise.all([
      Promise.all(inputs.map((content) => threaded.render(content))),
      Promise.all(inputs.map((content) => here.render(content))),
    ]);
    expect(takeRendersRedoneHere(), 'renders a worker held, done again in this thread').toBeGreaterThan(0);
    inputs.forEach((_, i) => {
      expect(fromPool[i]?.code, `render ${i}: HTML`).toBe(fromHere[i]?.code);
      expect(fromPool[i]?.metadata, `render ${i}: headings, images and frontmatter`).toEqual(fromHere[i]?.metadata);
    });
  }, 120_000);

  it('renders in this thread when there is no worker module', async () => {
    const renderer = await threadedMarkdown({ workerFile: '/nonexistent/render-worker.ts', threads: 2 }).createRenderer(
      { syntaxHighlight: false },
    );
    const results = await Promise.all(
      Array.from({ length: RENDERED_HERE_FIRST + 3 }, (_, i) => renderer.render(`# Heading ${i}\n\nText.`)),
    );
    expect(results.map((r) => r.code)).toContain('<h2 id="user-content-heading-10">Heading 10</h2>\n<p>Text.</p>');
  });
});
