import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

import { pageHash } from './check-pages.ts';
import { inspectFile } from './html-safety.ts';
import type { EarlyCheckMessage, EarlyCheckReply, Verdict } from './early-check.ts';

/**
 * One thread of the early page check (see early-check.ts): checks the pages
 * it is sent, one per turn of its event loop so that a `stop` is read between
 * two pages, and posts the verdicts of the pages with no error, keyed by the
 * hash of the bytes it read. On `stop` it posts what it has and drops the rest:
 * the build's own check covers every page this one did not.
 */
const { dir, base } = workerData as { dir: string; base: string };
const port = parentPort;
const queue: string[] = [];
let next = 0;
let verdicts: Verdict[] = [];
let checked = 0;
let stopped = false;
let scheduled = false;

/**
 * Verdicts per message, and the longest a verdict waits once this thread has
 * caught up: few messages for the build's busy main thread to read (it sends
 * a page at a time, so this thread is often caught up).
 */
const REPLY_SIZE = 64;
const REPLY_WITHIN_MS = 100;
let replied = 0;
let replySoon: NodeJS.Timeout | undefined;

function reply(done: boolean): void {
  port?.postMessage({ verdicts, checked, done } satisfies EarlyCheckReply);
  verdicts = [];
  replied = checked;
}

function checkNext(): void {
  scheduled = false;
  if (stopped || next >= queue.length) return;
  const file = queue[next] as string;
  next += 1;
  checked += 1;
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(join(dir, file));
  } catch {
    // Gone already: the build's own check decides about whatever is there at the end.
  }
  if (bytes) {
    const { problems, assets } = inspectFile(file, bytes.toString('utf8'), { base });
    // A page with an error gets no verdict: the build's check finds it again and reports it.
    if (problems.every((p) => p.severity === 'warning')) {
      verdicts.push([pageHash(file, bytes), problems.map((p) => p.message), assets]);
    }
  }
  if (verdicts.length >= REPLY_SIZE) reply(false);
  if (next >= queue.length) {
    // Caught up with the pages sent: let their names go, and say what was found before long.
    queue.length = 0;
    next = 0;
    replySoon ??= setTimeout(() => {
      replySoon = undefined;
      if (!stopped && checked > replied) reply(false);
    }, REPLY_WITHIN_MS);
  }
  schedule();
}

function schedule(): void {
  if (scheduled || stopped || next >= queue.length) return;
  scheduled = true;
  setImmediate(checkNext);
}

port?.on('message', (message: EarlyCheckMessage) => {
  if (message === 'stop') {
    stopped = true;
    clearTimeout(replySoon);
    reply(true);
    port.close();
    return;
  }
  queue.push(...message);
  schedule();
});
