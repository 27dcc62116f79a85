import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Serves a built site (`root`'s dist/, or `outDir`) with `astro preview` on
 * 127.0.0.1 and waits until it answers at `base`. Shared by the budget and
 * audit scripts.
 */
export async function startPreview(root: string, port: number, base: string, outDir?: string): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    [
      resolve(root, 'node_modules/astro/bin/astro.mjs'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      ...(outDir ? ['--outDir', outDir] : []),
    ],
    { cwd: root, stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } },
  );
  const url = `http://127.0.0.1:${port}${base}`;
  for (let tries = 0; tries < 150; tries += 1) {
    try {
      if ((await fetch(url)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  server.kill();
  throw new Error(`astro preview did not answer at ${url} within 30 s`);
}
