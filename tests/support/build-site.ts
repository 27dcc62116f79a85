import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BuildResult {
  status: number | null;
  /** stdout and stderr together, for failure messages. */
  output: string;
}

export interface BuildOptions {
  /** Extra environment: CONTENT_DIR, SITE_URL, BASE_PATH, ... */
  env?: Record<string, string>;
  /** Astro's cache folder, kept by the caller (warm builds); default: a fresh one, removed afterwards. */
  cacheDir?: string;
  /** Called with the build process once it has started (the kill test uses it). */
  onStart?: (child: ReturnType<typeof spawn>) => void;
  /** The project to build: default, this one (a test that edits the project's code builds a copy). */
  project?: string;
}

/** The project's Astro CLI, run on the Node running the tests. */
export const ASTRO_BIN = join(process.cwd(), 'node_modules/astro/bin/astro.mjs');

/**
 * The one way tests build a site: `astro build` with the project's real
 * config, so the publish integration (validation, the page check, Pagefind,
 * the atomic swap) runs exactly as in `npm run build`. Into `outDir`, with
 * its own Astro cache unless one is given, so builds running side by side
 * never share one.
 */
export function buildSite(outDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const ownCache = options.cacheDir === undefined;
  const cacheDir = options.cacheDir ?? mkdtempSync(join(tmpdir(), 'news-reader-cache-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ASTRO_BIN, 'build', '--outDir', outDir], {
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', CACHE_DIR: cacheDir, ...options.env },
      ...(options.project ? { cwd: options.project } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      if (ownCache) rmSync(cacheDir, { recursive: true, force: true });
      resolve({ status, output });
    });
    options.onStart?.(child);
  });
}

/** `buildSite` for callers that cannot wait on a promise (Playwright's synchronous helpers); throws if the build fails. */
export function buildSiteSync(outDir: string, options: Omit<BuildOptions, 'onStart' | 'project'> = {}): BuildResult {
  const ownCache = options.cacheDir === undefined;
  const cacheDir = options.cacheDir ?? mkdtempSync(join(tmpdir(), 'news-reader-cache-'));
  try {
    const run = spawnSync(process.execPath, [ASTRO_BIN, 'build', '--outDir', outDir], {
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', CACHE_DIR: cacheDir, ...options.env },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const result = { status: run.status, output: `${run.stdout}${run.stderr}` };
    if (result.status !== 0) throw new Error(`astro build into ${outDir} failed:\n${result.output.slice(-4000)}`);
    return result;
  } finally {
    if (ownCache) rmSync(cacheDir, { recursive: true, force: true });
  }
}

/**
 * Where tests build: inside the project (`.test-builds/`, ignored by git and
 * the linters), not the system temp folder. Astro writes a build's prerender
 * bundle inside `outDir` only when `outDir` is under the project; otherwise
 * into the project's shared `.astro/.prerender/`, where two builds running at
 * once (test files run in parallel) overwrite each other's.
 */
export const TEST_BUILDS = join(process.cwd(), '.test-builds');

/** A fresh folder for one test's builds; remove it with `removeTempDir` when done. */
export function tempDir(name: string): string {
  mkdirSync(TEST_BUILDS, { recursive: true });
  return mkdtempSync(join(TEST_BUILDS, `${name}-`));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir` (paths relative to it, sorted) with a SHA-256 of its bytes: two builds compared file for file. */
export function fileHashes(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const path of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = join(dir, path);
    if (statSync(full).isFile()) files[path] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return files;
}
