import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { sortArticles } from '../lib/articles.ts';
import { cacheKey } from '../lib/cache-key.ts';
import { sourceDigest } from '../lib/source-digest.ts';
import { articlePath } from '../lib/urls.ts';
import type { ValidatedArticle } from '../lib/validate-entries.ts';
import { CitationCache } from './cache.ts';
import type { Citations, CitationService } from './citations.ts';
import { cslRecord, type CslRecord } from './record.ts';
import type { Batch, BatchResult } from './worker.ts';

/**
 * Citations formatted in worker threads, beside the build (one thread per
 * core but one: the build itself keeps the first).
 *
 * A CSL engine takes milliseconds per record and style: done on the build's
 * own thread, as the article pages render, it made a cold build of 4,000
 * articles a third slower. The publish integration knows every article as
 * soon as it has validated them, before Astro reads a file, so it hands all
 * their records to this pool at once (`prefetch`); the workers format them
 * while Astro syncs content, bundles and renders pages on the main thread,
 * and each article page only waits for its own record (`format`), usually
 * long since done.
 *
 * The pages reach the pool through `globalThis[CITATION_SERVICE]` (see
 * ./citations.ts).
 */

/**
 * What citations depend on besides their records, for the project at `root`:
 * the worker's code and every project module it imports (the engine, the
 * cache), the CSL styles it reads from disk, and the installed packages and
 * their patches (../lib/source-digest.ts). It keys the citation cache and is
 * part of each article page's `cacheKey`, so an edit to any of them formats
 * every citation again and renders every article page again; before, a
 * version string changed by hand stood for all of them.
 */
export function citationsDigest(root: string): string {
  const styles = join(root, 'src/citations/styles');
  const files = readdirSync(styles)
    .filter((name) => name.endsWith('.csl'))
    .map((name) => join(styles, name));
  return sourceDigest(['src/citations/worker.ts'], root, files);
}

/** Records per message: enough to make posting cheap, few enough that the first pages wait little. */
const BATCH_SIZE = 20;

interface Pending {
  key: string;
  record: CslRecord;
  resolve: (citations: Citations) => void;
  reject: (error: Error) => void;
}

export interface PoolFigures {
  /** Records handed to the workers before any page asked. */
  prefetched: number;
  /** Records whose citations were in the cache. */
  cached: number;
  /** Records a page asked for that were not prefetched (its record differed from the integration's). */
  onDemand: number;
}

export class CitationPool implements CitationService {
  readonly #results = new Map<string, Promise<Citations>>();
  readonly #queue: Pending[][] = [];
  readonly #inFlight = new Map<number, Pending[]>();
  readonly #idle: Worker[] = [];
  readonly #workers: Worker[] = [];
  #nextBatch = 0;
  #holds = 0;
  readonly #stopping = new WeakSet<Worker>();
  #failure: Error | undefined;
  readonly #whenDrained: (() => void)[] = [];
  readonly #cache: CitationCache;
  readonly #cacheDir: string;
  readonly #file: URL;
  readonly #threads: number;
  readonly figures: PoolFigures = { prefetched: 0, cached: 0, onDemand: 0 };
  readonly version: string;

  /**
   * `root`: the project root (this module may be bundled with the config, so
   * not import.meta.url); `cacheDir`: Astro's cache folder.
   */
  constructor(root: string, cacheDir: string, threads: number) {
    this.#cache = new CitationCache(cacheDir);
    this.#cacheDir = cacheDir;
    this.#file = pathToFileURL(join(root, 'src/citations/worker.ts'));
    this.#threads = threads;
    this.version = citationsDigest(root);
  }

  /** The key a record's citations are cached and looked up by. */
  #key(record: CslRecord): string {
    return cacheKey(this.version, record);
  }

  /** Starts the workers on the first record to format: a build with every citation cached never loads the engine. */
  #start(): void {
    if (this.#workers.length > 0) return;
    for (let i = 0; i < this.#threads; i += 1) {
      const worker = new Worker(this.#file, { workerData: { cacheDir: this.#cacheDir } });
      // Held only while a page waits for it (see #hold): formatting ahead must
      // not keep a failed build's process from exiting.
      if (this.#holds === 0) worker.unref();
      worker.on('message', (message: BatchResult) => this.#settle(worker, message));
      worker.on('error', (error) => this.#fail(new Error(`a citation worker failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (code !== 0 && !this.#stopping.has(worker))
          this.#fail(new Error(`a citation worker stopped with exit code ${code}`));
      });
      this.#workers.push(worker);
      this.#idle.push(worker);
    }
  }

  /** Starts formatting the `records` that are not cached, in this order. */
  prefetch(records: readonly CslRecord[]): void {
    const fresh = records
      .map((record) => ({ key: this.#key(record), record }))
      .filter(({ key }) => !this.#results.has(key) && !this.#cache.has(key));
    for (let i = 0; i < fresh.length; i += BATCH_SIZE) {
      this.#queue.push(fresh.slice(i, i + BATCH_SIZE).map(({ key, record }) => this.#pending(key, record)));
    }
    this.figures.prefetched += fresh.length;
    this.#dispatch();
  }

  format(record: CslRecord): Promise<Citations> {
    const key = this.#key(record);
    const known = this.#results.get(key);
    if (known) {
      // Each page asks once: let the citations go with the page, not stay for the whole build.
      this.#results.delete(key);
      return this.#hold(known);
    }
    const cached = this.#cache.read(key);
    if (cached) {
      this.figures.cached += 1;
      return Promise.resolve(cached);
    }
    this.figures.onDemand += 1;
    // A page is waiting for it: ahead of everything prefetched.
    const pending = this.#pending(key, record);
    this.#queue.unshift([pending]);
    this.#dispatch();
    const promise = this.#results.get(key) as Promise<Citations>;
    this.#results.delete(key);
    return this.#hold(promise);
  }

  /**
   * Keeps the process alive while a page waits on `promise`. Nothing else
   * does (the workers are unreferenced): a page awaiting its citations must
   * not see the process exit under it, and a build that failed must not wait
   * for citations nobody will read.
   */
  #hold(promise: Promise<Citations>): Promise<Citations> {
    if ((this.#holds += 1) === 1) for (const worker of this.#workers) worker.ref();
    const release = () => {
      if ((this.#holds -= 1) === 0) for (const worker of this.#workers) worker.unref();
    };
    promise.then(release, release);
    return promise;
  }

  /**
   * Resolves once nothing is queued or being formatted (at once if nothing
   * is): the cores the workers used are free for other work of the build.
   */
  drained(): Promise<void> {
    if (this.#isDrained()) return Promise.resolve();
    return new Promise((resolve) => this.#whenDrained.push(resolve));
  }

  #isDrained(): boolean {
    return this.#failure !== undefined || (this.#queue.length === 0 && this.#inFlight.size === 0);
  }

  #wakeDrainedWaiters(): void {
    for (const resolve of this.#whenDrained.splice(0)) resolve();
  }

  async close(): Promise<void> {
    this.#fail(new Error('the citation pool was closed'));
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }

  #pending(key: string, record: CslRecord): Pending {
    let pending: Pending | undefined;
    const promise = new Promise<Citations>((resolve, reject) => {
      pending = { key, record, resolve, reject };
    });
    // A prefetched record no page asks for must not be an unhandled rejection.
    promise.catch(() => {});
    this.#results.set(key, promise);
    if (this.#failure) pending?.reject(this.#failure);
    return pending as Pending;
  }

  #dispatch(): void {
    if (this.#queue.length > 0 && !this.#failure) this.#start();
    while (!this.#failure && this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop() as Worker;
      const batch = this.#queue.shift() as Pending[];
      const id = (this.#nextBatch += 1);
      this.#inFlight.set(id, batch);
      worker.postMessage({
        batch: id,
        records: batch.map((p) => p.record),
        keys: batch.map((p) => p.key),
      } satisfies Batch);
    }
  }

  #settle(worker: Worker, { batch, results }: BatchResult): void {
    const pending = this.#inFlight.get(batch) ?? [];
    this.#inFlight.delete(batch);
    pending.forEach((p, i) => {
      const result = results[i];
      if (result && 'citations' in result) {
        p.resolve(result.citations);
      } else p.reject(new Error(`citation-js could not format "${p.record.id}": ${result?.error ?? 'no result'}`));
    });
    this.#idle.push(worker);
    this.#dispatch();
    // Everything handed over is formatted: free the workers' memory for the rest of the build.
    if (this.#isDrained()) {
      this.#stopWorkers();
      this.#wakeDrainedWaiters();
    }
  }

  /** Stops the workers, none of them busy; a later record starts them again. */
  #stopWorkers(): void {
    const workers = this.#workers.splice(0);
    this.#idle.length = 0;
    for (const worker of workers) {
      this.#stopping.add(worker);
      void worker.terminate();
    }
  }

  #fail(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    for (const batch of [...this.#inFlight.values(), ...this.#queue]) for (const p of batch) p.reject(error);
    this.#inFlight.clear();
    this.#queue.length = 0;
    this.#wakeDrainedWaiters();
  }
}

export interface PoolOptions {
  root: string;
  cacheDir: string;
  /** `site` and `base` from the Astro config: an article's address is part of its record. */
  site: string;
  base: string;
  /** The articles the build will publish (from the validation, before Astro reads them). */
  articles: readonly ValidatedArticle[];
}

/**
 * A pool with one worker per core but one, already formatting the citations
 * of every article not in the cache, newest first (the order the article
 * pages are rendered in). The record is made as the article page makes it
 * (src/layouts/ArticleLayout.astro); a page whose record differs after all is
 * formatted on demand, and counted in `figures.onDemand`.
 */
export function startCitationPool({ root, cacheDir, site, base, articles }: PoolOptions): CitationPool {
  const pool = new CitationPool(root, cacheDir, Math.max(1, availableParallelism() - 1));
  pool.prefetch(sortArticles(articles).map((article) => articleRecord(article, site, base)));
  return pool;
}

/** An article's CSL record, made as its page makes it (src/layouts/ArticleLayout.astro). */
export function articleRecord({ id, data }: ValidatedArticle, site: string, base: string): CslRecord {
  const url = new URL(articlePath(id, base), site).href;
  const { title, date, author, source, via, lang } = data;
  return cslRecord({ id, title, date, author, source, via, lang, url });
}
