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
const TAG_OR_COMMENT = /<!--[\s\S]*?-->|<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const HASH_SOURCE = /^'(sha(?:256|384|512))-([A-Za-z0-9+/=]+)'$/;

/** The text of each inline (no `src`) script and of each style element, in page order. */
export function inlineCode(html: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  const lower = html.toLowerCase();
  TAG_OR_COMMENT.lastIndex = 0;
  for (let match = TAG_OR_COMMENT.exec(html); match; match = TAG_OR_COMMENT.exec(html)) {
    const name = match[1]?.toLowerCase();
    if (name !== 'script' && name !== 'style') continue;
    const start = TAG_OR_COMMENT.lastIndex;
    const end = lower.indexOf(`</${name}`, start);
    const text = html.slice(start, end === -1 ? html.length : end);
    TAG_OR_COMMENT.lastIndex = end === -1 ? html.length : end;
    if (name === 'style') styles.push(text);
    else if (!/\ssrc\s*=/i.test(match[2] ?? '')) scripts.push(text);
  }
  return { scripts, styles };
}

/** One directive's sources without the hashes that match none of `texts`. */
function keepOwnHashes(sources: string, texts: readonly string[]): string {
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

/** The page with its `<meta>` policy's script and style hashes cut to its own inline scripts and styles. */
export function ownPolicy(html: string): string {
  const meta = POLICY.exec(html);
  if (!meta) return html;
  const { scripts, styles } = inlineCode(html);
  const policy = (meta[2] ?? '').replace(
    /(^|;)(\s*)(script-src|style-src)(\s[^;]*)/g,
    (_, separator: string, space: string, directive: string, sources: string) =>
      `${separator}${space}${directive}${keepOwnHashes(sources, directive === 'script-src' ? scripts : styles)}`,
  );
  return html.slice(0, meta.index) + meta[1] + policy + meta[3] + html.slice(meta.index + meta[0].length);
}
