/**
 * The folders the publish integration (./publish.ts) keeps next to the output
 * folder while it builds, swaps and deletes, named after the process that owns
 * them; in a module of their own, with no dependencies, so the measuring
 * scripts can look for them without loading the build's.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The staging folder, `.dist-next-<build pid>`. */
export const NEXT = (name: string) => `.${name}-next-`;
/** The last good build moved aside by a swap, `.dist-previous-<build pid>`: whole until a deleter takes it. */
export const PREVIOUS = (name: string) => `.${name}-previous-`;
/** An old build being deleted, `.dist-discarded-<deleter pid>`: never put back, whatever is left of it. */
export const DISCARDED = (name: string) => `.${name}-discarded-`;
/** An old build's folders, every file deleted, for the next build to build into, `.dist-spare`. */
export const SPARE = (name: string) => `.${name}-spare`;

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Older outputs next to `outDir` that a background deleter has yet to remove:
 * `deleting`, folders a live deleter is emptying; `awaitingDeleter`, folders a
 * finished build moved aside for a deleter that has not taken them over yet
 * (it renames them within milliseconds of starting; one that stays is the
 * leftover of a killed build, which the next build removes). The measuring
 * scripts wait for these before they time a build (scripts/measure/lib/astro-build.ts).
 */
export function pendingDeletions(outDir: string): { deleting: string[]; awaitingDeleter: string[] } {
  const parent = dirname(outDir);
  const name = basename(outDir);
  const entries = existsSync(parent) ? readdirSync(parent) : [];
  const withPrefix = (prefix: string) =>
    entries
      .filter((entry) => entry.startsWith(prefix) && Number.isInteger(Number(entry.slice(prefix.length))))
      .map((entry) => ({ path: join(parent, entry), pid: Number(entry.slice(prefix.length)) }));
  return {
    deleting: withPrefix(DISCARDED(name))
      .filter(({ pid }) => isRunning(pid))
      .map(({ path }) => path),
    awaitingDeleter: withPrefix(PREVIOUS(name)).map(({ path }) => path),
  };
}
