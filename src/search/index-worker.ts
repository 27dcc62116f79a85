import { parentPort } from 'node:worker_threads';

import { closePagefind, indexShard, type ShardJob } from './index-shard.ts';

/**
 * Indexes shards in a thread of its own, so a cold build runs one Pagefind
 * (a process per thread) per core (see build-index.ts). Takes a job per
 * message, answers `null` when it is done or the error's message; stops on
 * an empty message.
 */
parentPort?.on('message', (job: ShardJob | null) => {
  if (!job) {
    void closePagefind().finally(() => parentPort?.close());
    return;
  }
  indexShard(job).then(
    () => parentPort?.postMessage(null),
    (error: unknown) => parentPort?.postMessage(error instanceof Error ? error.message : String(error)),
  );
});
