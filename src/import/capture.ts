import type { ArticleKind } from '../lib/article-schema.ts';

/**
 * What an importer could read from a capture. Everything but the body is
 * optional: the command-line flags fill in (or override) what is missing, and
 * the entry builder says which flags to add for what is still missing.
 */
export interface Capture {
  /** "text capture" or "HTML page", for messages. */
  format: string;
  title?: string | undefined;
  dek?: string | undefined;
  /** `YYYY-MM-DD`. */
  date?: string | undefined;
  author?: string | undefined;
  section?: string | undefined;
  lang?: string | undefined;
  sourceName?: string | undefined;
  sourceUrl?: string | undefined;
  tags: string[];
  /** The article text as Markdown, ending in one newline. */
  body: string;
  /** The first paragraph as plain text: where a missing `dek` is taken from. */
  lead?: string | undefined;
  /** What the digest's item labels say ("Sankei, p. 3", "Translation"). */
  page?: string | undefined;
  /** The outlet's own publication time, `HH:MM`. */
  time?: string | undefined;
  kind?: ArticleKind | undefined;
  /** Where this text was published, when that is not the source: a digest's own page. */
  viaName?: string | undefined;
  viaUrl?: string | undefined;
}

export interface ParseOptions {
  /** The headline comes from --title, so a capture without one is all body rather than an error. */
  titleGiven?: boolean;
}

/** A problem with the input or the flags; the CLI prints it after the file name and writes nothing. */
export class ImportError extends Error {
  override name = 'ImportError';
}
