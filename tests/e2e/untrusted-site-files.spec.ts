import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test } from '@playwright/test';
import yaml from 'js-yaml';

import { documentTitle } from '../../src/lib/metadata.ts';
import { checkSite, urlScheme } from '../../src/security/html-safety.ts';
import { fixtureSite } from '../support/fixture-sites.ts';
import { attr, byClass, byTag, type Element, findAll, readPage, text } from '../support/html.ts';

/**
 * The untrusted-content fixture site (tests/fixtures/untrusted-site): hostile
 * Markdown, markup in every frontmatter field and a Unicode article, built
 * once by the global setup with the real `npm run build` and the project's
 * own config (SITE_URL http://untrusted.test, BASE_PATH /), then read back
 * here with a real HTML parser. tests/e2e/untrusted-content.spec.ts opens the
 * same build in a browser.
 */

const FIXTURES = 'tests/fixtures/untrusted-site/articles';
let out = '';
let buildLog = '';

test.beforeAll(() => {
  const site = fixtureSite('untrusted');
  out = site.dir;
  buildLog = site.log;
});

const built = (path: string) => readPage(join(out, path, 'index.html'));
const content = (path: string) => byClass(built(path), 'prose')[0]!;
const frontmatter = (file: string) =>
  yaml.load(readFileSync(join(FIXTURES, file), 'utf8').split(/^---$/m)[1]!) as Record<string, unknown> & {
    title: string;
    dek: string;
    tags: string[];
    author?: string;
    section?: string;
    source: { name: string };
    via?: { name: string };
  };

function builtPages(dir = out): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'));
}

test.describe('the untrusted-content fixture site', () => {
  test('builds with the real build, safety check included', () => {
    // A failed build fails fixtureSite() above with the build's output.
    expect(readFileSync(buildLog, 'utf8')).toContain('every built page passed the safety check');
  });

  test('passes the HTML safety check on every page (parse5: scripts, handlers, URLs, elements, styles, ids, fragments)', () => {
    expect(builtPages().length, 'nine articles, their topics, home, topics index and 404').toBeGreaterThan(20);
    expect(checkSite(out, { base: '/' }), 'errors and warnings').toEqual([]);
  });

  test('leaks no text from inside a <script> or <style> anywhere', () => {
    for (const file of builtPages()) {
      const html = readFileSync(join(out, file), 'utf8');
      expect(html, `${file} shows script source`).not.toContain('LEAKED-SCRIPT-TEXT');
      expect(html, `${file} shows style text`).not.toContain('LEAKED-STYLE-TEXT');
    }
  });

  for (const file of readdirSync(FIXTURES).filter((name) => name.startsWith('hostile-'))) {
    test(`keeps the readable text of ${file} around the removed vectors`, () => {
      const body = readFileSync(join(FIXTURES, file), 'utf8').split(/^---$/m)[2]!;
      const firstSentence = body.trim().split('\n')[0]!.split('. ')[0]!;
      const shown = text(content(`articles/${file.replace(/\.md$/, '')}`));
      expect(shown, `the opening sentence of ${file}`).toContain(firstSentence.replaceAll('`', ''));
    });
  }

  test('keeps http, https, mailto and relative links, and no other', () => {
    const hrefs = byTag(content('articles/hostile-urls'), 'a').flatMap((a) => attr(a, 'href') ?? []);
    // Built at BASE_PATH /, so the site's own links start at the root.
    expect(hrefs).toEqual(
      expect.arrayContaining([
        'https://example.org/news',
        'http://example.org/plain',
        '/topics/',
        'mailto:desk@example.org',
        'https://example.org/autolink',
      ]),
    );
    // Read as a browser reads them: `&#106avascript:…` (no semicolon, so never decoded) is a relative path.
    for (const href of hrefs) expect(['http:', 'https:', 'mailto:'], `${href} survived`).toContain(urlScheme(href));
  });

  test('prefixes every clobbering id and drops names', () => {
    const body = content('articles/hostile-dom-clobbering');
    const ids = findAll(body, (element) => attr(element, 'id') !== undefined).map((element) => attr(element, 'id'));
    expect(ids).toEqual(expect.arrayContaining(['user-content-location', 'user-content-cookie']));
    for (const id of ids) expect(id).toMatch(/^user-content-/);
    expect(findAll(body, (element) => attr(element, 'name') !== undefined)).toEqual([]);
    const link = findAll(body, (element) => text(element) === 'this link')[0]!;
    expect(attr(link, 'href'), 'the in-page link follows the prefix').toBe('#user-content-location');
  });
});

test.describe('benign Markdown survives the sanitizer', () => {
  const body = () => content('articles/benign-markdown');
  const has = (tag: string, match: (element: Element) => boolean = () => true) =>
    findAll(body(), (element) => element.tagName === tag && match(element)).length;

  for (const [name, tag] of [
    ['emphasis', 'em'],
    ['strong', 'strong'],
    ['strikethrough', 'del'],
    ['second-level headings (a # heading is demoted)', 'h2'],
    ['third-level headings', 'h3'],
    ['unordered lists', 'ul'],
    ['ordered lists', 'ol'],
    ['tables', 'table'],
    ['blockquotes', 'blockquote'],
    ['code blocks', 'pre'],
    ['superscript', 'sup'],
    ['subscript', 'sub'],
    ['keyboard keys', 'kbd'],
    ['highlights', 'mark'],
    ['details and summary', 'summary'],
    ['definition lists', 'dl'],
    ['figures with captions', 'figcaption'],
    ['horizontal rules', 'hr'],
  ] as const) {
    test(name, () => {
      expect(has(tag), `<${tag}> in the benign article`).toBeGreaterThan(0);
    });
  }

  test('keeps attributes that carry meaning: alignment, language, alt, title', () => {
    expect(has('th', (th) => attr(th, 'align') === 'right')).toBe(1);
    expect(has('code', (code) => attr(code, 'class') === 'language-js')).toBe(1);
    expect(has('img', (img) => attr(img, 'alt') === "The site's icon, an image with alt text")).toBe(1);
    expect(has('abbr', (abbr) => attr(abbr, 'title') === 'Liberal Democratic Party')).toBe(1);
    expect(has('img', (img) => attr(img, 'src') === 'https://example.org/picture.jpg')).toBe(1);
  });

  test('shows code as text, never as markup', () => {
    const code = byTag(body(), 'code').find((element) => attr(element, 'class') === 'language-js')!;
    expect(text(code)).toContain('<script>alert(1)</script>');
  });

  test('links footnotes both ways, every fragment resolving on the page', () => {
    const doc = built('articles/benign-markdown');
    const ids = new Set(findAll(doc, (element) => attr(element, 'id') !== undefined).map((e) => attr(e, 'id')));
    const fragments = findAll(doc, (element) => element.tagName === 'a' && !!attr(element, 'href')?.startsWith('#'));
    const footnoteLinks = fragments.filter((a) => attr(a, 'href')!.includes('fn'));
    expect(footnoteLinks.length, '3 references and 3 back links').toBe(6);
    for (const a of fragments) {
      const target = decodeURIComponent(attr(a, 'href')!.slice(1));
      expect([...ids], `${attr(a, 'href')} has a target`).toContain(target);
    }
  });
});

test.describe('frontmatter is text, never markup', () => {
  const data = frontmatter('frontmatter-markup.md');
  const doc = () => built('articles/frontmatter-markup');

  test('shows the title, dek, byline, source and tags exactly as written', () => {
    expect(text(byTag(doc(), 'h1')[0]!)).toBe(data.title);
    // Long titles are shortened at a word for <title> (search results cut them anyway); the text stays literal.
    expect(text(byTag(doc(), 'title')[0]!)).toBe(documentTitle(data.title, 'News Reader'));
    const description = findAll(doc(), (e) => e.tagName === 'meta' && attr(e, 'name') === 'description')[0]!;
    expect(attr(description, 'content')).toBe(data.dek);
    // The dek's "İ" is two characters lower-cased. In the page's head, before its inline style (and then its inline
    // script), it once moved where the policy trimming (src/security/page-policy.ts) read them: their hashes were
    // dropped, and the page check refused the page, failing the build.
    expect(text(byClass(doc(), 'dek')[0]!)).toBe(data.dek);
    expect(text(byClass(doc(), 'byline')[0]!)).toContain(data.author);
    const links = byTag(doc(), 'a').map(text);
    expect(links).toContain(data.source.name);
    expect(links).toContain(data.via!.name);
    for (const tag of data.tags) expect(links, `tag ${tag} shown as written`).toContain(tag);
  });

  test('creates no element from any of it, on the article, home and topic pages', () => {
    for (const path of ['articles/frontmatter-markup', '', 'topics/hostile-markdown', 'topics']) {
      const doc = built(path);
      // The site's own scripts are not made from frontmatter: bundled under _astro/, the JSON-LD data
      // block, or inline code whose hash the page's CSP lists (the printed edition's Print bar). Nor is the topic
      // page's coverage chart, the one <svg> the site draws (described by its own summary).
      const csp = attr(findAll(doc, (e) => attr(e, 'http-equiv') === 'content-security-policy')[0]!, 'content') ?? '';
      const hashed = (e: Element) => csp.includes(`'sha256-${createHash('sha256').update(text(e)).digest('base64')}'`);
      const ownScript = (e: Element) =>
        e.tagName === 'script' &&
        (attr(e, 'type') === 'application/ld+json' || /\/_astro\//.test(attr(e, 'src') ?? '') || hashed(e));
      const ownChart = (e: Element) => e.tagName === 'svg' && attr(e, 'aria-describedby') === 'coverage-summary';
      const made = findAll(
        doc,
        (e) => ['b', 'img', 'svg', 'iframe', 'script'].includes(e.tagName) && !ownScript(e) && !ownChart(e),
      );
      expect(
        made.map((e) => e.tagName),
        `elements on /${path}`,
      ).toEqual([]);
    }
  });

  test('keeps the source URL with its query intact', () => {
    // The outlet's name links to its /sources/ page; "original" links to the address the entry gives.
    const source = byTag(doc(), 'a').find((a) => attr(a, 'class') === 'original')!;
    expect(attr(source, 'href')).toBe('https://wire.example/?a=1&b=<2>');
  });
});

test.describe('Unicode survives end to end', () => {
  const data = frontmatter('北方領土-交渉.md');
  const doc = () => built('articles/北方領土-交渉');

  test('publishes the article at a readable Japanese slug', () => {
    expect(builtPages()).toContain(join('articles', '北方領土-交渉', 'index.html'));
  });

  test('shows the Japanese title, emoji and right-to-left text unchanged', () => {
    expect(text(byTag(doc(), 'h1')[0]!)).toBe(data.title);
    // The dek's "İ" is two characters lower-cased. In the page's head, before its inline style (and then its inline
    // script), it once moved where the policy trimming (src/security/page-policy.ts) read them: their hashes were
    // dropped, and the page check refused the page, failing the build.
    expect(text(byClass(doc(), 'dek')[0]!)).toBe(data.dek);
    expect(attr(byTag(doc(), 'html')[0]!, 'lang')).toBe('ja');
    const body = text(content('articles/北方領土-交渉'));
    expect(body).toContain('「新しいアプローチ」は、歴史認識の違いに触れずに具体的な解決策を話し合うものだ。🗾');
    expect(body).toContain('👍🏽 👨‍👩‍👧 🏳️‍🌈');
    const rtl = findAll(doc(), (e) => attr(e, 'dir') === 'rtl').map((e) => [attr(e, 'lang'), text(e)]);
    expect(rtl).toEqual([
      ['ar', 'تبدأ المفاوضات الرسمية في يونيو.'],
      ['he', 'המשא ומתן הרשמי יתחיל ביוני.'],
    ]);
  });

  test('gives every tag a readable, unique topic page', () => {
    // Built at BASE_PATH /, so topic pages sit at /topics/<slug>/.
    const expected = ['北方領土', '日露関係', 'japan', 'العلاقات-الدولية'];
    const hrefs = data.tags.map((tag) => {
      const link = byTag(doc(), 'a').find((a) => text(a) === tag)!;
      return decodeURIComponent(attr(link, 'href')!);
    });
    expect(hrefs).toEqual(expected.map((slug) => `/topics/${slug}/`));
    for (const [i, slug] of expected.entries()) {
      expect(text(byTag(built(`topics/${slug}`), 'h1')[0]!), `topic page for ${slug}`).toBe(data.tags[i]);
    }
  });
});
