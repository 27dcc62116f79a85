import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

import type { CheckedFile } from './check-pages.ts';
import { inspectFile } from './html-safety.ts';

/** One share of the built-page check (see check-pages.ts): reads and checks its files, posts back what it found. */
const { dir, files, base } = workerData as { dir: string; files: string[]; base: string };
parentPort?.postMessage(
  files.map((file): CheckedFile => ({ file, ...inspectFile(file, readFileSync(join(dir, file), 'utf8'), { base }) })),
);
