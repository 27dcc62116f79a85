/** Words a minute for an adult reading news prose on screen. */
export const WORDS_PER_MINUTE = 230;

/** Counts words in Markdown text, ignoring markup, URLs and HTML tags. */
export function countWords(markdown: string): number {
  const plain = markdown
    .replace(/<[^>]*>/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/https?:\/\/\S+/g, ' ');
  const words = plain.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
  return words?.length ?? 0;
}

/** Whole minutes to read so many words, at least one. */
export function minutesForWords(words: number): number {
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/** Whole minutes to read, at least one. */
export function readingMinutes(markdown: string): number {
  return minutesForWords(countWords(markdown));
}
