import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { cacheKey } from '../lib/cache-key.ts';
import type { CslRecord } from './record.ts';

/** Every format "Cite this article" offers, made from one record. */
export interface Citations {
  /** APA 7th edition, inline HTML. */
  apa: string;
  /** MLA 9th edition, inline HTML. */
  mla: string;
  /** Chicago 18th edition, notes and bibliography (the bibliography entry), inline HTML. */
  chicago: string;
  bibtex: string;
  ris: string;
}

/**
 * What the output depends on besides the record: the library and the style
 * files. Change it when either changes (a unit test checks the library's
 * version), so no cached citation outlives them.
 */
export const CITATIONS_VERSION = 'citation-js 0.8.2; CSL styles 0819c0e (2026-08-21); format 2';

/**
 * Where formatted citations are kept between builds, one small file per
 * record: a CSL engine takes milliseconds per style, far more than the rest of
 * an article page, so a rebuild only formats records that changed.
 * `CITATION_CACHE=off` turns it off.
 */
const CACHE_DIR = join(process.cwd(), 'node_modules/.cache/news-reader-citations');
const cacheOn = process.env['CITATION_CACHE'] !== 'off';

function readCache(key: string): Citations | undefined {
  if (!cacheOn) return undefined;
  try {
    return JSON.parse(readFileSync(join(CACHE_DIR, `${key}.json`), 'utf8')) as Citations;
  } catch {
    return undefined;
  }
}

function writeCache(key: string, citations: Citations): void {
  if (!cacheOn) return;
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    // Write then rename, so a build running beside this one never reads half a file.
    const temp = join(CACHE_DIR, `${key}.${process.pid}.tmp`);
    writeFileSync(temp, JSON.stringify(citations));
    renameSync(temp, join(CACHE_DIR, `${key}.json`));
  } catch {
    // A read-only tree just means no cache: the citations are still right.
  }
}

/** All five formats for a record: from the cache when the record and the styles are unchanged. */
export async function citationsFor(record: CslRecord): Promise<Citations> {
  const key = cacheKey(CITATIONS_VERSION, record);
  const cached = readCache(key);
  if (cached) return cached;
  const { formatBibtex, formatReference, formatRis } = await import('./engine.ts');
  const citations: Citations = {
    apa: formatReference(record, 'apa'),
    mla: formatReference(record, 'mla'),
    chicago: formatReference(record, 'chicago'),
    bibtex: formatBibtex(record),
    ris: formatRis(record),
  };
  writeCache(key, citations);
  return citations;
}
