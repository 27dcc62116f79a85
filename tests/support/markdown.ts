import { type MarkdownRenderer, unified } from '@astrojs/markdown-remark';

import { markdownOptions } from '../../src/markdown/pipeline.ts';

let renderer: Promise<MarkdownRenderer> | undefined;

/**
 * Renders Markdown with the processor Astro builds from `astro.config.ts`
 * (`unified(markdownOptions)`, no syntax highlighting), so tests see exactly
 * the HTML an article body becomes on the site.
 */
export async function renderMarkdown(markdown: string): Promise<string> {
  renderer ??= unified(markdownOptions).createRenderer({ syntaxHighlight: false });
  return (await (await renderer).render(markdown)).code;
}
