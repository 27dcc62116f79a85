import { fileURLToPath } from 'node:url';

import { defineConfig } from 'astro/config';

import publish from './src/integrations/publish.ts';
import sitemap from './src/integrations/sitemap.ts';
import { inSitemap } from './src/lib/sitemap.ts';
import { threadedMarkdown } from './src/markdown/threaded.ts';
import { CSP_DIRECTIVES } from './src/security/csp.ts';

/**
 * Where the site lives. The same build serves a domain root or a sub-path:
 * `SITE_URL=https://example.org BASE_PATH=/news/ npm run build`.
 */
const site = process.env['SITE_URL'] || 'http://localhost:4321';
const base = process.env['BASE_PATH'] || '/';
/**
 * Astro's cache (the content store and the incremental build's copies of
 * every page): keep it between builds. Tests and the bench give each build
 * its own with `CACHE_DIR` so builds side by side never share one.
 */
const cacheDir = process.env['CACHE_DIR'] || undefined;

export default defineConfig({
  site,
  base,
  output: 'static',
  trailingSlash: 'always',
  ...(cacheDir ? { cacheDir } : {}),
  // publish() last: its build:done hook checks and indexes what the others wrote, then publishes it.
  integrations: [sitemap({ filter: inSitemap }), publish()],
  build: {
    format: 'directory',
    // One hashed stylesheet shared by every page: cached after the first page, so a
    // second page costs only its HTML (inlining it cost 10 KB on every page).
    inlineStylesheets: 'never',
    // Pages in flight at once. Rendering stays on one thread, but a page waits on
    // disk (a warm build copies ~14,000 reused pages from Astro's cache, one by one
    // at 1) and on the citation workers; 8 overlaps those waits. Measured on 10,000
    // and 4,000 articles against 1: the same bytes, page generation 0.5 to 3 s
    // shorter (docs/performance.md, "Incremental publishing").
    concurrency: 8,
  },
  markdown: {
    // The unified pipeline of src/markdown/pipeline.ts, rendered in worker threads (one per core).
    processor: threadedMarkdown({
      workerFile: fileURLToPath(new URL('./src/markdown/render-worker.ts', import.meta.url)),
    }),
    // Shiki writes inline styles, which neither the sanitizer nor the CSP allow.
    syntaxHighlight: false,
  },
  security: {
    // Per-page script-src and style-src hashes, plus the site-wide directives (see src/security/csp.ts).
    csp: { directives: [...CSP_DIRECTIVES] },
  },
  vite: {
    // One stylesheet for the whole site rather than one per kind of page: it is
    // 10 KB gzip at most, and after the first page every page finds it cached.
    build: {
      cssCodeSplit: false,
      // An article page's script (the Print button and the Copy buttons, ArticleLayout.astro) is a
      // cached file: it runs on every article page, and inline, with their policy hashes, the two
      // scripts were over 400 bytes gzip of every article a reader opens after the first
      // (docs/performance.md, "Page budget"). The printed edition's stays
      // inline (PrintBar.astro): that page may load nothing but its stylesheets. Everything else is
      // left to the default (inlined under 4 KB).
      // (A function: Astro's incremental build sees its text through the publish integration's digest of these
      // options, src/lib/source-digest.ts, so an edit here renders the pages again.)
      assetsInlineLimit: (file: string) => (/ArticleLayout/.test(file) ? false : undefined),
    },
  },
  experimental: {
    // Reuse a page's previous output when its cacheKey (every getStaticPaths
    // path has one, see src/lib/cache-key.ts) and its code are unchanged.
    incrementalBuild: true,
  },
  devToolbar: { enabled: false },
});
