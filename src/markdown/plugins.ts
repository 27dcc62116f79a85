import GithubSlugger from 'github-slugger';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

import { CLOBBER_PREFIX } from './sanitize-schema.ts';

const HEADING = /^h[1-6]$/;

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
