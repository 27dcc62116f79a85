import { unified } from '@astrojs/markdown-remark';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';

import { inSitemap } from './src/lib/sitemap.ts';
import { markdownOptions } from './src/markdown/pipeline.ts';
import { CSP_DIRECTIVES } from './src/security/csp.ts';

/**
 * Where the site lives. The same build serves a domain root or a sub-path:
 * `SITE_URL=https://example.org BASE_PATH=/news/ npm run build`.
 */
const site = process.env['SITE_URL'] || 'http://localhost:4321';
const base = process.env['BASE_PATH'] || '/';

export default defineConfig({
  site,
  base,
  output: 'static',
  trailingSlash: 'always',
  integrations: [sitemap({ filter: inSitemap })],
  build: {
    format: 'directory',
    // One request renders a page: the stylesheet is small enough to inline.
    inlineStylesheets: 'always',
  },
  markdown: {
    processor: unified(markdownOptions),
    // Shiki writes inline styles, which neither the sanitizer nor the CSP allow.
    syntaxHighlight: false,
  },
  security: {
    // Per-page script-src and style-src hashes, plus the site-wide directives (see src/security/csp.ts).
    csp: { directives: [...CSP_DIRECTIVES] },
  },
  devToolbar: { enabled: false },
});
