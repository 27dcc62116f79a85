import { describe, expect, it } from 'vitest';

import { checkArticleHtml } from '../../src/security/html-safety.ts';
import { renderMarkdown } from '../support/markdown.ts';

/**
 * The Markdown pipeline on its own, vector by vector: what each hostile input
 * becomes, and what benign input must keep. The built-site test
 * (tests/e2e/untrusted-site-files.spec.ts) runs the same kinds of input through
 * the real Astro build.
 */

describe('the Markdown pipeline removes', () => {
  it.each([
    ['a script element', 'a <script>alert(1)</script> b', ['<p>a  b</p>'], ['script', 'alert']],
    ['a script block', '<script>\nalert(1)\n</script>', [], ['script', 'alert']],
    ['a split script', '<scr<script>ipt>alert(1)</scr</script>ipt>', [], ['<script']],
    ['an event handler', '<img src="/a.png" onerror="alert(1)" alt="a">', ['<img src="/a.png" alt="a">'], ['onerror']],
    ['ontoggle', '<details open ontoggle=alert(1)>x</details>', ['<details open>'], ['ontoggle']],
    ['a javascript: link', '[x](javascript:alert(1))', ['<a>x</a>'], ['javascript']],
    ['an entity-encoded javascript: link', '[x](&#x6A;avascript:alert(1))', ['<a>x</a>'], ['javascript']],
    ['a javascript: reference', '[x][r]\n\n[r]: JAVASCRIPT:alert(1)', ['<a>x</a>'], ['href']],
    ['a javascript: autolink', '<javascript:alert(1)>', ['<a>javascript:alert(1)</a>'], ['href']],
    ['a data: image', '![x](data:text/html,<script>alert(1)</script>)', [], ['data:', '<script']],
    ['a tab inside javascript:', '<a href="java&#x09;script:alert(1)">x</a>', ['<a>x</a>'], ['href']],
    ['a vbscript: link', '<a href="vbscript:msgbox(1)">x</a>', ['<a>x</a>'], ['href']],
    ['a file: link', '[x](file:///etc/passwd)', ['<a>x</a>'], ['href']],
    ['svg', '<svg onload=alert(1)><circle r=1 /></svg> after', ['after'], ['svg', 'onload']],
    ['math', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', [], ['math', 'javascript']],
    ['an iframe with srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', [], ['iframe', 'srcdoc']],
    ['a form with formaction', '<form><button formaction="javascript:alert(1)">x</button></form>', [], ['form']],
    ['base', '<base href="https://evil.example/">', [], ['base']],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example/">', [], ['meta']],
    ['a style block and its text', '<style>body{display:none} LEAK</style>', [], ['style', 'LEAK']],
    [
      'an inline style element whose CSS holds a URL',
      'a <style>x{background:url(https://e.example/)} LEAK</style> b',
      ['<p>a  b</p>'],
      ['LEAK', 'href'],
    ],
    ['a style attribute', '<p style="background:url(javascript:alert(1))">x</p>', ['<p>x</p>'], ['style']],
    // The payload survives only as the text of a title attribute, which a browser never parses as markup.
    [
      'the noscript mutation',
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
      ['<p title="</noscript><img src=x onerror=alert(1)>"></p>'],
      [],
    ],
  ])('%s', async (_name, markdown, present, absent) => {
    const html = await renderMarkdown(markdown);
    for (const text of present) expect(html, `output should contain ${text}`).toContain(text);
    for (const text of absent)
      expect(html.toLowerCase(), `output should not contain ${text}`).not.toContain(text.toLowerCase());
    expect(checkArticleHtml(html), 'the output passes the content safety rules').toEqual([]);
  });
});

describe('the Markdown pipeline keeps', () => {
  it.each([
    ['emphasis and strong', '*a* **b**', ['<em>a</em>', '<strong>b</strong>']],
    [
      'sup, sub and abbr',
      'H<sub>2</sub>O mc<sup>2</sup> <abbr title="x">X</abbr>',
      ['<sub>2</sub>', '<sup>2</sup>', '<abbr title="x">X</abbr>'],
    ],
    ['an https link', '[a](https://example.org/x?y=1)', ['<a href="https://example.org/x?y=1">a</a>']],
    ['an http link', '[a](http://example.org/)', ['<a href="http://example.org/">a</a>']],
    ['a relative link', '[a](../topics/)', ['<a href="../topics/">a</a>']],
    ['a mailto link', '[a](mailto:desk@example.org)', ['<a href="mailto:desk@example.org">a</a>']],
    ['an image with alt', '![A map](/map.png)', ['<img src="/map.png" alt="A map">']],
    ['a table', '| a | b |\n| - | -: |\n| 1 | 2 |', ['<table>', '<th>a</th>', '<td align="right">2</td>']],
    ['a blockquote', '> quoted', ['<blockquote>']],
    ['code, escaped', '```js\n<script>x</script>\n```', ['<code class="language-js">&#x3C;script>x&#x3C;/script>']],
    ['lists', '- a\n- b\n\n1. c', ['<ul>', '<ol>']],
    ['a demoted heading with a prefixed id', '# Title', ['<h2 id="user-content-title">Title</h2>']],
  ])('%s', async (_name, markdown, present) => {
    const html = await renderMarkdown(markdown);
    for (const text of present) expect(html, `output should contain ${text}`).toContain(text);
    expect(checkArticleHtml(html)).toEqual([]);
  });

  it('footnotes whose links all point at ids in the same output', async () => {
    const html = await renderMarkdown('A[^a] and B[^b] and A again[^a].\n\n[^a]: First.\n[^b]: Second.');
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...html.matchAll(/ href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(targets.length, 'three references and three back links').toBe(6);
    for (const target of targets) expect(ids, `#${target} has a target`).toContain(target);
  });
});

describe('ids and in-page links', () => {
  it('prefixes clobbering ids and never repeats one', async () => {
    const html = await renderMarkdown(
      '<a id="cookie" href="/x">c</a> <i id="cookie">again</i>\n\n# Cookie\n\n[to it](#cookie)',
    );
    expect(html).toContain('<a id="user-content-cookie" href="/x">c</a>');
    expect(html, 'the second element with the same id loses it').toContain('<i>again</i>');
    expect(html, 'the heading gets the next free slug').toContain('<h2 id="user-content-cookie-1">Cookie</h2>');
    expect(html).toContain('<a href="#user-content-cookie">to it</a>');
    expect(checkArticleHtml(html)).toEqual([]);
  });

  it('gives a heading of only emoji a usable id (found by the property test)', async () => {
    const html = await renderMarkdown('## 🇯🇵\n\n## 🎉');
    expect(html).toContain('<h2 id="user-content-section">🇯🇵</h2>');
    expect(html).toContain('<h2 id="user-content-section-1">🎉</h2>');
  });

  it('points a link at a Unicode heading at its prefixed id', async () => {
    const html = await renderMarkdown('## 交渉の経緯\n\n[戻る](#交渉の経緯)');
    const href = /href="#([^"]+)"/.exec(html)?.[1];
    expect(decodeURIComponent(href!)).toBe('user-content-交渉の経緯');
  });

  it('does not fail on a malformed escape in a fragment (Astro would publish an empty body)', async () => {
    const html = await renderMarkdown('Text with [a broken link](#%E0%A4%A) stays.');
    expect(html).toContain('Text with');
    expect(html).toContain('stays.');
  });
});
