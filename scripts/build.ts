// `npm run build`: a build that either fully succeeds or changes nothing.
//
//   1. validate every article (scripts/validate.ts): any error stops here;
//   2. `astro build` into a fresh folder beside dist/ (same file system, so
//      the final move is a rename, not a copy);
//   3. parse every built page and check it is safe to publish
//      (scripts/lib/html-safety.ts);
//   4. index the pages for search with Pagefind (into the new folder's pagefind/);
//   5. only then swap the new folder in for dist/ and delete the old one.
//
// If any step fails, the new folder is deleted and dist/ is left exactly as
// it was, so a host serving dist/ keeps serving the last good build.
//
// Options: --outDir <dir> (default dist), --cacheDir <dir> (Astro's cache;
// tests give each build its own so parallel builds never share one).
// CONTENT_DIR, SITE_URL and BASE_PATH work as for `astro build`.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { build } from 'astro';
import * as pagefind from 'pagefind';

import { checkSite } from './lib/html-safety.ts';
import { futureMarginDays, printValidation, validateContent } from './validate.ts';

const { values } = parseArgs({ options: { outDir: { type: 'string' }, cacheDir: { type: 'string' } } });
const outDir = resolve(values.outDir ?? 'dist');
const next = join(dirname(outDir), `.${basename(outDir)}-next-${process.pid}`);
const previous = join(dirname(outDir), `.${basename(outDir)}-previous-${process.pid}`);
const kept = existsSync(outDir) ? `${basename(outDir)}/ is unchanged` : `no ${basename(outDir)}/ was written`;

function fail(message: string): never {
  rmSync(next, { recursive: true, force: true });
  console.error(`build: ${message}; ${kept}.`);
  process.exit(1);
}

/**
 * Puts `next` where `outDir` is. Two renames: the old folder steps aside, the
 * new one takes its place (Node has no atomic exchange of two folders). If the
 * second fails, the old folder is put back.
 */
function swapIn() {
  const hadPrevious = existsSync(outDir);
  if (hadPrevious) renameSync(outDir, previous);
  try {
    renameSync(next, outDir);
  } catch (error) {
    if (hadPrevious) renameSync(previous, outDir);
    throw error;
  }
  if (hadPrevious) rmSync(previous, { recursive: true, force: true });
}

/** Folders left by a build that was killed half-way (its process is gone). */
function removeStaleFolders() {
  const prefixes = [`.${basename(outDir)}-next-`, `.${basename(outDir)}-previous-`];
  for (const name of readdirSync(dirname(outDir))) {
    const prefix = prefixes.find((p) => name.startsWith(p));
    const pid = prefix ? Number(name.slice(prefix.length)) : NaN;
    if (!Number.isInteger(pid) || (pid !== process.pid && isRunning(pid))) continue;
    rmSync(join(dirname(outDir), name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let margin: number;
try {
  margin = futureMarginDays();
} catch (error) {
  fail((error as Error).message);
}
if (!printValidation(validateContent(undefined, margin))) fail('the articles above need fixing first');

removeStaleFolders();
try {
  await build({ outDir: next, ...(values.cacheDir ? { cacheDir: resolve(values.cacheDir) } : {}) });
} catch (error) {
  console.error(error);
  fail('Astro could not build the site');
}

const problems = checkSite(next, { base: process.env['BASE_PATH'] || '/' });
if (problems.length > 0) {
  for (const { file, message } of problems) console.error(`${file}: ${message}`);
  fail(`${problems.length} unsafe or broken thing${problems.length === 1 ? '' : 's'} in the built pages`);
}
console.log(`build: every built page passed the safety check`);

try {
  const { index, errors } = await pagefind.createIndex();
  if (!index) throw new Error(errors.join('; '));
  const added = await index.addDirectory({ path: next });
  if (added.errors.length > 0 || added.page_count === 0) {
    throw new Error(added.errors.join('; ') || 'no page to index');
  }
  const written = await index.writeFiles({ outputPath: join(next, 'pagefind') });
  if (written.errors.length > 0) throw new Error(written.errors.join('; '));
  console.log(`build: Pagefind indexed the site for search (${added.page_count} pages read)`);
} catch (error) {
  fail(`Pagefind could not index the built pages for search (${(error as Error).message})`);
} finally {
  await pagefind.close();
}

swapIn();
console.log(`build: ${basename(outDir)}/ replaced with the new build`);
