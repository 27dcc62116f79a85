import type { Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import { unified } from 'unified';

/**
 * How imported text is written as Markdown. Both importers (plain-text
 * captures and HTML pages) end here, so an entry reads the same whichever way
 * it came in.
 */
export const stringifyOptions: StringifyOptions = {
  bullet: '-',
  emphasis: '_',
  strong: '*',
  rule: '-',
  fences: true,
  // remark escapes only the `[` of a bracketed gloss; escaping the `]` too
  // keeps "[Prime Minister’s Official Residence]" symmetrical in the source,
  // as hand-written entries do, and still renders the brackets literally.
  unsafe: [{ character: ']', inConstruct: 'phrasing' }],
};

const stringifier = unified().use(remarkGfm).use(remarkStringify, stringifyOptions);

/** Markdown for an mdast tree, ending in one newline. */
export function toMarkdown(tree: Root): string {
  return stringifier.stringify(tree);
}

/**
 * Markdown for plain paragraphs whose text must stay literal: `*`, `#`,
 * `[`, `<`, a leading `1.` and the like are escaped, never read as syntax.
 */
export function paragraphsToMarkdown(paragraphs: readonly (string | readonly string[])[]): string {
  const children: RootContent[] = paragraphs.map((block) =>
    typeof block === 'string'
      ? { type: 'paragraph', children: [{ type: 'text', value: block }] }
      : {
          type: 'list',
          ordered: false,
          spread: false,
          children: block.map((item) => ({
            type: 'listItem',
            spread: false,
            children: [{ type: 'paragraph', children: [{ type: 'text', value: item }] }],
          })),
        },
  );
  return toMarkdown({ type: 'root', children });
}

/** Plain text of an mdast node: its text, inline code and the text of its links and emphasis. */
function plainText(node: Root | RootContent): string {
  if ('value' in node && (node.type === 'text' || node.type === 'inlineCode')) return node.value;
  if (node.type === 'break') return ' ';
  return 'children' in node ? node.children.map(plainText).join('') : '';
}

/** The text of the first paragraph of an mdast tree, whitespace tidied; `undefined` when it has none. */
export function firstParagraphText(tree: Root): string | undefined {
  const paragraph = tree.children.find((node) => node.type === 'paragraph');
  const text = paragraph && plainText(paragraph).replace(/\s+/g, ' ').trim();
  return text || undefined;
}
