import type { Element, Properties, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';

import { CLOBBER_PREFIX } from './sanitize-schema.ts';

/**
 * One article body's ids, scoped for a page that holds several bodies (the
 * printed edition of a day).
 *
 * Each body is rendered on its own, so two articles with a footnote both have
 * `id="user-content-fn-1"`, and a second article's `href="#user-content-fn-1"`
 * would lead to the first article's note. Scoping rewrites every id of one
 * body, and every in-page reference inside it to one of those ids, so that
 * the body keeps its own links:
 *
 * - `id="user-content-fn-1"` becomes `id="user-content-3-fn-1"` in scope `3`
 *   (the clobber prefix stays first, so the page check still sees article
 *   content ids as content ids);
 * - a fragment link `href="#user-content-fn-1"` becomes
 *   `href="#user-content-3-fn-1"`, percent-escapes kept as written;
 * - each id named in an id-reference attribute (`aria-describedby`,
 *   `aria-labelledby`, `headers`, ...: {@link ID_REFERENCE_ATTRIBUTES}) is
 *   rewritten the same way, the others in the list left as they are.
 *
 * A reference to an id the body does not have (`href="#main"`, a typo, the
 * note of another article) is left exactly as written: it means on the page
 * what it meant on the article's own page, where that body could not reach
 * another article's ids either. External links, and everything else in the
 * body, are untouched.
 *
 * Ids of different scopes never collide: a scoped id starts with the scope
 * and a `-` right after the prefix, and a scope has no `-` of its own.
 */

/**
 * Attributes whose value names elements by id (HTML and WAI-ARIA), each value
 * read as a space-separated list; with the name hast gives each one. Of these
 * the sanitizer (./sanitize-schema.ts) keeps `aria-describedby`,
 * `aria-labelledby` and `headers`; the rest are here so that a schema that
 * allows one more does not quietly break its links.
 */
export const ID_REFERENCE_ATTRIBUTES = {
  'aria-activedescendant': 'ariaActiveDescendant',
  'aria-controls': 'ariaControls',
  'aria-describedby': 'ariaDescribedBy',
  'aria-details': 'ariaDetails',
  'aria-errormessage': 'ariaErrorMessage',
  'aria-flowto': 'ariaFlowTo',
  'aria-labelledby': 'ariaLabelledBy',
  'aria-owns': 'ariaOwns',
  for: 'htmlFor',
  form: 'form',
  headers: 'headers',
  itemref: 'itemRef',
  list: 'list',
  popovertarget: 'popoverTarget',
} as const;

const SCOPE = /^[A-Za-z0-9_]+$/;

/** The id `id` becomes in `scope`: `user-content-fn-1` → `user-content-3-fn-1`; an id without the prefix, `3-x`. */
export function scopedId(id: string, scope: string): string {
  return id.startsWith(CLOBBER_PREFIX)
    ? `${CLOBBER_PREFIX}${scope}-${id.slice(CLOBBER_PREFIX.length)}`
    : `${scope}-${id}`;
}

/** `#caf%C3%A9` names the id `café`; a malformed escape names nothing but itself. */
function decodedFragment(fragment: string): string | undefined {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
}

/**
 * The scoped form of a fragment link (`#…`) when it leads to one of `owned`,
 * as a browser resolves it (the fragment as written, then percent-decoded);
 * otherwise undefined. Escapes are kept as written.
 */
function scopedHref(href: string, owned: ReadonlySet<string>, scope: string): string | undefined {
  const fragment = href.slice(1);
  // `#` alone is the top of the page, whatever ids there are.
  if (fragment === '') return undefined;
  if (owned.has(fragment)) return `#${scopedId(fragment, scope)}`;
  const decoded = decodedFragment(fragment);
  if (decoded === undefined || !owned.has(decoded)) return undefined;
  // The prefix and the scope need no escapes, so the scope goes in among the escapes as written.
  if (fragment.startsWith(CLOBBER_PREFIX) || !decoded.startsWith(CLOBBER_PREFIX))
    return `#${scopedId(fragment, scope)}`;
  // The prefix itself was escaped (`#user%2Dcontent-…`): write the scoped id out afresh.
  return `#${encodeURIComponent(scopedId(decoded, scope))}`;
}

/** Each owned id in a space-separated list, scoped; the rest of the value as written. */
function scopedIdList(value: string, owned: ReadonlySet<string>, scope: string): string {
  return value.replace(/[^\t\n\f\r ]+/g, (token) => (owned.has(token) ? scopedId(token, scope) : token));
}

function checkScope(scope: string): void {
  if (!SCOPE.test(scope)) throw new Error(`an id scope is letters, digits and _ only, got ${JSON.stringify(scope)}`);
}

/**
 * Scopes the ids of one body held as a hast tree, in place. This is the
 * reference behaviour; {@link scopeIds} does the same on a string.
 */
export function scopeIdsInTree(tree: Root, scope: string): void {
  checkScope(scope);
  const owned = new Set<string>();
  visit(tree, 'element', (node: Element) => {
    const id = node.properties['id'];
    if (typeof id === 'string') owned.add(id);
  });
  if (owned.size === 0) return;
  visit(tree, 'element', (node: Element) => {
    // Read as plain properties: hast types some of these names (`htmlFor`) more narrowly than one loop can.
    const properties: Record<string, Properties[string]> = node.properties;
    const id = properties['id'];
    if (typeof id === 'string') properties['id'] = scopedId(id, scope);
    const href = properties['href'];
    if (typeof href === 'string' && href.startsWith('#')) properties['href'] = scopedHref(href, owned, scope) ?? href;
    for (const property of Object.values(ID_REFERENCE_ATTRIBUTES)) {
      const value = properties[property];
      if (typeof value === 'string') properties[property] = scopedIdList(value, owned, scope);
      else if (Array.isArray(value)) properties[property] = value.map((v) => scopedIdList(String(v), owned, scope));
    }
  });
}

/**
 * One attribute of a start tag: its lowercased name and its value as written,
 * at `start`..`end` of the HTML; `start` is undefined when it has no value
 * (`<details open>`).
 */
interface RawAttribute {
  name: string;
  value: string;
  start: number | undefined;
  end: number;
}

/**
 * Elements the quick scan leaves to the parser: their content is not markup
 * (raw text, foreign content, templates), or the parser may move or drop
 * their attributes (`html`, `body`, a nested `form`). The sanitizer lets none
 * of them through.
 */
const PARSER_ONLY = new Set([
  'body',
  'form',
  'frame',
  'frameset',
  'head',
  'html',
  'iframe',
  'math',
  'noembed',
  'noframes',
  'noscript',
  'plaintext',
  'script',
  'style',
  'svg',
  'template',
  'textarea',
  'title',
  'xmp',
]);

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\f' || c === '\r';
const isLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/**
 * The start tags' attributes of `html`, read as the HTML tokenizer reads
 * them (a repeated attribute: the first counts), or undefined when the HTML
 * holds anything this short reader does not follow exactly: a comment, a
 * doctype or processing instruction, an element of {@link PARSER_ONLY}, a
 * tag cut off by the end of the input.
 */
function startTagAttributes(html: string): RawAttribute[] | undefined {
  const found: RawAttribute[] = [];
  let i = 0;
  for (;;) {
    i = html.indexOf('<', i);
    if (i === -1) return found;
    i += 1;
    const endTag = html[i] === '/';
    if (endTag) i += 1;
    if (!isLetter(html[i])) {
      // `<` before anything but a letter is text; `</x`, `<!`, `<?` start what this reader does not follow.
      if (endTag || html[i] === '!' || html[i] === '?') return undefined;
      continue;
    }
    const nameStart = i;
    while (i < html.length && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>') i += 1;
    const tagName = html.slice(nameStart, i).toLowerCase();
    if (!endTag && PARSER_ONLY.has(tagName)) return undefined;
    const seen = new Set<string>();
    for (;;) {
      while (isSpace(html[i]) || html[i] === '/') i += 1;
      if (i >= html.length) return undefined;
      if (html[i] === '>') break;
      const attrStart = i;
      i += 1; // The first character is part of the name, even `=`.
      while (i < html.length && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>' && html[i] !== '=') i += 1;
      const name = html.slice(attrStart, i).toLowerCase();
      while (isSpace(html[i])) i += 1;
      let start: number | undefined;
      let end = i;
      if (html[i] === '=') {
        i += 1;
        while (isSpace(html[i])) i += 1;
        const quote = html[i];
        if (quote === '"' || quote === "'") {
          start = i + 1;
          end = html.indexOf(quote, start);
          if (end === -1) return undefined;
          i = end + 1;
        } else {
          start = i;
          while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i += 1;
          end = i;
        }
      }
      if (i >= html.length) return undefined;
      if (endTag || seen.has(name)) continue;
      seen.add(name);
      found.push({ name, value: html.slice(start, end), start, end });
    }
    i += 1;
  }
}

/** Attributes that may hold an id or a reference to one (an `href` that is, or may decode to, a `#` link). */
const mayReference = ({ name, value }: RawAttribute) =>
  name === 'id' || name in ID_REFERENCE_ATTRIBUTES || (name === 'href' && (value[0] === '#' || value[0] === '&'));

/**
 * Scopes the ids of one rendered article body (see the top of this file).
 *
 * Bodies come from the Markdown pipeline's serializer, so the attributes are
 * rewritten in place in the string and every other byte is kept: parsing
 * each body into a tree and writing it out again cost about a millisecond
 * an article, ten seconds of a 10,000-article build. HTML this quick reader
 * does not follow exactly (an id or reference with a character reference, a
 * carriage return or no value at all, or anything
 * {@link startTagAttributes} declines) goes through the HTML parser and
 * {@link scopeIdsInTree} instead.
 */
export function scopeIds(html: string, scope: string): string {
  checkScope(scope);
  const relevant = startTagAttributes(html)?.filter(mayReference);
  if (!relevant || relevant.some(({ value, start }) => start === undefined || /[&\0\r]/.test(value))) {
    const tree = fromHtml(html, { fragment: true });
    scopeIdsInTree(tree, scope);
    return toHtml(tree);
  }
  const owned = new Set(relevant.filter(({ name }) => name === 'id').map(({ value }) => value));
  if (owned.size === 0) return html;
  let out = '';
  let at = 0;
  for (const { name, value, start, end } of relevant) {
    const scoped =
      name === 'id'
        ? scopedId(value, scope)
        : name === 'href'
          ? scopedHref(value, owned, scope)
          : scopedIdList(value, owned, scope);
    if (scoped === undefined || scoped === value || start === undefined) continue;
    out += html.slice(at, start) + scoped;
    at = end;
  }
  return out + html.slice(at);
}
