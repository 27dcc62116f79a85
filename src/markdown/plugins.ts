import GithubSlugger from 'github-slugger';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import type { Root as MdastRoot } from 'mdast';
import type { VFile } from 'vfile';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { EXIT, visit } from 'unist-util-visit';

import { countWords, minutesForWords } from '../lib/reading-time.ts';
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
 */
export function rehypeHeadingSlugs() {
  return (tree: Root) => {
    const slugger = new GithubSlugger();
    visit(tree, 'element', (node: Element) => {
      if (!HEADING.test(node.tagName) || typeof node.properties['id'] === 'string') return;
      const slug = slugger.slug(toString(node));
      if (slug) node.properties['id'] = slug;
    });
  };
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
      const target = decodeURIComponent(href.slice(1));
      if (ids.has(target)) return;
      if (ids.has(CLOBBER_PREFIX + target)) node.properties['href'] = `#${CLOBBER_PREFIX}${target}`;
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
    visit(tree, (node) => {
      if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'html') words += countWords(node.value);
    });
    const astro = (file.data['astro'] ??= {}) as { frontmatter?: Record<string, unknown> };
    astro.frontmatter = { ...astro.frontmatter, minutes: minutesForWords(words) };
  };
}
