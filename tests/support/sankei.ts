import { readFileSync } from 'node:fs';

/**
 * The Sankei article as captured from the source page (a committed copy of
 * `shared/seed/000_9cbeb038c0ebe39f.txt`), split into what a reader should
 * see: the headline, the seven body paragraphs and the four topics.
 */
const capture = readFileSync(new URL('../fixtures/sankei-capture.txt', import.meta.url), 'utf8');
const lines = capture
  .split('\n')
  .map((line) => line.trim())
  .filter(Boolean);

export const SANKEI = {
  slug: 'new-approach-territorial-talks-russia-illegal-occupation',
  headline: lines[1] ?? '',
  paragraphs: lines.slice(2).filter((line) => !line.startsWith('•')),
  topics: lines.filter((line) => line.startsWith('•')).map((line) => line.replace(/^•\s*/, '')),
  chrome: lines[0] ?? '',
};
