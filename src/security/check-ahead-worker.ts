import { parentPort, workerData } from 'node:worker_threads';

import type { AheadRequest, AheadVerdict } from './check-ahead.ts';
import { pageHash } from './check-pages.ts';
import { checkFile } from './html-safety.ts';

/** One worker of the check run during rendering (see check-ahead.ts): checks each page it is sent, posts back its verdict. */
const { base } = workerData as { base: string };
parentPort?.on('message', ({ file, html }: AheadRequest) => {
  parentPort?.postMessage({
    hash: pageHash(file, html),
    problems: checkFile(file, html, { base }),
  } satisfies AheadVerdict);
});
