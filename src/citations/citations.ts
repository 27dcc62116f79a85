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
 * What a build offers the article pages: their citations, formatted in worker
 * threads and cached between builds (./pool.ts). The publish integration puts
 * it at `globalThis[CITATION_SERVICE]`: the integration and the pages' bundle
 * are separate module graphs in one process, and this is the one object they
 * share.
 */
export interface CitationService {
  /** What the citations depend on besides their records (`citationsDigest` in ./pool.ts). */
  readonly version: string;
  format(record: CslRecord): Promise<Citations>;
}

export const CITATION_SERVICE = Symbol.for('news-reader:citation-service');

/**
 * All five formats for a record. In a build, from the build's citation
 * service (cached, or formatted ahead in a worker thread); without one
 * (`astro dev`, unit tests), formatted here, in this thread.
 */
export async function citationsFor(record: CslRecord): Promise<Citations> {
  const service = buildService();
  if (service) return service.format(record);
  const { formatCitations } = await import('./engine.ts');
  return formatCitations(record);
}

/**
 * What an article page's `cacheKey` holds for its citations: the build's
 * citation digest, so a page whose citations would come out different is
 * rendered again, not reused. Outside a build (`astro dev`) nothing is reused,
 * and nothing is formatted ahead either.
 */
export function citationsVersion(): string {
  return buildService()?.version ?? 'formatted in the page';
}

const buildService = () => (globalThis as { [CITATION_SERVICE]?: CitationService })[CITATION_SERVICE];
