import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** A relative import or re-export: `from './x.ts'`, `import './x.ts'`, `import('../x.ts')`. */
const RELATIVE_IMPORT = /\b(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

/**
 * A digest of what some build-time code's output depends on besides its
 * input: the project's modules it runs (followed from `entries`, absolute or
 * relative to `root`, through their relative imports), any data `files` it
 * reads, the installed packages (`package-lock.json`) and the patches applied
 * to them (`patches/*.patch`), all under `root`.
 *
 * Caches kept between builds are keyed by it where their code is invisible
 * to Astro's own hashes:
 * - the Markdown pipeline (src/markdown/threaded.ts). Astro decides whether
 *   its cached renders and pages still hold by hashing its config as JSON,
 *   and in JSON the pipeline's plugins, being functions, are nothing. An
 *   edited plugin or sanitizer rule left every cached article's HTML as it
 *   was, and a warm build differed from a cold one;
 * - the citations (src/citations/pool.ts): the engine runs in worker threads
 *   outside Vite's module graph, and the CSL styles are read from disk;
 * - the page check's verdicts and the search index's shards
 *   (src/security/check-pages.ts, src/search/build-index.ts), which run in
 *   the integration, outside any page's module graph.
 */
export function sourceDigest(entries: readonly string[], root: string, files: readonly string[] = []): string {
  const all = new Set<string>(files);
  const follow = (file: string) => {
    if (all.has(file) || !existsSync(file)) return;
    all.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      follow(resolve(dirname(file), specifier as string));
    }
  };
  for (const entry of entries) follow(resolve(root, entry));
  const patches = join(root, 'patches');
  if (existsSync(patches)) {
    for (const name of readdirSync(patches)) if (name.endsWith('.patch')) all.add(join(patches, name));
  }
  const lockfile = join(root, 'package-lock.json');
  if (existsSync(lockfile)) all.add(lockfile);
  const hash = createHash('sha256');
  for (const file of [...all].sort()) {
    hash.update(`${relative(root, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

/** The nearest folder at or above `from` holding a `package.json`: the project the code belongs to. */
export function projectRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}

/**
 * A digest of a config value as written, functions included (by their
 * source text) and keys in a stable order, where JSON would leave the
 * functions out. For the Vite options: Astro's incremental build reuses a
 * page while its config hash holds, and that hash takes only a few of them
 * (`vite.build.assetsInlineLimit`, `minify`, `target`…). Turning
 * `vite.build.cssCodeSplit` on left every reused page naming a stylesheet the
 * new build no longer wrote; so did any edit to the `assetsInlineLimit`
 * function. The publish integration puts this digest where Astro hashes it
 * (src/integrations/publish.ts).
 */
export function configDigest(value: unknown): string {
  const seen = new WeakSet<object>();
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'function') return `function ${String(item)}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    if (seen.has(item)) return '[seen]';
    seen.add(item);
    if (item instanceof RegExp || item instanceof URL) return String(item);
    return Object.fromEntries(
      Object.keys(item)
        .sort()
        .map((key) => [key, (item as Record<string, unknown>)[key]]),
    );
  });
  return createHash('sha256')
    .update(text ?? '')
    .digest('hex');
}
