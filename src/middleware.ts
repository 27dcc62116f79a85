import { defineMiddleware } from 'astro:middleware';

import { pageCheckService } from './security/check-ahead.ts';
import { ownPolicy } from './security/page-policy.ts';

/**
 * Every page Astro renders (at build time: the site is static) leaves here
 * with its `<meta>` policy listing only the hashes of its own inline scripts
 * and styles (src/security/page-policy.ts), not those of the whole site.
 * These are the bytes Astro writes, so in a build they also go to the page
 * check, which starts on them while the other pages render
 * (src/security/check-ahead.ts).
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
  const html = ownPolicy(await response.text());
  pageCheckService()?.submit(context.url.pathname, html);
  return new Response(html, response);
});
