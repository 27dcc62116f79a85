import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { type ResourceLimits, Worker } from 'node:worker_threads';

import {
  type AstroMarkdownOptions,
  type MarkdownProcessor,
  type MarkdownRenderer,
  type MarkdownRenderResult,
  unified,
  type UnifiedResolvedOptions,
} from '@astrojs/markdown-remark';

import { projectRoot, sourceDigest } from '../lib/source-digest.ts';
import { markdownOptions } from './pipeline.ts';

/**
 * The project's Markdown processor for `markdown.processor`: the unified
 * pipeline of ./pipeline.ts, rendered in worker threads.
 *
 * Astro renders Markdown in one thread, and on a cold build of a large archive
 * that is the biggest single step. Its content layer asks for up to ten
 * renders at a time (the glob loader's limit) and awaits them, so a renderer
 * that hands each file to a worker (./render-worker.ts) and answers when the
 * worker does lets every core render. The workers run the same pipeline with
 * the same options, so the HTML is the same to the byte (the incremental-build
 * test compares a warm and a cold build; the unit test compares a file
 * rendered in a worker and in this thread).
 *
 * A build that renders only a few files (a warm build after one edit) renders
 * them here: starting a worker and loading the pipeline into it costs more
 * than a few renders. `MARKDOWN_THREADS=0` renders everything here (the bench
 * compares the two).
 *
 * Each worker's heap is capped (`WORKER_HEAP`). Left to itself, V8 sizes a
 * worker's heap by the machine's memory: on the 24 GB reference machine each
 * grew to about 300 MB around some 22 MB of live data, and the two of them
 * made the end of a cold build's content sync its peak memory. An article too
 * large for the cap is not an error: a worker that runs out of memory is
 * dropped, the renders it held are done again in this thread, whose heap is
 * not capped, and a new worker takes its place.
 */

export interface RenderRequest {
  id: number;
  content: string;
  fileURL?: string | undefined;
  frontmatter?: Record<string, unknown> | undefined;
}

export type RenderReply = { id: number; result: MarkdownRenderResult } | { id: number; error: string };

/** Files rendered in this thread before the workers start. */
export const RENDERED_HERE_FIRST = 8;

/**
 * Each worker's heap, in MB (`resourceLimits`): the old generation about six
 * times a worker's live data on the bench's articles, and the young one set
 * too, as V8 otherwise shrinks it with the old one's cap, and a small young
 * generation collects so often that an earlier cap of 96 MB alone cost 8 to
 * 15 s of CPU in a cold 10,000-article build. With both, rendering 4,000
 * articles in two workers took the same CPU and 190 MB less memory
 * (docs/performance.md).
 */
export const WORKER_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 48 } as const;

/**
 * Workers lost to running out of memory before the pool stops starting new
 * ones and renders everything in this thread (a cap too small for even the
 * pipeline, say).
 */
const OUT_OF_MEMORY_LIMIT = 4;

// On globalThis, as the build's log (src/integrations/publish.ts) and the processor Astro's config holds may be two
// copies of this module.
const REDONE = Symbol.for('news-reader:markdown-renders-redone-here');
const redone = ((globalThis as { [REDONE]?: { renders: number } })[REDONE] ??= { renders: 0 });

/** Renders a worker held when it ran out of memory, done again in this thread since the last call; then zero. */
export function takeRendersRedoneHere(): number {
  const { renders } = redone;
  redone.renders = 0;
  return renders;
}

/**
 * How long the workers wait without a render before they stop. Content sync
 * renders every changed file in one burst, then the build renders pages for a
 * long while: each worker's heap is freed for that, instead of adding to the
 * build's peak memory. A later render starts them again.
 */
const IDLE_MS = 2000;

export interface ThreadedOptions {
  /** The worker module (./render-worker.ts), by absolute path; without it everything renders in this thread. */
  workerFile: string;
  /** Worker threads; default `MARKDOWN_THREADS`, else one per core. */
  threads?: number;
  /** Each worker's heap; default `WORKER_HEAP`. */
  heap?: ResourceLimits;
}

type RenderOptions = Parameters<MarkdownRenderer['render']>[1];

interface Slot {
  worker: Worker;
  busy: number;
  stopping: boolean;
}

interface Waiting {
  slot: Slot;
  content: string;
  opts: RenderOptions;
  resolve: (r: MarkdownRenderResult) => void;
  reject: (e: Error) => void;
}

function threadsFromEnv(): number {
  const value = process.env['MARKDOWN_THREADS'];
  if (value === undefined || value === '') return availableParallelism();
  if (!/^\d+$/.test(value)) throw new Error(`MARKDOWN_THREADS must be a whole number, got "${value}"`);
  return Number(value);
}

/** Hands each render to the least busy of `threads` workers, started on first use. */
class RenderPool implements MarkdownRenderer {
  readonly #workers: Slot[] = [];
  #idle: ReturnType<typeof setTimeout> | undefined;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 0;
  #outOfMemory = 0;
  readonly #workerFile: string;
  readonly #threads: number;
  readonly #heap: ResourceLimits;
  readonly #shared: AstroMarkdownOptions;
  /** This thread's renderer: for what a worker held when it ran out of memory. */
  readonly #here: MarkdownRenderer;

  constructor(
    workerFile: string,
    threads: number,
    heap: ResourceLimits,
    shared: AstroMarkdownOptions,
    here: MarkdownRenderer,
  ) {
    this.#workerFile = workerFile;
    this.#threads = threads;
    this.#heap = heap;
    this.#shared = shared;
    this.#here = here;
  }

  render(content: string, opts: RenderOptions = {}) {
    if (this.#outOfMemory >= OUT_OF_MEMORY_LIMIT) return this.#here.render(content, opts);
    clearTimeout(this.#idle);
    while (this.#workers.length < this.#threads) this.#startOne();
    const slot = this.#workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = (this.#nextId += 1);
    const request: RenderRequest = { id, content, fileURL: opts?.fileURL?.href, frontmatter: opts?.frontmatter };
    return new Promise<MarkdownRenderResult>((resolve, reject) => {
      this.#waiting.set(id, { slot, content, opts, resolve, reject });
      if ((slot.busy += 1) === 1) slot.worker.ref();
      slot.worker.postMessage(request);
    });
  }

  #startOne(): void {
    const worker = new Worker(this.#workerFile, { workerData: this.#shared, resourceLimits: this.#heap });
    const slot: Slot = { worker, busy: 0, stopping: false };
    // Held only while it has renders to answer: an idle worker never keeps the build's process alive.
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      if ((slot.busy -= 1) === 0) worker.unref();
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if ('result' in reply) waiting?.resolve(reply.result);
      else waiting?.reject(new Error(reply.error));
      this.#idleWhenDone();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.#renderHere(slot);
      else this.#failAll(new Error(`a Markdown worker failed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (code !== 0 && !slot.stopping) this.#failAll(new Error(`a Markdown worker stopped with exit code ${code}`));
    });
    this.#workers.push(slot);
  }

  /** Drops a worker that ran out of memory, and renders in this thread what it held. */
  #renderHere(slot: Slot): void {
    slot.stopping = true;
    this.#outOfMemory += 1;
    const index = this.#workers.indexOf(slot);
    if (index !== -1) this.#workers.splice(index, 1); // else stopped already, as idle
    for (const [id, waiting] of this.#waiting) {
      if (waiting.slot !== slot) continue;
      this.#waiting.delete(id);
      redone.renders += 1;
      this.#here.render(waiting.content, waiting.opts).then(waiting.resolve, waiting.reject);
    }
    this.#idleWhenDone();
  }

  /** With no render left to answer, the workers stop after `IDLE_MS`. */
  #idleWhenDone(): void {
    if (this.#waiting.size === 0) this.#idle = setTimeout(() => this.#stop(), IDLE_MS).unref();
  }

  /** Stops every worker (none has a render to answer); the next render starts new ones. */
  #stop(): void {
    for (const slot of this.#workers.splice(0)) {
      slot.stopping = true;
      void slot.worker.terminate();
    }
  }

  #failAll(error: Error): void {
    for (const { reject } of this.#waiting.values()) reject(error);
    this.#waiting.clear();
  }
}

export function threadedMarkdown({ workerFile, threads = threadsFromEnv(), heap = WORKER_HEAP }: ThreadedOptions) {
  const inner = unified(markdownOptions);
  // In the options Astro hashes to decide whether its cached renders still hold (see ../lib/source-digest.ts);
  // nothing reads it.
  const folder = dirname(workerFile);
  Object.assign(inner.options, {
    pipelineDigest: sourceDigest([workerFile, join(folder, 'pipeline.ts')], projectRoot(folder)),
  });
  return {
    ...inner,
    async createRenderer(shared: AstroMarkdownOptions): Promise<MarkdownRenderer> {
      const here = await inner.createRenderer(shared);
      if (threads < 1 || !existsSync(workerFile)) return here;
      let options: AstroMarkdownOptions;
      try {
        // What the worker gets must survive being copied to it (no functions).
        options = structuredClone(shared);
      } catch {
        return here;
      }
      const pool = new RenderPool(workerFile, threads, heap, options, here);
      let renderedHere = 0;
      return {
        render(content, opts) {
          if (renderedHere < RENDERED_HERE_FIRST) {
            renderedHere += 1;
            return here.render(content, opts);
          }
          return pool.render(content, opts);
        },
      };
    },
  } satisfies MarkdownProcessor<UnifiedResolvedOptions>;
}
