import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';

import { sanitizeSchema } from '../../src/markdown/sanitize-schema.ts';
import { ID_REFERENCE_ATTRIBUTES, scopedId, scopeIds, scopeIdsInTree } from '../../src/markdown/scope-ids.ts';
import { renderMarkdown } from '../support/markdown.ts';

/**
 * Scoping one article body's ids for the printed edition
 * (src/markdown/scope-ids.ts): every id and every in-page reference to it
 * gets the article's scope; links that lead anywhere else are left alone.
 * Each row runs through both implementations: `scopeIds` (the quick rewrite
 * of the string the page uses) and `scopeIdsInTree` (the parser-based one it
 * falls back to), which must build the same document.
 */

/** What the parser makes of the HTML, written out canonically: two strings that give the same document give the same. */
const canonical = (html: string) => toHtml(fromHtml(html, { fragment: true }));

/** The parser-based implementation, on a string. */
function scopedInTree(html: string, scope: string): string {
  const tree = fromHtml(html, { fragment: true });
  scopeIdsInTree(tree, scope);
  return toHtml(tree);
}

/** The footnote block the pipeline writes for `A claim[^1].\n\n[^1]: The note.` (as on the site). */
const FOOTNOTE = [
  '<p>A claim.<sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref="" aria-describedby="user-content-footnote-label">1</a></sup></p>',
  '<section data-footnotes="" class="footnotes"><h2 class="sr-only" id="user-content-footnote-label">Notes</h2>',
  '<ol>',
  '<li id="user-content-fn-1">',
  '<p>The note. <a href="#user-content-fnref-1" data-footnote-backref="" aria-label="Back to reference 1" class="data-footnote-backref">↩</a></p>',
  '</li>',
  '</ol>',
  '</section>',
].join('\n');

const CASES: [name: string, html: string, scoped: string][] = [
  [
    'a footnote: reference, note, back-reference and the notes label',
    FOOTNOTE,
    FOOTNOTE.replaceAll('user-content-', 'user-content-2-'),
  ],
  [
    'a heading and a link to it',
    '<h2 id="user-content-what-next">What next</h2>\n<p><a href="#user-content-what-next">See</a></p>',
    '<h2 id="user-content-2-what-next">What next</h2>\n<p><a href="#user-content-2-what-next">See</a></p>',
  ],
  [
    'a link to a non-ASCII heading, its escapes kept as written',
    '<h2 id="user-content-café">Café</h2><a href="#user-content-caf%C3%A9">x</a><a href="#user-content-café">y</a>',
    '<h2 id="user-content-2-café">Café</h2><a href="#user-content-2-caf%C3%A9">x</a><a href="#user-content-2-café">y</a>',
  ],
  [
    'an escaped prefix (decodes to an owned id): written out afresh',
    '<p id="user-content-x"></p><a href="#user%2Dcontent-x">x</a>',
    '<p id="user-content-2-x"></p><a href="#user-content-2-x">x</a>',
  ],
  [
    'external links, other pages and other sites, even with the same fragment: untouched',
    '<p id="user-content-fn-1"><a href="https://example.org/#user-content-fn-1">a</a> <a href="/articles/x/#user-content-fn-1">b</a> <a href="?q#user-content-fn-1">c</a> <a href="mailto:a@example.org">d</a></p>',
    '<p id="user-content-2-fn-1"><a href="https://example.org/#user-content-fn-1">a</a> <a href="/articles/x/#user-content-fn-1">b</a> <a href="?q#user-content-fn-1">c</a> <a href="mailto:a@example.org">d</a></p>',
  ],
  [
    'a link to an id the body does not have (the page, another article, a typo): untouched',
    '<p id="user-content-fn-1"><a href="#main">a</a> <a href="#user-content-fn-2">b</a> <a href="#">c</a> <a href="#top">d</a></p>',
    '<p id="user-content-2-fn-1"><a href="#main">a</a> <a href="#user-content-fn-2">b</a> <a href="#">c</a> <a href="#top">d</a></p>',
  ],
  [
    'a list of ids: owned ones scoped, the others kept, spacing kept',
    '<p id="user-content-a"></p><ul aria-describedby="user-content-a  main\tuser-content-a"></ul>',
    '<p id="user-content-2-a"></p><ul aria-describedby="user-content-2-a  main\tuser-content-2-a"></ul>',
  ],
  [
    'a table: headers names its header cells, aria-labelledby its caption',
    '<table aria-labelledby="user-content-cap"><caption id="user-content-cap">C</caption><tbody><tr><th id="user-content-h">H</th><td headers="user-content-h h">1</td></tr></tbody></table>',
    '<table aria-labelledby="user-content-2-cap"><caption id="user-content-2-cap">C</caption><tbody><tr><th id="user-content-2-h">H</th><td headers="user-content-2-h h">1</td></tr></tbody></table>',
  ],
  ...Object.keys(ID_REFERENCE_ATTRIBUTES).map((attribute): [string, string, string] => [
    `${attribute} naming an owned id`,
    `<span id="user-content-x"></span><span ${attribute}="user-content-x"></span>`,
    `<span id="user-content-2-x"></span><span ${attribute}="user-content-2-x"></span>`,
  ]),
  [
    'an id without the sanitizer’s prefix (not from the pipeline)',
    '<p id="x"><a href="#x">x</a></p>',
    '<p id="2-x"><a href="#2-x">x</a></p>',
  ],
  [
    'a body without ids: unchanged, its fragment links too',
    '<p>Plain <a href="#user-content-fn-1">text</a>.</p>\n<h2>No id</h2>',
    '<p>Plain <a href="#user-content-fn-1">text</a>.</p>\n<h2>No id</h2>',
  ],
  [
    'text that reads like attributes, and > inside a quoted value',
    '<p id="user-content-a" title="a > b">id="user-content-a" href="#user-content-a"</p>',
    '<p id="user-content-2-a" title="a > b">id="user-content-a" href="#user-content-a"</p>',
  ],
  [
    'unquoted, single-quoted and upper-case attributes',
    "<P ID=user-content-a><A HREF='#user-content-a'>x</A></P>",
    "<P ID=user-content-2-a><A HREF='#user-content-2-a'>x</A></P>",
  ],
  [
    'a repeated attribute: the first is the id, the second is ignored as the parser ignores it',
    '<p id="user-content-a" id="user-content-b"><a href="#user-content-b">x</a></p>',
    '<p id="user-content-2-a" id="user-content-b"><a href="#user-content-b">x</a></p>',
  ],
];

/** Rows the quick rewrite hands to the parser: the output is the parser's, written out afresh. */
const FALLBACK_CASES: [name: string, html: string, scoped: string][] = [
  [
    'a character reference in an id',
    '<p id="user-content-a&#x26;b"><a href="#user-content-a%26b">x</a></p>',
    '<p id="user-content-2-a&#x26;b"><a href="#user-content-2-a%26b">x</a></p>',
  ],
  [
    'a fragment link spelled with a character reference',
    '<p id="user-content-a"><a href="&#x23;user-content-a">x</a></p>',
    '<p id="user-content-2-a"><a href="#user-content-2-a">x</a></p>',
  ],
  [
    'markup-like text in a script (raw text, not tags)',
    '<p id="user-content-a"></p><script>"<a href=\'#user-content-a\'>"</script>',
    '<p id="user-content-2-a"></p><script>"<a href=\'#user-content-a\'>"</script>',
  ],
  [
    'a comment',
    '<!-- <p id="user-content-a"> --><p id="user-content-b"></p>',
    '<!-- <p id="user-content-a"> --><p id="user-content-2-b"></p>',
  ],
  [
    'an id with no value (and `#`, which means the top of the page, never an empty id)',
    '<p id></p><a href="#">x</a>',
    '<p id="2-"></p><a href="#">x</a>',
  ],
];

describe('scopeIds', () => {
  it.each(CASES)('%s', (_name, html, scoped) => {
    expect(scopeIds(html, '2'), 'the quick rewrite').toBe(scoped);
    expect(canonical(scopeIds(html, '2')), 'the same document as the parser-based rewrite').toBe(
      scopedInTree(html, '2'),
    );
  });

  it.each(FALLBACK_CASES)('%s', (_name, html, scoped) => {
    expect(canonical(scopeIds(html, '2')), 'the document').toBe(canonical(scoped));
    expect(scopeIds(html, '2'), 'the same as the parser-based rewrite').toBe(scopedInTree(html, '2'));
  });

  it('refuses a scope that could make two articles’ ids meet', () => {
    for (const scope of ['', '1-2', 'a b', '#1']) {
      expect(() => scopeIds('<p id="x"></p>', scope), JSON.stringify(scope)).toThrow(/id scope/);
    }
  });

  it('never gives two articles the same id, whatever their ids', () => {
    const scope = fc.stringMatching(/^[A-Za-z0-9_]{1,4}$/);
    fc.assert(
      fc.property(fc.string(), fc.string(), scope, scope, (a, b, first, second) => {
        fc.pre(first !== second);
        const prefixed = (id: string) => `user-content-${id}`;
        for (const [x, y] of [
          [a, b],
          [prefixed(a), prefixed(b)],
          [prefixed(a), b],
          [a, prefixed(b)],
        ] as const) {
          expect(scopedId(x, first)).not.toBe(scopedId(y, second));
        }
      }),
    );
  });

  it('covers every attribute the sanitizer keeps that can name an id', () => {
    const handled = new Set<string>(['id', 'href', ...Object.values(ID_REFERENCE_ATTRIBUTES)]);
    // Checked one by one: none of these names an element by id.
    const notReferences = new Set([
      'align',
      'alt',
      'ariaLabel',
      'cite',
      'className',
      'colSpan',
      'dataFootnoteBackref',
      'dataFootnoteRef',
      'dataFootnotes',
      'dateTime',
      'decoding',
      'dir',
      'height',
      'hrefLang',
      'lang',
      'loading',
      'open',
      'reversed',
      'rowSpan',
      'scope',
      'src',
      'start',
      'title',
      'type',
      'width',
    ]);
    const allowed = new Set(
      Object.values(sanitizeSchema.attributes ?? {}).flatMap((list) =>
        (list ?? []).map((entry) => (Array.isArray(entry) ? String(entry[0]) : String(entry))),
      ),
    );
    const unclassified = [...allowed].filter((name) => !handled.has(name) && !notReferences.has(name));
    expect(
      unclassified,
      'attributes the sanitize schema allows that neither scopeIds handles nor this test lists as not naming an id',
    ).toEqual([]);
  });
});

describe('scopeIds on what the Markdown pipeline writes', () => {
  const FIXTURES = join(process.cwd(), 'tests/fixtures');
  const files = readdirSync(FIXTURES, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name));

  it('rewrites the fixture articles as the parser-based rewrite does, byte for byte', async () => {
    expect(files.length, 'fixture articles found').toBeGreaterThan(10);
    for (const file of files) {
      const body = readFileSync(file, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      const html = await renderMarkdown(body);
      expect(scopeIds(html, '7'), file).toBe(scopedInTree(html, '7'));
    }
  });

  const word = fc.constantFrom('Tokyo', 'talks', 'Café', 'note', '北方領土', 'a&b', 'x"y', '<i>', '🇯🇵');
  const words = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
  const id = fc.constantFrom('fn-1', 'note', 'café', 'a&amp;b', 'x y', 'main', 'user-content-fn-1');
  const block = fc.oneof(
    words,
    words.map((w) => `## ${w}`),
    fc.constantFrom('A claim[^1].\n\n[^1]: The note.', 'Two[^a] notes[^b].\n\n[^a]: A.\n\n[^b]: B.'),
    words.map((w) => `[${w}](#${encodeURIComponent(w.toLowerCase().replaceAll(' ', '-'))})`),
    id.map((i) => `<a id="${i}">anchor</a> and <a href="#${i}">link</a>`),
    id.map((i) => `<a href="#${encodeURIComponent(i)}">escaped link</a>`),
    id.map((i) => `<table><tr><th id="${i}">H</th><td headers="${i} other">1</td></tr></table>`),
    id.map((i) => `<ol aria-labelledby="${i}"><li>x</li></ol>`),
    fc.constantFrom('<!-- a comment -->', '<script>"<a id=x>"</script>', 'a < b & c > d'),
  );

  it('rewrites any pipeline output as the parser-based rewrite does, and keeps each link on its own target', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 8 }), async (blocks) => {
        const html = await renderMarkdown(blocks.join('\n\n'));
        const scoped = scopeIds(html, '3');
        expect(scoped, 'the quick rewrite and the parser-based one agree').toBe(scopedInTree(html, '3'));
        const before = targets(html);
        const after = targets(scoped);
        expect(after.map(([, target]) => target)).toEqual(
          before.map(([, target]) => (target === undefined ? undefined : scopedId(target, '3'))),
        );
      }),
      { numRuns: 150 },
    );
  });
});

/** Each fragment link of `html` with the id it leads to (as written, then decoded), or undefined. */
function targets(html: string): [string, string | undefined][] {
  const ids = new Set<string>();
  const links: string[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (node: Element) => {
    const { id, href } = node.properties;
    if (typeof id === 'string') ids.add(id);
    if (typeof href === 'string' && href.startsWith('#')) links.push(href);
  });
  return links.map((href) => {
    const raw = href.slice(1);
    let decoded: string | undefined;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      decoded = undefined;
    }
    if (raw === '') return [href, undefined];
    return [href, ids.has(raw) ? raw : decoded !== undefined && ids.has(decoded) ? decoded : undefined];
  });
}
