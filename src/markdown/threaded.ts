import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import {
  type AstroMarkdownOptions,
  type MarkdownProcessor,
  type MarkdownRenderer,
  type MarkdownRenderResult,
  unified,
  type UnifiedResolvedOptions,
} from '@astrojs/markdown-remark';

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
}

function threadsFromEnv(): number {
  const value = process.env['MARKDOWN_THREADS'];
  if (value === undefined || value === '') return availableParallelism();
  if (!/^\d+$/.test(value)) throw new Error(`MARKDOWN_THREADS must be a whole number, got "${value}"`);
  return Number(value);
}

/** Hands each render to the least busy of `threads` workers, started on first use. */
class RenderPool implements MarkdownRenderer {
  readonly #workers: { worker: Worker; busy: number; stopping: boolean }[] = [];
  #idle: ReturnType<typeof setTimeout> | undefined;
  readonly #waiting = new Map<number, { resolve: (r: MarkdownRenderResult) => void; reject: (e: Error) => void }>();
  #nextId = 0;
  readonly #workerFile: string;
  readonly #threads: number;
  readonly #shared: AstroMarkdownOptions;

  constructor(workerFile: string, threads: number, shared: AstroMarkdownOptions) {
    this.#workerFile = workerFile;
    this.#threads = threads;
    this.#shared = shared;
  }

  render(content: string, opts: { fileURL?: URL; frontmatter?: Record<string, unknown> } = {}) {
    clearTimeout(this.#idle);
    if (this.#workers.length === 0) this.#start();
    const slot = this.#workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = (this.#nextId += 1);
    const request: RenderRequest = { id, content, fileURL: opts.fileURL?.href, frontmatter: opts.frontmatter };
    return new Promise<MarkdownRenderResult>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      if ((slot.busy += 1) === 1) slot.worker.ref();
      slot.worker.postMessage(request);
    });
  }

  #start(): void {
    for (let i = 0; i < this.#threads; i += 1) {
      const slot = { worker: new Worker(this.#workerFile, { workerData: this.#shared }), busy: 0, stopping: false };
      // Held only while it has renders to answer: an idle worker never keeps the build's process alive.
      slot.worker.unref();
      slot.worker.on('message', (reply: RenderReply) => {
        if ((slot.busy -= 1) === 0) slot.worker.unref();
        const waiting = this.#waiting.get(reply.id);
        this.#waiting.delete(reply.id);
        if ('result' in reply) waiting?.resolve(reply.result);
        else waiting?.reject(new Error(reply.error));
        if (this.#waiting.size === 0) this.#idle = setTimeout(() => this.#stop(), IDLE_MS).unref();
      });
      slot.worker.on('error', (error) => this.#failAll(new Error(`a Markdown worker failed: ${error.message}`)));
      slot.worker.on('exit', (code) => {
        if (code !== 0 && !slot.stopping) this.#failAll(new Error(`a Markdown worker stopped with exit code ${code}`));
      });
      this.#workers.push(slot);
    }
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

export function threadedMarkdown({ workerFile, threads = threadsFromEnv() }: ThreadedOptions) {
  const inner = unified(markdownOptions);
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
      const pool = new RenderPool(workerFile, threads, options);
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
