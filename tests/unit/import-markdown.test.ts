import type { PhrasingContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';

import { paragraphsToMarkdown } from '../../src/import/markdown.ts';

const reader = unified().use(remarkParse).use(remarkGfm);

/**
 * What a reader sees of the Markdown: the paragraph's text, or what syntax it
 * was read as. Bare web addresses may become links (GFM autolinks, as on the
 * site): the words stay the same.
 */
function readBack(markdown: string): string {
  const tree = reader.parse(markdown);
  const [paragraph, ...others] = tree.children;
  if (paragraph?.type !== 'paragraph' || others.length > 0) {
    return `not one paragraph: ${tree.children.map((node) => node.type).join(', ')}`;
  }
  const visible = (nodes: PhrasingContent[]): string =>
    nodes
      .map((node) => {
        if (node.type === 'text') return node.value;
        if (node.type === 'link') return visible(node.children);
        return `<read as ${node.type}>`;
      })
      .join('');
  return visible(paragraph.children);
}

describe('captured text stays literal in the Markdown body', () => {
  it.each([
    'A Kantei [Prime Minister’s Official Residence] source',
    '# not a heading',
    '1986. A year to remember',
    '1) not a list',
    '- not a list',
    '+ not a list',
    '> not a quote',
    '---',
    'a * b * c and _under_ and **bold**',
    'Price: $5 & <script>alert(1)</script>',
    '&amp; is an entity',
    'see http://example.com and www.example.com',
    '~~not struck~~',
    'a `code` span and a back\\slash',
    '[^1] not a footnote',
    '![not](an-image.png)',
    '| not | a table |',
  ])('%s', (text) => {
    expect(readBack(paragraphsToMarkdown([text])), `"${text}" changed meaning in Markdown`).toBe(text);
  });

  it('writes the square brackets of a gloss as \\[...\\], like the committed Sankei entry', () => {
    expect(paragraphsToMarkdown(['A Kantei [Prime Minister’s Official Residence] source'])).toBe(
      'A Kantei \\[Prime Minister’s Official Residence\\] source\n',
    );
  });

  it('separates paragraphs with one blank line and writes lists with "-"', () => {
    expect(paragraphsToMarkdown(['One.', ['first', 'second'], 'Two.'])).toBe('One.\n\n- first\n- second\n\nTwo.\n');
  });
});
