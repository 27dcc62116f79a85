import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** A relative import or re-export: `from './x.ts'`, `import './x.ts'`, `import('../x.ts')`. */
const RELATIVE_IMPORT = /\b(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

/**
 * A digest of what the Markdown pipeline's output depends on besides the
 * Markdown: the project's modules it runs (followed from `entries` through
 * their relative imports), the installed packages (`package-lock.json`) and
 * the patches applied to them (`patches/*.patch`), all under `root`.
 *
 * Astro decides whether its cached renders and pages still hold by hashing
 * its config as JSON (the content store's config digest, the incremental
 * build's config hash), and in JSON the pipeline's plugins, being functions,
 * are nothing. An edited plugin or sanitizer rule therefore left every cached
 * article's HTML as it was, and a warm build differed from a cold one.
 * `threadedMarkdown` puts this digest in the processor's options, which both
 * hashes include: such an edit clears the content store, as a new version of
 * Astro does, and the next build renders every article again.
 */
export function pipelineDigest(entries: readonly string[], root: string): string {
  const files = new Set<string>();
  const follow = (file: string) => {
    if (files.has(file) || !existsSync(file)) return;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      follow(resolve(dirname(file), specifier as string));
    }
  };
  entries.forEach(follow);
  const patches = join(root, 'patches');
  if (existsSync(patches)) {
    for (const name of readdirSync(patches)) if (name.endsWith('.patch')) files.add(join(patches, name));
  }
  const lockfile = join(root, 'package-lock.json');
  if (existsSync(lockfile)) files.add(lockfile);
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(`${relative(root, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

/** The nearest folder at or above `from` holding a `package.json`: the project the pipeline belongs to. */
export function projectRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}
