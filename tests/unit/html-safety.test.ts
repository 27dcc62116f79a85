import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  checkArticleHtml,
  checkPage,
  inspectFile,
  inspectPage,
  missingAssets,
  urlScheme,
} from '../../src/security/html-safety.ts';

/**
 * The build's last gate must catch each thing it is there to catch; these
 * cases prove every rule can fail, on pages shaped like the site's own.
 */

const inlineScript = 'console.log("site")';
const hash = createHash('sha256').update(inlineScript).digest('base64');
const CSP = `script-src 'self' 'sha256-${hash}'; style-src 'self' 'sha256-abc='`;

function page({ head = '', body = '', content = '<p>Article text.</p>', csp = CSP } = {}) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="content-security-policy" content="${csp}"><title>t</title>${head}</head>
<body><a href="#main">Skip</a><main id="main"><article><h1 id="article-title">T</h1>
<div class="prose">${content}</div></article>${body}</main></body></html>`;
}

const check = (html: string) => checkPage(html, { base: '/', isArticle: true });

describe('checkPage passes', () => {
  it.each([
    ['a plain article page', page()],
    ['a bundled script', page({ body: '<script type="module" src="/_astro/page.abc.js"></script>' })],
    ['an inline script whose hash is in the CSP', page({ body: `<script>${inlineScript}</script>` })],
    ['JSON-LD data', page({ head: '<script type="application/ld+json">{"@type":"NewsArticle"}</script>' })],
    [
      'safe links and ids in content',
      page({
        content:
          '<p><a href="https://x.org">x</a> <a href="/a">a</a> <a href="mailto:a@b.c">m</a> <a href="#user-content-n">n</a></p><h2 id="user-content-n">N</h2>',
      }),
    ],
    ['a link to the top', page({ content: '<p>x <a href="#">top</a> <a href="#top">top</a></p>' })],
    [
      'a Unicode fragment',
      page({ content: '<h2 id="user-content-交渉">交渉</h2><p><a href="#user-content-%E4%BA%A4%E6%B8%89">x</a></p>' }),
    ],
    ['an article of just an image', page({ content: '<p><img src="/a.png" alt="a"></p>' })],
  ])('%s', (_name, html) => {
    expect(check(html)).toEqual([]);
  });
});

describe('checkPage fails', () => {
  it.each([
    [
      'no CSP',
      page({ csp: '' }).replace(/<meta http-equiv[^>]+>/, ''),
      'has 0 Content-Security-Policy meta tags, expected 1',
    ],
    [
      'unsafe-inline scripts',
      page({ csp: "script-src 'self' 'unsafe-inline'; style-src 'self'" }),
      "CSP script-src allows 'unsafe-inline'",
    ],
    [
      'unsafe-eval',
      page({ csp: "script-src 'self' 'unsafe-eval'; style-src 'self'" }),
      "CSP script-src allows 'unsafe-eval'",
    ],
    [
      'unsafe-inline styles',
      page({ csp: "script-src 'self'; style-src 'unsafe-inline'" }),
      "CSP style-src allows 'unsafe-inline'",
    ],
    [
      'a script in content',
      page({ content: '<p>x</p><script>alert(1)</script>' }),
      '<script> is not allowed in article content',
    ],
    [
      'an unhashed inline script',
      page({ body: '<script>alert(1)</script>' }),
      "inline <script> whose hash is not in the page's CSP",
    ],
    [
      'a foreign script',
      page({ head: '<script src="https://evil.example/x.js"></script>' }),
      'was not bundled by the site',
    ],
    [
      'JSON-LD broken out of',
      page({ head: '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>' }),
      'does not hold valid JSON',
    ],
    [
      'an event handler in content',
      page({ content: '<p><img src="/a.png" alt="" onerror="alert(1)"></p>' }),
      'has event handler onerror in article content',
    ],
    ['an event handler in the site', page({ body: '<button onclick="go()">x</button>' }), 'has event handler onclick'],
    ['a javascript: link', page({ content: '<p><a href="javascript:alert(1)">x</a></p>' }), 'href uses javascript:'],
    [
      'a tab in javascript:',
      page({ content: '<p><a href="java&#x09;script:alert(1)">x</a></p>' }),
      'href uses javascript:',
    ],
    ['a data: image', page({ content: '<p><img src="data:image/svg+xml,x" alt=""></p>' }), 'src uses data:'],
    ['a file: link', page({ content: '<p><a href="file:///etc/passwd">x</a></p>' }), 'href uses file:'],
    ['a vbscript: cite', page({ content: '<blockquote cite="vbscript:x">q</blockquote>' }), 'cite uses vbscript:'],
    [
      'a javascript: srcset',
      page({ content: '<p><img srcset="/a.png 1x, javascript:alert(1) 2x" alt=""></p>' }),
      'srcset uses javascript:',
    ],
    [
      'a formaction',
      page({ body: '<form><button formaction="javascript:x">x</button></form>' }),
      'formaction uses javascript:',
    ],
    ['svg in content', page({ content: '<p>x</p><svg></svg>' }), '<svg> is not allowed in article content'],
    ['math in content', page({ content: '<p>x</p><math></math>' }), '<math> is not allowed in article content'],
    ['a form in content', page({ content: '<p>x</p><form></form>' }), '<form> is not allowed in article content'],
    ['an iframe anywhere', page({ body: '<iframe srcdoc="x"></iframe>' }), '<iframe> is not allowed on any page'],
    ['srcdoc', page({ body: '<iframe srcdoc="x"></iframe>' }), 'has srcdoc'],
    ['an object', page({ body: '<object data="/x"></object>' }), '<object> is not allowed on any page'],
    ['an embed', page({ body: '<embed src="/x">' }), '<embed> is not allowed on any page'],
    ['a base', page({ head: '<base href="https://evil.example/">' }), '<base> is not allowed on any page'],
    [
      'meta refresh',
      page({ head: '<meta http-equiv="refresh" content="0;url=/x">' }),
      '<meta http-equiv="refresh"> navigates the reader away',
    ],
    ['a style element in the body', page({ body: '<style>main{display:none}</style>' }), '<style> outside <head>'],
    ['a link element in the body', page({ body: '<link rel="stylesheet" href="/x.css">' }), '<link> outside <head>'],
    [
      'a style attribute in content',
      page({ content: '<p style="color:red">x</p>' }),
      '<p> has a style attribute in article content',
    ],
    [
      'an unprefixed id in content',
      page({ content: '<p id="intro">x</p>' }),
      'id="intro" lacks the user-content- prefix',
    ],
    [
      'a name in content',
      page({ content: '<p><img name="x" src="/a.png" alt=""></p>' }),
      'name="x" lacks the user-content- prefix',
    ],
    [
      'a clobbering id anywhere',
      page({ body: '<div id="cookie"></div>' }),
      'id="cookie" would clobber a browser global',
    ],
    [
      'a clobbering name anywhere',
      page({ body: '<img name="location" src="/a.png" alt="">' }),
      'name="location" would clobber a browser global',
    ],
    ['a repeated id', page({ body: '<p id="x">a</p><p id="x">b</p>' }), 'id "x" is used 2 times'],
    ['an empty article body', page({ content: '  ' }), 'article content is empty'],
    [
      'an article page without its content container',
      page().replace('class="prose"', 'class="body"'),
      'has 0 article content containers',
    ],
    [
      "a <style> in a <template> in <head> (a template's content is a fragment apart, not in the head)",
      page({ head: '<template><style>p{}</style></template>' }),
      '<style> outside <head>',
    ],
    [
      'a <script> in a <template> in article content',
      page({ content: '<p>x</p><template><script>alert(1)</script></template>' }),
      '<script> is not allowed in article content',
    ],
    [
      'an unprefixed id in a <template> in article content',
      page({ content: '<p>x</p><template><p id="plain">y</p></template>' }),
      'id="plain" lacks the user-content- prefix in article content',
    ],
  ])('on %s', (_name, html, message) => {
    const problems = check(html);
    expect(
      problems.some((problem) => problem.includes(message)),
      `expected "${message}" among ${JSON.stringify(problems)}`,
    ).toBe(true);
  });
});

describe('checkPage warns, and does not fail,', () => {
  it('on an in-page link to a section the page does not have', () => {
    const html = page({ content: '<p><a href="#user-content-missing">x</a></p>' });
    expect(inspectPage(html, { base: '/', isArticle: true })).toEqual({
      errors: [],
      warnings: ['link to #user-content-missing has no matching id on the page'],
      assets: [],
    });
  });

  it('naming the file, beside any error on the same page', () => {
    const html = page({ content: '<p onclick="x"><a href="#user-content-missing">x</a></p>' });
    expect(inspectFile('articles/x/index.html', html, { base: '/' }).problems).toEqual([
      { file: 'articles/x/index.html', message: '<p> has event handler onclick in article content', severity: 'error' },
      {
        file: 'articles/x/index.html',
        message: 'link to #user-content-missing has no matching id on the page',
        severity: 'warning',
      },
    ]);
  });
});

describe('a printed edition (every article of a day on one page)', () => {
  const edition = (first: string, second: string) =>
    page({ content: first }).replace('</main>', `<article><div class="prose">${second}</div></article></main>`);
  const footnoted = '<p><a href="#user-content-fn-1">1</a></p><p id="user-content-fn-1">Note.</p>';

  it('may hold one content container per article, where any other page holds at most one', () => {
    const html = edition('<p>First.</p>', '<p>Second.</p>');
    expect(inspectFile('editions/2016/05/12/print/index.html', html, { base: '/' }).problems).toEqual([]);
    expect(inspectFile('topics/x/index.html', html, { base: '/' }).problems.map((p) => p.message)).toEqual([
      'has 2 article content containers (.prose in <article>), expected at most 1',
    ]);
  });

  it("fails when two articles repeat an id (the edition scopes each body's ids, so a repeat is a bug), site ids too", () => {
    const file = 'editions/2016/05/12/print/index.html';
    expect(inspectFile(file, edition(footnoted, footnoted), { base: '/' }).problems).toEqual([
      { file, message: 'id "user-content-fn-1" is used 2 times', severity: 'error' },
    ]);
    const siteIds = edition('<p>x</p>', '<p>y</p>').replace('<h1 id="article-title">', '<h1 id="main">');
    expect(inspectFile(file, siteIds, { base: '/' }).problems).toContainEqual({
      file,
      message: 'id "main" is used 2 times',
      severity: 'error',
    });
  });
});

describe('checkArticleHtml (the rules for one rendered body)', () => {
  it('passes sanitized output and fails each kind of leak', () => {
    expect(checkArticleHtml('<p><a href="https://x.org" id="user-content-a">x</a></p>')).toEqual([]);
    expect(checkArticleHtml('<p onclick="x">x</p>')).toEqual(['<p> has event handler onclick in article content']);
    expect(checkArticleHtml('<p id="a">x</p><p id="a">y</p>')).toContain('id "a" is used 2 times');
  });
});

describe('urlScheme reads a URL as a browser does', () => {
  it.each([
    ['javascript:alert(1)', 'javascript:'],
    [' \t javascript:alert(1)', 'javascript:'],
    ['java\tscript:alert(1)', 'javascript:'],
    ['java\nscript:alert(1)', 'javascript:'],
    ['\u0001javascript:alert(1)', 'javascript:'],
    ['JAVASCRIPT:alert(1)', 'javascript:'],
    ['/relative', 'https:'],
    ['../up', 'https:'],
    ['//example.org/x', 'https:'],
    ['#fragment', 'https:'],
    ['mailto:a@example.org', 'mailto:'],
    ['\u2028javascript:alert(1)', 'https:'],
  ])('%j -> %s', (url, scheme) => {
    expect(urlScheme(url)).toBe(scheme);
  });
});

describe('the build’s own files a page names', () => {
  it('are its stylesheets, scripts and other files under the base’s _astro/, without query or fragment', () => {
    const html = page({
      head: '<link rel="stylesheet" href="/news/_astro/style.A1.css"><link rel="icon" href="/news/favicon.svg">',
      body:
        '<script type="module" src="/news/_astro/page.B2.js?v=1"></script>' +
        '<a href="/news/articles/x/">x</a><img src="/news/_astro/map.C3.png#x" alt="">',
    });
    expect(inspectPage(html, { base: '/news/', isArticle: true }).assets).toEqual([
      '_astro/map.C3.png',
      '_astro/page.B2.js',
      '_astro/style.A1.css',
    ]);
  });

  it('must be in the build: one error per missing file, on the first page naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'missing-assets-'));
    try {
      mkdirSync(join(dir, '_astro'));
      writeFileSync(join(dir, '_astro/style.new.css'), '');
      const assetsOf = new Map([
        ['topics/x/index.html', ['_astro/style.old.css']],
        ['articles/b/index.html', ['_astro/page.js', '_astro/style.old.css']],
        ['index.html', ['_astro/style.new.css']],
      ]);
      expect(missingAssets(dir, assetsOf)).toEqual([
        {
          file: 'articles/b/index.html',
          message: expect.stringMatching(
            /^names _astro\/style\.old\.css, which this build did not write \(and so does 1 other page\): .*Delete Astro's cache folder/,
          ),
          severity: 'error',
        },
        {
          file: 'articles/b/index.html',
          message: expect.stringMatching(/^names _astro\/page\.js, which this build did not write: /),
          severity: 'error',
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
