import { describe, expect, it } from 'vitest';

import { cspHash } from '../../src/lib/csp.ts';
import { inlineCode, ownPolicy as ownPolicyOfBytes } from '../../src/security/page-policy.ts';

const PRINT = 'for(const c of document.querySelectorAll(`[data-print-control]`)){}';
const COPY = 'var e=document.querySelector(`.cite [role=status]`);';
const SEARCH = 'import"./search.js";';
const RUNNING_HEAD = ':root{--print-running-head:"A · B"}';

/** A page as Astro writes it: the site's every hash in the policy, whatever the page holds. */
function page(head: string, body: string): string {
  const policy =
    `default-src 'self';img-src 'self' https:; script-src 'self' '${cspHash(PRINT)}' '${cspHash(COPY)}' ` +
    `'${cspHash(SEARCH)}'; style-src 'self' '${cspHash(RUNNING_HEAD)}' '${cspHash('')}';`;
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">${head}` +
    `<meta http-equiv="content-security-policy" content="${policy}"><link rel="stylesheet" href="/_astro/s.css">` +
    `</head><body>${body}</body></html>`
  );
}

/** `ownPolicy` on a page's UTF-8 bytes, as the middleware calls it, read back as text. */
const ownPolicy = (html: string) => Buffer.from(ownPolicyOfBytes(Buffer.from(html, 'utf8'))).toString('utf8');

const policyOf = (html: string) => /content-security-policy" content="([^"]*)"/.exec(html)?.[1];

describe('ownPolicy', () => {
  it('keeps the hashes of the page’s own inline scripts and styles, and only those', () => {
    const html = page(
      `<style>${RUNNING_HEAD}</style><script type="application/ld+json">{"@type":"NewsArticle"}</script>`,
      `<header><script type="module">${PRINT}</script></header><section class="cite"></section>` +
        `<script type="module">${COPY}</script>`,
    );
    expect(policyOf(ownPolicy(html))).toBe(
      `default-src 'self';img-src 'self' https:; script-src 'self' '${cspHash(PRINT)}' '${cspHash(COPY)}'; ` +
        `style-src 'self' '${cspHash(RUNNING_HEAD)}';`,
    );
  });

  it('leaves a page with no inline script or style only its other sources', () => {
    const html = page('', `<main><script type="module" src="/_astro/search.js"></script></main>`);
    expect(policyOf(ownPolicy(html))).toBe(
      `default-src 'self';img-src 'self' https:; script-src 'self'; style-src 'self';`,
    );
  });

  it('changes nothing but the policy', () => {
    const html = page('<title>A</title>', `<p>Text</p><script type="module">${PRINT}</script>`);
    const trimmed = ownPolicy(html);
    const withoutPolicy = (text: string) => text.replace(/content="[^"]*"><link/, '');
    expect(withoutPolicy(trimmed)).toBe(withoutPolicy(html));
    expect(trimmed.length).toBeLessThan(html.length);
  });

  it('never adds a hash: an inline script the policy did not list stays refused', () => {
    const injected = 'alert(1)';
    const html = page('', `<script>${injected}</script><script type="module">${PRINT}</script>`);
    const policy = policyOf(ownPolicy(html)) ?? '';
    expect(policy).not.toContain(cspHash(injected));
    expect(policy).toContain(cspHash(PRINT));
  });

  it('keeps other script sources, such as the search page’s wasm-unsafe-eval', () => {
    const html = page('', '').replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
    expect(policyOf(ownPolicy(html))).toContain("script-src 'self' 'wasm-unsafe-eval';");
  });

  it('finds the scripts after any text: multi-byte characters, and one whose lower case is longer (İ)', () => {
    const html = page(
      '<title>İstanbul talks: Erdoğan, 日本, “quoted”</title>',
      `<p>İİİ ünïcödé — 北方領土</p><script type="module">${PRINT}</script><style>${RUNNING_HEAD}</style>`,
    );
    const policy = policyOf(ownPolicy(html)) ?? '';
    expect(policy, 'the print script after the text kept its hash').toContain(cspHash(PRINT));
    expect(policy, 'the style after the text kept its hash').toContain(cspHash(RUNNING_HEAD));
    expect(ownPolicy(html).replace(/content="[^"]*"><link/, ''), 'the text came back byte for byte').toBe(
      html.replace(/content="[^"]*"><link/, ''),
    );
  });

  it('leaves a document without a policy alone', () => {
    const html = '<!DOCTYPE html><html><head></head><body><script>x</script></body></html>';
    expect(ownPolicy(html)).toBe(html);
  });
});

describe('inlineCode', () => {
  it('reads script and style text to the end tag, as the HTML tokenizer does', () => {
    expect(
      inlineCode(`<style>a{content:"<b>"}</style><script>if(a<b&&c>d)x("</p>")</script><SCRIPT>y</SCRIPT >`),
    ).toEqual({ scripts: ['if(a<b&&c>d)x("</p>")', 'y'], styles: ['a{content:"<b>"}'] });
  });

  it('takes no script from an attribute value, a comment or escaped text', () => {
    const html =
      `<meta property="og:title" content="<script>${PRINT}</script>"><!-- <script>${COPY}</script> -->` +
      `<p title='<style>x</style>'>&lt;script&gt;z&lt;/script&gt;</p><script type="module">${PRINT}</script>`;
    expect(inlineCode(html)).toEqual({ scripts: [PRINT], styles: [] });
  });

  it('reads the text after a character whose lower case is longer (İ) in full', () => {
    expect(inlineCode('<p>İstanbul</p><script>abc</script>').scripts).toEqual(['abc']);
  });

  it('counts no script that has a src', () => {
    expect(inlineCode('<script type="module" src="/_astro/a.js"></script><script>b</script>').scripts).toEqual(['b']);
  });
});
