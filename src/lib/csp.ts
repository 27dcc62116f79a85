import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy source for an inline element's exact text
 * (`sha256-…`), for `Astro.csp.insertStyleHash` when a page writes a small
 * `<style>` of its own that Astro's bundler never sees.
 */
export function cspHash(text: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
