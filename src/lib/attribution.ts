import type { ArticleKind } from './article-schema.ts';

/**
 * The attribution line as the press digest writes it: outlet, print page or
 * pages, the outlet's own time when given, and the kind of item
 * ("The Sankei Shimbun, p. 3 · Summary"). Pure, so the page, the printed copy
 * and the feeds say exactly the same thing.
 */

/** How each kind reads in the attribution, as the digest labels its items. */
export const KIND_LABELS: Record<ArticleKind, string> = {
  summary: 'Summary',
  translation: 'Translation',
  'english-press': 'English Press',
  editorial: 'Editorial',
  poll: 'Poll',
};

export interface SourceOfRecord {
  name: string;
  page?: string | undefined;
  time?: string | undefined;
}

/** "p. 3" for one page, "pp. 1, 4–7" for several (a list or a range), as written otherwise. */
export function pageLabel(page: string): string {
  const clean = page.trim();
  return /[,–-]/.test(clean) ? `pp. ${clean}` : `p. ${clean}`;
}

/** What follows the outlet's name: ", p. 3, 19:37", or '' when the digest gave neither. */
export function printDetails(source: SourceOfRecord): string {
  return [source.page ? pageLabel(source.page) : undefined, source.time]
    .filter((part) => part !== undefined)
    .map((part) => `, ${part}`)
    .join('');
}

/** "The Sankei Shimbun, p. 3 · Summary"; only the parts the entry gives. */
export function attributionText(source: SourceOfRecord, kind?: ArticleKind): string {
  const outlet = `${source.name.trim()}${printDetails(source)}`;
  return kind ? `${outlet} · ${KIND_LABELS[kind]}` : outlet;
}
