import { availableParallelism } from 'node:os';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { PAGES_PER_WORKER, type PageVerdict } from './check-pages.ts';

/**
 * The built-page check, started while Astro is still rendering.
 *
 * In a cold build the pages render on Astro's one thread. Once the citation
 * workers are done (part way through page generation), the other cores run
 * little more than V8's garbage collection for that thread until the last
 * page is written, and the check of all the pages then took another 7 to
 * 9.5 s at 10,000 articles. This checks pages on those cores as they are
 * written: the check after rendering then takes 1 to 5 s. On two cores page
 * generation grew by about as much in the same builds (docs/performance.md,
 * "Checking pages while they render"). It should pay with more cores (not
 * measured: the reference machine has two).
 *
 * It only ever saves work; it never decides anything. Each verdict is keyed
 * by the hash of the bytes the worker read (the same `pageHash` as the
 * build's check), and the build's check (`checkBuiltPages`) takes a verdict
 * only for a page whose final bytes have that hash; every other page it
 * parses itself. So a page written again after the early check read it, a
 * page the early check never reached, and a page with an error (which gets no
 * verdict here) are all checked as before. If a worker fails, its pages are
 * simply checked at the end.
 *
 * It starts no thread for a build that renders few pages (a warm build
 * renders the changed ones only), and none before `ready`: while the citation
 * workers still run, the cores are theirs.
 */

/**
 * What was found on a page with no error, by the hash of its bytes:
 * `[pageHash, warning messages, the build's files it names]`.
 */
export type Verdict = [hash: string, warnings: string[], assets: string[]];

/** Main thread to worker: pages to check (relative to the folder), or `stop`. */
export type EarlyCheckMessage = string[] | 'stop';

/** Worker to main thread. */
export interface EarlyCheckReply {
  verdicts: Verdict[];
  /** Pages this worker has checked so far, with or without an error. */
  checked: number;
  /** The last reply, to `stop`. */
  done: boolean;
}

export interface EarlyCheckOptions {
  /** The project root: the worker's source is read from `src/security/` there. */
  root: string;
  /** The site's base path. */
  base: string;
  /** Worker threads once started; default: one per core but one (Astro's thread keeps rendering on that one). */
  threads?: number;
  /** Pages waiting before any thread starts; default: the page check's `PAGES_PER_WORKER` (fewer are not worth a thread). */
  minPages?: number;
}

export class EarlyPageCheck {
  readonly #dir: string;
  readonly #options: EarlyCheckOptions;
  readonly #workers: Worker[] = [];
  readonly #verdicts = new Map<string, PageVerdict>();
  readonly #checked: number[] = [];
  #waiting: string[] = [];
  #turn = 0;
  #ready = false;
  #stopped = false;

  /** Checks pages written under `dir`, once `ready` has resolved. */
  constructor(dir: string, options: EarlyCheckOptions, ready: Promise<unknown>) {
    this.#dir = dir;
    this.#options = options;
    ready.then(
      () => {
        this.#ready = true;
        this.#post();
      },
      () => {}, // never ready: the build's check does it all
    );
  }

  /** A page Astro has written (an absolute path); anything but HTML is ignored. */
  add(path: string): void {
    if (this.#stopped || !path.endsWith('.html')) return;
    this.#waiting.push(relative(this.#dir, path).split(sep).join('/'));
    this.#post();
  }

  /** Pages the workers have checked so far. */
  get checked(): number {
    return this.#checked.reduce((sum, n) => sum + n, 0);
  }

  /** Verdicts so far, by page hash; stops the workers, dropping the pages they had not reached. */
  async finish(): Promise<ReadonlyMap<string, PageVerdict>> {
    this.#stopped = true;
    this.#waiting = [];
    await Promise.all(
      this.#workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.on('message', ({ done }: EarlyCheckReply) => done && resolve());
            worker.once('error', () => resolve());
            worker.once('exit', () => resolve());
            worker.ref(); // the build now waits for this reply
            worker.postMessage('stop' satisfies EarlyCheckMessage);
          }),
      ),
    );
    await Promise.all(this.#workers.splice(0).map((worker) => worker.terminate()));
    return this.#verdicts;
  }

  #post(): void {
    if (!this.#ready || this.#stopped) return;
    if (this.#workers.length === 0) {
      if (this.#waiting.length < (this.#options.minPages ?? PAGES_PER_WORKER)) return;
      this.#start();
    }
    // Dealt out in turn; a message a page (a few microseconds of Astro's thread) once they run.
    const threads = this.#workers.length;
    for (const [i, worker] of this.#workers.entries()) {
      const share = this.#waiting.filter((_, n) => (n + this.#turn) % threads === i);
      if (share.length > 0) worker.postMessage(share satisfies EarlyCheckMessage);
    }
    this.#turn = (this.#turn + this.#waiting.length) % threads;
    this.#waiting = [];
  }

  #start(): void {
    // From the root, not import.meta.url: Astro may load this module bundled with the config.
    const file = pathToFileURL(join(this.#options.root, 'src/security/early-check-worker.ts'));
    const threads = this.#options.threads ?? Math.max(1, availableParallelism() - 1);
    for (let i = 0; i < threads; i += 1) {
      this.#checked.push(0);
      const worker = new Worker(file, { workerData: { dir: this.#dir, base: this.#options.base } });
      // Never what keeps a build's process alive: a failed build exits without waiting for it.
      worker.unref();
      worker.on('message', ({ verdicts, checked }: EarlyCheckReply) => {
        this.#checked[i] = checked;
        for (const [hash, warnings, assets] of verdicts) this.#verdicts.set(hash, { warnings, assets });
      });
      // A failed worker costs only its pages, which the build's check then parses.
      worker.on('error', () => {});
      this.#workers.push(worker);
    }
  }
}
