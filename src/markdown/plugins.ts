import GithubSlugger from 'github-slugger';
import type { Element, Root } from 'hast';
import type { Html, Parent, Root as MdastRoot } from 'mdast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

import { CLOBBER_PREFIX } from './sanitize-schema.ts';

const HEADING = /^h[1-6]$/;

/** Elements whose content the HTML parser reads as raw text, up to their end tag. */
const RAW_TEXT_OPEN = /^<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)(?=[\s/>])/i;

/**
 * Keeps an inline `<style>` or `<script>` in one piece, so the sanitizer
 * removes all of it.
 *
 * Inside a paragraph, Markdown only reads the tags as raw HTML: the text
 * between them is still Markdown, so in `a <style>x{background:url(https://…)}
 * y</style>` the address becomes a link element. That element splits the raw
 * text, the HTML parser closes the style element early, and the CSS after the
 * link showed up on the page as article text. A browser would read everything
 * up to `</style>` as the element's text, so this plugin hands the HTML
 * parser exactly what the writer wrote, from the opening tag to the closing
 * one (or the end of the paragraph), as one piece of raw HTML.
 */
export function remarkRawTextAsWritten() {
  return (tree: MdastRoot, file: { value: unknown }) => {
    const source = String(file.value ?? '');
    visit(tree, (node) => {
      if (!('children' in node)) return;
      const parent = node as Parent;
      for (let start = 0; start < parent.children.length; start += 1) {
        const open = parent.children[start]!;
        const tag = open.type === 'html' ? RAW_TEXT_OPEN.exec(open.value)?.[1] : undefined;
        if (!tag || new RegExp(`</${tag}\\s*>`, 'i').test(open.value)) continue;
        const close = new RegExp(`^</${tag}\\s*>$`, 'i');
        let end = start + 1;
        while (end < parent.children.length) {
          const sibling = parent.children[end]!;
          end += 1;
          if (sibling.type === 'html' && close.test(sibling.value.trim())) break;
        }
        const last = parent.children[end - 1]!;
        const from = open.position?.start.offset;
        const to = last.position?.end.offset;
        // Without positions (text not from a file) there is nothing exact to hand over; leave it.
        if (from === undefined || to === undefined || end === start + 1) continue;
        const merged: Html = {
          type: 'html',
          value: source.slice(from, to),
          position: { start: open.position!.start, end: last.position!.end },
        };
        parent.children.splice(start, end - start, merged);
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
    visit(tree, 'element', (node: Element) => {
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
    visit(tree, 'element', (node: Element) => {
      const id = node.properties['id'];
      if (typeof id === 'string') slugger.occurrences[id] = 0;
    });
    visit(tree, 'element', (node: Element) => {
      if (!HEADING.test(node.tagName) || typeof node.properties['id'] === 'string') return;
      const slug = slugger.slug(toString(node));
      if (slug) node.properties['id'] = slug;
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
    visit(tree, 'element', (node: Element) => {
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
    visit(tree, 'element', (node: Element) => {
      const id = node.properties['id'];
      if (typeof id === 'string') ids.add(id);
    });
    visit(tree, 'element', (node: Element) => {
      const href = node.properties['href'];
      if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return;
      const target = fragmentTarget(href);
      if (ids.has(target)) return;
      if (ids.has(CLOBBER_PREFIX + target)) node.properties['href'] = `#${CLOBBER_PREFIX}${encodeURIComponent(target)}`;
    });
  };
}
