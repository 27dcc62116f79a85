import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import * as pagefind from 'pagefind';

/**
 * Which built pages the search index reads: article pages only. Listings,
 * topic pages and the home page only repeat article headlines and deks, so
 * indexing them would add a duplicate hit per article and most of the
 * indexing time on a large archive; every article is still found.
 */
export const SEARCHED_PAGES = 'articles/*/index.html';

/** Writes Pagefind's index of the article pages under `dir` into `dir/pagefind/`; returns how many pages it read. */
export async function indexForSearch(dir: string): Promise<number> {
  try {
    const { index, errors } = await pagefind.createIndex();
    if (!index) throw new Error(errors.join('; '));
    const added = await index.addDirectory({ path: dir, glob: SEARCHED_PAGES });
    if (added.errors.length > 0 || added.page_count === 0) {
      throw new Error(added.errors.join('; ') || 'no article page to index');
    }
    // The files come back in memory and are written here, synchronously, so every
    // one is whole before the build folder is swapped in: with writeFiles() a
    // warm build once published a pagefind-worker.js that differed from a cold
    // build's (its writes had not all landed when the build moved on).
    const { files, errors: writeErrors } = await index.getFiles();
    if (writeErrors.length > 0 || files.length === 0) throw new Error(writeErrors.join('; ') || 'no index file');
    for (const file of files) {
      const target = join(dir, 'pagefind', file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
