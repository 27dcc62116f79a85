import { defineMiddleware } from 'astro:middleware';

import { ownPolicy } from './security/page-policy.ts';

/**
 * Every page Astro renders (at build time: the site is static) leaves here
 * with its `<meta>` policy listing only the hashes of its own inline scripts
 * and styles (src/security/page-policy.ts), not those of the whole site.
 */
export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
  return new Response(ownPolicy(new Uint8Array(await response.arrayBuffer())), response);
});
