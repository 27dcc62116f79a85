import { cacheKey } from '../lib/cache-key.ts';
import type { CslRecord } from './record.ts';

/** Every format "Cite this article" offers, made from one record. */
export interface Citations {
  /** APA 7th edition, inline HTML. */
  apa: string;
  /** MLA 9th edition, inline HTML. */
  mla: string;
  /** Chicago 18th edition, notes and bibliography (the bibliography entry), inline HTML. */
  chicago: string;
  bibtex: string;
  ris: string;
}

/**
 * What the output depends on besides the record: the library and the style
 * files. Change it when either changes (a unit test checks the library's
 * version), so no cached citation outlives them.
 */
export const CITATIONS_VERSION = 'citation-js 0.8.2; CSL styles 0819c0e (2026-08-21); format 2';

/** The key a record's citations are cached and looked up by. */
export const citationKey = (record: CslRecord) => cacheKey(CITATIONS_VERSION, record);

/**
 * What a build offers the article pages: their citations, formatted in worker
 * threads and cached between builds (./pool.ts), by the record's key. The
 * publish integration puts it at `globalThis[CITATION_SERVICE]`: the
 * integration and the pages' bundle are separate module graphs in one
 * process, and this is the one object they share.
 */
export interface CitationService {
  format(key: string, record: CslRecord): Promise<Citations>;
}

export const CITATION_SERVICE = Symbol.for('news-reader:citation-service');

/**
 * All five formats for a record. In a build, from the build's citation
 * service (cached, or formatted ahead in a worker thread); without one
 * (`astro dev`, unit tests), formatted here, in this thread.
 */
export async function citationsFor(record: CslRecord): Promise<Citations> {
  const service = (globalThis as { [CITATION_SERVICE]?: CitationService })[CITATION_SERVICE];
  if (service) return service.format(citationKey(record), record);
  const { formatCitations } = await import('./engine.ts');
  return formatCitations(record);
}
