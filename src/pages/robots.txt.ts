import type { APIRoute } from 'astro';

import { absoluteUrl, withBase } from '../lib/urls.ts';

/**
 * Crawlers read robots.txt only at a domain's root. Under a sub-path this file
 * is still built (harmless) and the README says to add its `Sitemap:` line to
 * the domain's own robots.txt.
 */
export const GET: APIRoute = () =>
  new Response(
    ['User-agent: *', 'Allow: /', '', `Sitemap: ${absoluteUrl(withBase('sitemap-index.xml'))}`, ''].join('\n'),
    {
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    },
  );
