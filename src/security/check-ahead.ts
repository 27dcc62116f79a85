import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { SiteProblem } from './html-safety.ts';

/**
 * The built-page check, started while Astro is still rendering.
 *
 * Astro renders pages in one thread; on a cold build the other cores sit
 * idle for the whole of page generation, and then the check parsed every
 * page on every core (14.8 s of a cold 10,000-article build). Each page
 * Astro renders leaves through the site's middleware (src/middleware.ts) as
 * the exact bytes Astro then writes to disk, so the middleware hands them
 * here (`globalThis[PAGE_CHECK_SERVICE]`, set by the publish integration for
 * `astro build` only) and worker threads check them on the idle cores while
 * the rendering goes on.
 *
 * This only moves work earlier; it decides nothing. The verdicts are keyed
 * by the same hash of a page's path and bytes as the check's cache
 * (check-pages.ts), and `checkBuiltPages` still reads every built file and
 * takes a verdict from here only for those exact bytes at that path: a page
 * changed after it was checked, a path mapped wrongly or a worker that died
 * just means the page is parsed again at the end, as before.
 */

export const PAGE_CHECK_SERVICE = Symbol.for('news-reader:page-check-service');

export interface PageCheckService {
  /** A rendered page: its address (`context.url.pathname`, base included) and the HTML Astro writes. */
  submit(pathname: string, html: string): void;
}

/** The service, when a build has started one (never in `astro dev`). */
export function pageCheckService(): PageCheckService | undefined {
  return (globalThis as { [PAGE_CHECK_SERVICE]?: PageCheckService })[PAGE_CHECK_SERVICE];
}

/**
 * The file Astro writes a page's address to, relative to the build folder
 * (`build.format: 'directory'`): `/news/articles/x/` -> `articles/x/index.html`,
 * `/404` -> `404.html`. Undefined for an address outside `base`.
 */
export function pageFile(pathname: string, base: string): string | undefined {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const path = `${pathname}/`.replace(/\/+$/, '/');
  if (!path.startsWith(prefix)) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(path.slice(prefix.length));
  } catch {
    return undefined;
  }
  if (rest === '404/' || rest === '404.html/' || rest === '500/') return `${rest.replace(/(\.html)?\/$/, '')}.html`;
  return `${rest}index.html`;
}

/** A page checked ahead: the hash of its path and bytes (check-pages.ts `pageHash`) and what the check found. */
export interface AheadVerdict {
  hash: string;
  problems: SiteProblem[];
}

export interface AheadRequest {
  file: string;
  html: string;
}

/** Checks submitted pages in worker threads, one per core but one (the one Astro renders on). */
export class PageCheckAhead implements PageCheckService {
  readonly #workers: Worker[] = [];
  readonly #verdicts = new Map<string, SiteProblem[]>();
  #next = 0;
  #pending = 0;
  #broken = false;
  #settled: (() => void) | undefined;
  readonly #workerFile: URL;
  readonly #base: string;
  readonly #threads: number;

  /** `root`: the project root (this module may be bundled with the config, so not import.meta.url). */
  constructor(root: string, base: string, threads = Math.max(1, availableParallelism() - 1)) {
    this.#workerFile = pathToFileURL(join(root, 'src/security/check-ahead-worker.ts'));
    this.#base = base;
    this.#threads = threads;
  }

  submit(pathname: string, html: string): void {
    const file = pageFile(pathname, this.#base);
    if (!file || this.#broken) return;
    if (this.#workers.length === 0) this.#start();
    const worker = this.#workers[this.#next % this.#workers.length] as Worker;
    this.#next += 1;
    this.#pending += 1;
    worker.postMessage({ file, html } satisfies AheadRequest);
  }

  /**
   * Waits for every submitted page, stops the workers and returns the
   * verdicts by page hash. A worker that failed leaves its pages out (they
   * are checked at the end like any other).
   */
  async verdicts(): Promise<ReadonlyMap<string, SiteProblem[]>> {
    if (this.#pending > 0 && !this.#broken) {
      // Held while the build waits for them: unreferenced, they would let the process exit under the await.
      for (const worker of this.#workers) worker.ref();
      await new Promise<void>((resolve) => {
        this.#settled = resolve;
      });
    }
    await this.close();
    return this.#verdicts;
  }

  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #start(): void {
    for (let i = 0; i < this.#threads; i += 1) {
      const worker = new Worker(this.#workerFile, { workerData: { base: this.#base } });
      // Checking ahead must never keep a failed build's process alive.
      worker.unref();
      worker.on('message', ({ hash, problems }: AheadVerdict) => {
        this.#verdicts.set(hash, problems);
        this.#done();
      });
      worker.on('error', () => this.#giveUp());
      worker.on('exit', (code) => {
        if (code !== 0) this.#giveUp();
      });
      this.#workers.push(worker);
    }
  }

  #done(): void {
    this.#pending -= 1;
    if (this.#pending === 0) this.#settled?.();
  }

  /** A worker died: stop checking ahead; whatever has no verdict is checked at the end. */
  #giveUp(): void {
    this.#broken = true;
    this.#settled?.();
  }
}
