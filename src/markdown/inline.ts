import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';

import { sanitizeSchema } from './sanitize-schema.ts';

/**
 * One line of inline Markdown (a correction's text), through the same raw-HTML
 * parsing and sanitizer as article bodies, so `*name*` and `[link](https://…)`
 * work and `<script>` or `javascript:` never reach the page. Block syntax is
 * flattened: the paragraph wrapper is dropped, a heading or list keeps only
 * its inline content, so the result always fits inside a `<li>` or `<p>`.
 */
const processor = unified()
  .use(remarkParse)
  .use(remarkSmartypants)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, sanitizeSchema)
  .freeze();

const BLOCKS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'div',
  'table',
]);

function flatten(nodes: readonly ElementContent[], parent?: string): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of nodes) {
    if (node.type === 'element' && BLOCKS.has(node.tagName)) {
      if (out.length > 0) out.push({ type: 'text', value: ' ' });
      out.push(...flatten((node as Element).children, node.tagName));
    } else if (!(
      node.type === 'text' &&
      node.value.trim() === '' &&
      (parent === undefined || !/^(p|h\d|li)$/.test(parent))
    )) {
      // Whitespace between blocks is dropped (the space before each block stands for it); inside a paragraph it stays.
      out.push(node);
    }
  }
  return out;
}

function inlineTree(markdown: string): Root {
  const tree = processor.runSync(processor.parse(markdown)) as Root;
  return { type: 'root', children: flatten(tree.children as ElementContent[]) };
}

/** Safe inline HTML for a line of Markdown. */
export function renderInlineMarkdown(markdown: string): string {
  return toHtml(inlineTree(markdown)).trim();
}

/** The same line as plain text, for JSON-LD and citations. */
export function inlineMarkdownText(markdown: string): string {
  return toString(inlineTree(markdown)).replace(/\s+/g, ' ').trim();
}
