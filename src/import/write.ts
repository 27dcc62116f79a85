import { randomBytes } from 'node:crypto';
import { link, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `path` whole or not at all: it goes to a temporary file in
 * the same folder (a dot-file the site never reads), which then takes the
 * entry's name in one step, so a crash, a full disk or Ctrl-C mid-run never
 * leaves half an entry for the build to publish.
 *
 * Without `replace`, the entry is hard-linked into place, which fails if a
 * file of that name appeared meanwhile: returns `'exists'` and touches
 * nothing. With `replace`, a rename swaps the new text in.
 */
export async function writeWhole(path: string, text: string, replace: boolean): Promise<'written' | 'exists'> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
  try {
    if (replace) {
      await rename(temp, path);
      return 'written';
    }
    try {
      await link(temp, path);
      return 'written';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw error;
    }
  } finally {
    await rm(temp, { force: true });
  }
}
