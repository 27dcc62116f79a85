/**
 * What an importer could read from a capture. Everything but the body is
 * optional: the command-line flags fill in (or override) what is missing, and
 * the entry builder says which flags to add for what is still missing.
 */
export interface Capture {
  /** "text capture" or "HTML page", for messages. */
  kind: string;
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
}

export interface ParseOptions {
  /** The headline comes from --title, so a capture without one is all body rather than an error. */
  titleGiven?: boolean;
}

/** A problem with the input or the flags; the CLI prints it after the file name and writes nothing. */
export class ImportError extends Error {
  override name = 'ImportError';
}
