import { parentPort } from 'node:worker_threads';

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
}

export type Formatted = { citations: Citations } | { error: string };

export interface BatchResult {
  batch: number;
  results: Formatted[];
}

parentPort?.on('message', ({ batch, records }: Batch) => {
  const results = records.map((record): Formatted => {
    try {
      return { citations: formatCitations(record) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  parentPort?.postMessage({ batch, results } satisfies BatchResult);
});
