import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';

import { markdownOptions } from '../../src/markdown/pipeline.ts';

// The site's pipeline, and the same pipeline with Astro's own always-on SmartyPants step instead of ours.
const ours = await createMarkdownProcessor({ ...markdownOptions, syntaxHighlight: false });
const astros = await createMarkdownProcessor({
  ...markdownOptions,
  smartypants: true,
  remarkPlugins: [],
  syntaxHighlight: false,
});

const render = async (processor: typeof ours, markdown: string) => (await processor.render(markdown)).code;

describe('smart punctuation', () => {
  it.each([
    ['He said "we will talk" -- then left...', '<p>He said “we will talk” — then left…</p>'],
    ["Abe's plan and the islands' future", '<p>Abe’s plan and the islands’ future</p>'],
    ["A ``quoted'' word", '<p>A “quoted” word</p>'],
    ['“New approach” to Russia’s occupation', '<p>“New approach” to Russia’s occupation</p>'],
    ['Plain text with no quotes at all.', '<p>Plain text with no quotes at all.</p>'],
  ])('renders %j as %s', async (markdown, html) => {
    expect(await render(ours, markdown)).toBe(html);
  });

  it.each([
    'Quotes "around [a link](https://example.org/)" and *"emphasis"*.',
    '# A "heading"\n\nText with \'single\' quotes, an ellipsis . . . and `code "kept"`.',
    'Typographic “quotes” only, and a table:\n\n| "a" | b |\n| --- | --- |\n| it\'s | -- |',
    'No punctuation to change here, [a link](https://example.org/) and **bold**.',
  ])('gives exactly what Astro’s own SmartyPants gives for %j', async (markdown) => {
    expect(await render(ours, markdown), 'skipping SmartyPants must never change the output').toBe(
      await render(astros, markdown),
    );
  });
});
