import GithubSlugger, { slug } from 'github-slugger';
import type { Element, Root } from 'hast';
import type { Html, Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import { toString } from 'hast-util-to-string';
import type { VFile } from 'vfile';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { EXIT, visit } from 'unist-util-visit';

import { countWords, minutesForWords } from '../lib/reading-time.ts';
import { CLOBBER_PREFIX } from './sanitize-schema.ts';
import { eachElement, eachNode } from './walk.ts';

const HEADING = /^h[1-6]$/;

/** Elements whose content the HTML parser reads as raw text, up to their end tag. */
const RAW_TEXT_TAG =
  /<(\/?)(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)(?=[\s/>])[^>]*>/gi;

/** Markdown nodes whose children are blocks (paragraphs, HTML blocks), not inline text. */
const BLOCK_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

/**
 * Reads raw HTML as the HTML parser's tokenizer would for these elements:
 * returns the raw-text element still open at the end of `html` (given the
 * one open at its start), or undefined. `plaintext` never closes.
 */
export function openRawTextElement(html: string, open?: string): string | undefined {
  for (const [, slash, name] of html.matchAll(RAW_TEXT_TAG)) {
    const tag = (name ?? '').toLowerCase();
    if (open === 'plaintext') return open;
    if (!open && !slash) open = tag;
    else if (open === tag && slash) open = undefined;
  }
  return open;
}

/**
 * Keeps `<style>`, `<script>` and the other raw-text elements in one piece,
 * ending where the writer's paragraph or HTML block ends, so the sanitizer
 * removes all of each and nothing else.
 *
 * Inside a paragraph, Markdown only reads the tags as raw HTML: the text
 * between them is still Markdown, so in `a <style>x{background:url(https://…)}
 * y</style>` the address becomes a link element. That element split the raw
 * text, the HTML parser closed the style element early, and the CSS after the
 * link showed up on the page as article text. So the raw HTML is handed over
 * exactly as written, from the opening tag to the closing one, as one piece.
 *
 * An element left open (`<style>` with no `</style>`) would make the HTML
 * parser read every later paragraph as its text and drop the rest of the
 * article, so it is closed at the end of its paragraph or block. (An unclosed
 * `<svg>` or `<math>` still takes the rest of the article with it, as it
 * would in a browser; the sanitizer then drops it all. Nothing runs either way.)
 */
export function remarkRawTextAsWritten() {
  return (tree: MdastRoot, file: { value: unknown }) => {
    const source = String(file.value ?? '');
    eachNode<MdastNodes>(tree, (node) => {
      if (!('children' in node)) return;
      const { children } = node;
      // Raw HTML among blocks is a whole HTML block already; only inline raw HTML comes in pieces.
      const inline = !BLOCK_PARENTS.has(node.type);
      for (let start = 0; start < children.length; start += 1) {
        const first = children[start];
        if (first?.type !== 'html') continue;
        let open = openRawTextElement(first.value);
        if (!open) continue;
        let end = start + 1;
        while (inline && open && end < children.length) {
          const sibling = children[end];
          end += 1;
          if (sibling?.type === 'html') open = openRawTextElement(sibling.value, open);
        }
        const last = children[end - 1] ?? first;
        const from = first.position?.start.offset;
        const to = last.position?.end.offset;
        // Without positions (text not from a file) the pieces can't be joined as written: close the first alone.
        if (from === undefined || to === undefined) end = start + 1;
        let value = from === undefined || to === undefined ? first.value : source.slice(from, to);
        if (open === 'plaintext') value = value.slice(0, value.search(/<plaintext/i));
        else if (open) value += `</${open}>`;
        const merged: Html = { type: 'html', value };
        if (first.position && last.position) merged.position = { start: first.position.start, end: last.position.end };
        children.splice(start, end - start, merged);
      }
    });
  };
}

/**
 * The page's headline is its only `<h1>`, so a `# Heading` (or raw `<h1>`) in
 * an article body becomes an `<h2>`.
 */
export function rehypeDemoteH1() {
  return (tree: Root) => {
    eachElement(tree, (node: Element) => {
      if (node.tagName === 'h1') node.tagName = 'h2';
    });
  };
}

/**
 * Gives every heading a slug id before sanitizing, so the sanitizer prefixes
 * it like every other id. Astro's own heading-id step runs after ours and keeps
 * an id that is already there; without this it would add unprefixed ids such
 * as `id="cookie"` for a heading that reads "Cookie".
 *
 * Ids already in the body (raw HTML, footnotes) are reserved first, so a
 * heading "Cookie" next to `<a id="cookie">` becomes `cookie-1` rather than a
 * second `cookie`.
 */
export function rehypeHeadingSlugs() {
  return (tree: Root) => {
    const slugger = new GithubSlugger();
    eachElement(tree, (node: Element) => {
      const id = node.properties['id'];
      if (typeof id === 'string') slugger.occurrences[id] = 0;
    });
    eachElement(tree, (node: Element) => {
      if (!HEADING.test(node.tagName) || typeof node.properties['id'] === 'string') return;
      // A heading of only emoji or punctuation slugs to nothing; Astro would then give it `id=""`.
      const text = toString(node);
      node.properties['id'] = slugger.slug(slug(text) ? text : 'section');
    });
  };
}

/**
 * An id names one element: raw HTML can repeat one (or reuse a footnote's),
 * which would leave in-page links pointing at whichever the browser picks.
 * The first element keeps the id; later ones lose it.
 */
export function rehypeUniqueIds() {
  return (tree: Root) => {
    const seen = new Set<string>();
    eachElement(tree, (node: Element) => {
      const id = node.properties['id'];
      if (typeof id !== 'string') return;
      if (seen.has(id)) delete node.properties['id'];
      else seen.add(id);
    });
  };
}

/** `#caf%C3%A9` names the id `café`; a malformed escape is taken as written instead of failing the build. */
function fragmentTarget(href: string): string {
  try {
    return decodeURIComponent(href.slice(1));
  } catch {
    return href.slice(1);
  }
}

/**
 * After sanitizing, every id carries the clobber prefix but in-page links
 * (`#fn-1`, `#some-heading`) do not. GitHub repairs these with JavaScript at
 * click time; a static page has to repair them at build time, so each fragment
 * link that names a prefixed id is rewritten to point at it.
 */
export function rehypeResolvePrefixedFragments() {
  return (tree: Root) => {
    const ids = new Set<string>();
    eachElement(tree, (node: Element) => {
      const id = node.properties['id'];
      if (typeof id === 'string') ids.add(id);
    });
    eachElement(tree, (node: Element) => {
      const href = node.properties['href'];
      if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return;
      const target = fragmentTarget(href);
      if (ids.has(target)) return;
      if (ids.has(CLOBBER_PREFIX + target)) node.properties['href'] = `#${CLOBBER_PREFIX}${encodeURIComponent(target)}`;
    });
  };
}

/** What SmartyPants rewrites: straight quotes, backticks, `--` and `...` (or `. . .`). */
const SMARTYPANTS_INPUT = /["'`]|--|\.\s*\.\s*\./;

/**
 * Smart quotes, dashes and ellipses (Astro's `smartypants` step, the same
 * `remark-smartypants`), run only on documents that have something for it to
 * change. It parses all of a document's text into a natural-language tree
 * twice, which was the largest single cost of a build (about 40% of the
 * Markdown time on a 1,000-article corpus); text captured from publishers'
 * pages already has typographic punctuation, and for it the output is the
 * same without that work.
 */
export function remarkSmartypantsWhenNeeded() {
  const smartypants = unified().use(remarkSmartypants);
  return (tree: MdastRoot) => {
    let needed = false;
    visit(tree, 'text', (node) => {
      if (!SMARTYPANTS_INPUT.test(node.value)) return undefined;
      needed = true;
      return EXIT;
    });
    if (needed) smartypants.runSync(tree);
  };
}

/**
 * Reading time, counted while the Markdown is parsed and handed to the page
 * as `render(entry).remarkPluginFrontmatter.minutes` (Astro's place for
 * values a remark plugin computes). Counting here rather than from
 * `entry.body` lets the collection drop the raw body (`retainBody: false`),
 * which was 40% of the content store a large build loads.
 */
export function remarkReadingTime() {
  return (tree: MdastRoot, file: VFile) => {
    let words = 0;
    eachNode<MdastNodes>(tree, (node) => {
      if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'html') words += countWords(node.value);
    });
    const astro = (file.data['astro'] ??= {}) as { frontmatter?: Record<string, unknown> };
    astro.frontmatter = { ...astro.frontmatter, minutes: minutesForWords(words) };
  };
}
