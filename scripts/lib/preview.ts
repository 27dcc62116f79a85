import { createServer } from 'node:net';
import { resolve } from 'node:path';

import { preview } from 'astro';

/**
 * The one way the project serves a built site, for the tests (global setup,
 * fixture sites) and the measuring scripts (budget, audit): Astro's own
 * preview server, on a port the system picks (port 0), at the address the
 * server reports. Nothing is polled: `preview()` resolves once the server
 * listens.
 */

export interface Preview {
  /** The site's home, e.g. `http://127.0.0.1:41234/news/`. */
  url: string;
  /** `http://127.0.0.1:41234`. */
  origin: string;
  stop(): Promise<void>;
}

/**
 * Serves the build in `outDir` under `base` (as it was built) on 127.0.0.1,
 * with the Astro config of the project at `root`.
 */
export async function startPreview(
  outDir: string,
  base = process.env['BASE_PATH'] || '/',
  root = process.cwd(),
): Promise<Preview> {
  const server = await preview({
    root,
    outDir: resolve(outDir),
    base,
    server: { host: '127.0.0.1', port: 0 },
    logLevel: 'error',
  });
  const origin = `http://127.0.0.1:${server.port}`;
  return { origin, url: new URL(base.replace(/\/?$/, '/'), origin).href, stop: () => server.stop() };
}

export interface ReservedPort {
  port: number;
  /** Frees the port for the server that is to listen on it; call it just before starting that server. */
  release(): Promise<void>;
}

/**
 * A free port of 127.0.0.1, held until `release()`. For a site whose own
 * address must be known before it is built (SITE_URL puts it into every page)
 * and a server that cannot report the port it picked (nginx): the port stays
 * bound through the build, so nothing else takes it in the meantime.
 */
export function reservePort(): Promise<ReservedPort> {
  return new Promise((resolvePort, reject) => {
    const holder = createServer();
    holder.once('error', reject);
    holder.listen(0, '127.0.0.1', () => {
      const address = holder.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port was assigned'));
      resolvePort({
        port: address.port,
        release: () => new Promise((done) => holder.close(() => done())),
      });
    });
  });
}
