/**
 * The Content-Security-Policy directives every page carries in its `<meta>`
 * tag, beside the `script-src` and `style-src` hash lists Astro writes for
 * each page (`security.csp` in astro.config.ts). They hold on any static host,
 * including one that ignores `public/_headers`.
 *
 * Images may come from the site or any https address, because articles embed
 * pictures from their sources; everything else comes from the site itself.
 * `frame-ancestors` has no effect in a `<meta>` tag, so `public/_headers`
 * sends it, with the rest of the header policy.
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "img-src 'self' https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
] as const;
