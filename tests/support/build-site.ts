import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BuildResult {
  status: number | null;
  /** stdout and stderr together, for failure messages. */
  output: string;
}

/**
 * Runs `npm run build` (scripts/build.ts: validate, Astro build, safety check,
 * swap) with the project's real config, into `outDir`. Each call gets its own
 * Astro cache folder so builds running side by side never share one.
 */
export function buildSite(outDir: string, env: Record<string, string> = {}): Promise<BuildResult> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'news-reader-cache-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/build.ts', '--outDir', outDir, '--cacheDir', cacheDir], {
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      rmSync(cacheDir, { recursive: true, force: true });
      resolve({ status, output });
    });
  });
}

/** A fresh folder for one test's builds; remove it with `removeTempDir` when done. */
export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `news-reader-${name}-`));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
