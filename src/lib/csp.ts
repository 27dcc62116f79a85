import { createHash } from 'node:crypto';

/** Base64 digest of a text's UTF-8 bytes (or of the bytes given), as CSP hash sources and the built-page check write them. */
export function digestBase64(algorithm: string, text: string | Uint8Array): string {
  // A string is hashed as UTF-8, `update`'s default; bytes as they are.
  return createHash(algorithm).update(text).digest('base64');
}

/**
 * The Content-Security-Policy source for an inline element's exact text
 * (`sha256-…`), for `Astro.csp.insertStyleHash` when a page writes a small
 * `<style>` of its own that Astro's bundler never sees.
 */
export function cspHash(text: string): `sha256-${string}` {
  return `sha256-${digestBase64('sha256', text)}`;
}
