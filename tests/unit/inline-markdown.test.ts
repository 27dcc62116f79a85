import { describe, expect, it } from 'vitest';

import { inlineMarkdownText, renderInlineMarkdown } from '../../src/markdown/inline.ts';

describe('renderInlineMarkdown (correction texts)', () => {
  it.each([
    ['plain text, with smart quotes', 'The "summit" wasn\'t in July.', 'The “summit” wasn’t in July.'],
    [
      'emphasis and a link',
      'Read *June* [here](https://example.org/).',
      'Read <em>June</em> <a href="https://example.org/">here</a>.',
    ],
    ['a heading or list, flattened to inline text', '# Title\n\n- one\n- two', 'Title one two'],
  ])('%s', (_name, markdown, html) => {
    expect(renderInlineMarkdown(markdown)).toBe(html);
  });

  it.each([
    ['a script element', 'Fixed.<script>alert(1)</script>'],
    ['an event handler', 'Fixed <img src=x onerror=alert(1)>'],
    ['a javascript: link', 'See [this](javascript:alert(1)).'],
    ['raw HTML link', '<a href="javascript:alert(1)">this</a>'],
  ])('goes through the body sanitizer: %s', (_name, markdown) => {
    const html = renderInlineMarkdown(markdown);
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
  });
});

describe('inlineMarkdownText', () => {
  it('is the visible text alone, for JSON-LD', () => {
    expect(inlineMarkdownText('The talks start in *June*; see the [statement](https://example.org/).')).toBe(
      'The talks start in June; see the statement.',
    );
  });
});
