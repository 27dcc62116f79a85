import { digestBase64 } from '../lib/csp.ts';

/**
 * Astro writes the same `script-src` and `style-src` hash lists into every
 * page's `<meta>` policy: the hash of every inline script of the whole site,
 * of every bundled script file (which 'self' already allows), and of every
 * inline style it saw. An article page runs two of the seven scripts; a topic
 * page runs none. The other hashes are some 50 bytes each that no compression
 * can shrink, on every page.
 *
 * `ownPolicy` keeps, of the hashes a page's policy lists, those of the page's
 * own inline `<script>` and `<style>` elements, and drops the rest. It never
 * adds one: an inline script Astro did not hash stays refused by the browser
 * and reported by the built-page check (html-safety.ts). The policy allows
 * exactly what it allowed before on this page, and nothing a page does not
 * contain can ever need a hash (the site inserts no inline script or style
 * at run time).
 *
 * It reads Astro's output with a small tokenizer rather than a full parser:
 * tags (with quoted attribute values, so a `<script` inside an attribute is
 * not one) and comments are skipped whole, and a script or style element's
 * text runs to its end tag, as in the HTML tokenizer.
 */

const POLICY = /(<meta http-equiv="content-security-policy" content=")([^"]*)(")/i;
// HTML's whitespace is these five (not \s, which also matches the Latin-1 reading of UTF-8 bytes, see ownPolicy).
const TAG_OR_COMMENT = /<!--[\s\S]*?-->|<([a-zA-Z][^\t\n\f\r />]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const SRC_ATTRIBUTE = /[\t\n\f\r ]src[\t\n\f\r ]*=/i;
const HASH_SOURCE = /^'(sha(?:256|384|512))-([A-Za-z0-9+/=]+)'$/;
const SCRIPT_END = /<\/script/gi;
const STYLE_END = /<\/style/gi;

/** Where the text of each inline (no `src`) script and of each style element lies in `html`, in page order. */
function inlineRanges(html: string): { scripts: [number, number][]; styles: [number, number][] } {
  const scripts: [number, number][] = [];
  const styles: [number, number][] = [];
  TAG_OR_COMMENT.lastIndex = 0;
  for (let match = TAG_OR_COMMENT.exec(html); match; match = TAG_OR_COMMENT.exec(html)) {
    const name = match[1]?.toLowerCase();
    if (name !== 'script' && name !== 'style') continue;
    const start = TAG_OR_COMMENT.lastIndex;
    // Searched, not found in a lower-cased copy: lower-casing can change a string's length ("İ" is two
    // characters lower-cased), which would move every offset after it.
    const endTag = name === 'style' ? STYLE_END : SCRIPT_END;
    endTag.lastIndex = start;
    const end = endTag.exec(html)?.index ?? html.length;
    TAG_OR_COMMENT.lastIndex = end;
    if (name === 'style') styles.push([start, end]);
    else if (!SRC_ATTRIBUTE.test(match[2] ?? '')) scripts.push([start, end]);
  }
  return { scripts, styles };
}

/** The text of each inline (no `src`) script and of each style element, in page order. */
export function inlineCode(html: string): { scripts: string[]; styles: string[] } {
  const { scripts, styles } = inlineRanges(html);
  const text = ([start, end]: [number, number]) => html.slice(start, end);
  return { scripts: scripts.map(text), styles: styles.map(text) };
}

/** One directive's sources without the hashes that match none of `texts`. */
function keepOwnHashes(sources: string, texts: readonly Uint8Array[]): string {
  const digests = new Map<string, Set<string>>();
  const digestsOf = (algorithm: string) => {
    let set = digests.get(algorithm);
    if (!set) {
      set = new Set(texts.map((text) => digestBase64(algorithm, text)));
      digests.set(algorithm, set);
    }
    return set;
  };
  return sources
    .split(' ')
    .filter((source) => {
      const [, algorithm, digest] = HASH_SOURCE.exec(source) ?? [];
      return algorithm === undefined || digest === undefined || digestsOf(algorithm).has(digest);
    })
    .join(' ');
}

/**
 * The page (its UTF-8 bytes, as Astro renders it) with its `<meta>` policy's
 * script and style hashes cut to its own inline scripts and styles.
 *
 * It reads the bytes as Latin-1, one character a byte, so every offset in
 * that text is an offset in the bytes: the markup it looks for is ASCII, and
 * no byte of a multi-byte UTF-8 character is an ASCII one. Each script's and
 * style's bytes are hashed as they are, which is what a CSP hash is of. At
 * 10,000 articles, decoding every page to a string and encoding the result
 * again cost Astro's rendering thread about a second.
 */
export function ownPolicy(page: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.from(page.buffer, page.byteOffset, page.byteLength);
  const html = bytes.toString('latin1');
  const meta = POLICY.exec(html);
  if (!meta) return page;
  const { scripts, styles } = inlineRanges(html);
  const code = (ranges: [number, number][]) => ranges.map(([start, end]) => bytes.subarray(start, end));
  const policy = (meta[2] ?? '').replace(
    /(^|;)(\s*)(script-src|style-src)(\s[^;]*)/g,
    (_, separator: string, space: string, directive: string, sources: string) =>
      `${separator}${space}${directive}${keepOwnHashes(sources, code(directive === 'script-src' ? scripts : styles))}`,
  );
  const from = meta.index + (meta[1] ?? '').length;
  const to = from + (meta[2] ?? '').length;
  return Buffer.concat([bytes.subarray(0, from), Buffer.from(policy, 'latin1'), bytes.subarray(to)]);
}
