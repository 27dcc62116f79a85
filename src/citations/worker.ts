import { parentPort, workerData } from 'node:worker_threads';

import { CitationCache } from './cache.ts';
import type { Citations } from './citations.ts';
import { formatCitations } from './engine.ts';
import type { CslRecord } from './record.ts';

/**
 * One citation worker (see ./pool.ts): formats each batch of records it is
 * sent and posts back, per record, its citations or the error that stopped
 * it, so one bad record fails its own page and not the batch.
 */

export interface Batch {
  batch: number;
  records: CslRecord[];
  /** Each record's cache key (the pool's): the worker writes what it formats to the cache. */
  keys: string[];
}

export type Formatted = { citations: Citations } | { error: string };

export interface BatchResult {
  batch: number;
  results: Formatted[];
}

// Written here, not by the pool: the pool runs on the thread that renders the pages, where writing 10,000 small
// files took 1.5 s of a cold build's page generation (a CPU profile at 10,000 articles).
const cache = new CitationCache((workerData as { cacheDir: string }).cacheDir);

parentPort?.on('message', ({ batch, records, keys }: Batch) => {
  const results = records.map((record): Formatted => {
    try {
      return { citations: formatCitations(record) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  // Before the reply: once the pool has every result it may stop this thread, and a page's record is cached then.
  results.forEach((result, i) => {
    if ('citations' in result) cache.write(keys[i] as string, result.citations);
  });
  parentPort?.postMessage({ batch, results } satisfies BatchResult);
});
