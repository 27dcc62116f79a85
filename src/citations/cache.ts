import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Citations } from './citations.ts';

/**
 * Formatted citations are kept between builds, one small file per record in
 * Astro's cache folder (`node_modules/.astro/citations/`, or `CACHE_DIR`), so
 * a rebuild formats only records that changed, and whatever keeps that folder
 * for the incremental build (CI, Netlify) keeps these too. `CITATION_CACHE=off`
 * turns it off.
 */
export class CitationCache {
  readonly #dir: string;
  readonly #on = process.env['CITATION_CACHE'] !== 'off';

  constructor(cacheDir: string) {
    this.#dir = join(cacheDir, 'citations');
  }

  has(key: string): boolean {
    return this.#on && existsSync(this.#file(key));
  }

  read(key: string): Citations | undefined {
    if (!this.#on) return undefined;
    try {
      return JSON.parse(readFileSync(this.#file(key), 'utf8')) as Citations;
    } catch {
      return undefined;
    }
  }

  write(key: string, citations: Citations): void {
    if (!this.#on) return;
    try {
      mkdirSync(this.#dir, { recursive: true });
      // Written beside, then renamed: a build killed here leaves no half file.
      const temp = `${this.#file(key)}.${process.pid}`;
      writeFileSync(temp, JSON.stringify(citations));
      renameSync(temp, this.#file(key));
    } catch {
      // A read-only cache folder only means no cache: the citations are still right.
    }
  }

  #file(key: string): string {
    return join(this.#dir, `${key}.json`);
  }
}
