import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { toHtml } from 'hast-util-to-html';
import rehypeSanitize from 'rehype-sanitize';
import { unified } from 'unified';

import type { Citations } from './citations.ts';
import type { CslRecord } from './record.ts';

/**
 * citation-js, loaded only when a citation is not in the cache (it takes
 * seconds to load and parse the styles). A build runs it in worker threads
 * (./pool.ts, ./worker.ts), beside the page rendering; `astro dev` and the
 * unit tests load it in their own thread. APA 7 ships with
 * @citation-js/plugin-csl; MLA 9 and Chicago 18 (notes and bibliography) are
 * the Citation Style Language project's styles, kept in ./styles/ (CC BY-SA 3.0,
 * see ./styles/README.md) because no registry package ships them. They are
 * read from disk, not imported through Vite, so a plain Node worker can load
 * this module.
 */

const STYLES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'styles');
const styles = plugins.config.get('@csl').styles;
if (!styles.has('mla')) styles.add('mla', readFileSync(join(STYLES_DIR, 'modern-language-association.csl'), 'utf8'));
if (!styles.has('chicago')) {
  styles.add('chicago', readFileSync(join(STYLES_DIR, 'chicago-notes-bibliography.csl'), 'utf8'));
}

/** The styles "Cite this article" offers, besides the BibTeX and RIS exports. */
export const CITATION_STYLES = ['apa', 'mla', 'chicago'] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];

/**
 * A style without its sort keys (`<sort>…</sort>`, inside `<citation>` and
 * `<bibliography>`). citeproc builds each key's macros into a token list when
 * it makes an engine: 180,000 tokens for Chicago's bibliography sort, 70,000
 * for each of APA's, about 210 MB of the 240 MB a thread held with the three
 * engines made. A bibliography of one item has nothing to sort, so the
 * entries are the same (tests/unit/citations.test.ts compares them with
 * citation-js's own, sorted, formatting of the full style).
 */
export function withoutSortKeys(xml: string): string {
  return xml.replace(/<sort(?=[\s>])[^>]*>[\s\S]*?<\/sort\s*>/g, '');
}

/** The name each style's one-entry form is registered under (`withoutSortKeys`), beside the full style. */
export const entryStyle = (style: CitationStyle) => `${style} (one entry)`;
for (const style of CITATION_STYLES) {
  if (!styles.has(entryStyle(style))) styles.add(entryStyle(style), withoutSortKeys(styles.get(style)));
}

// The engine's HTML is built from entry text, which it escapes; it is still
// sanitized to the few inline elements a reference uses, like everything else
// on the page that comes from content.
const entrySanitizer = unified()
  .use(rehypeSanitize, { tagNames: ['i', 'b', 'sup', 'sub', 'span'], attributes: {}, strip: ['script', 'style'] })
  .freeze();

// citeproc reads a few HTML tags inside field values as rich text (`<b>`,
// `<i>`, `<sup>`…), so a headline with `<b>` in it would come out bold. The
// frontmatter is text, never markup: angle brackets are swapped for two
// private-use characters the engine leaves alone, and turned back into
// escaped brackets in its output.
const LT = '\uE000';
const GT = '\uE001';

function withoutMarkup<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('<', LT).replaceAll('>', GT) as T;
  if (Array.isArray(value)) return value.map(withoutMarkup) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutMarkup(item)])) as T;
  }
  return value;
}

const csl = plugins.config.get('@csl');

/**
 * The entry citeproc writes for one record alone, `<div class="csl-entry">…</div>`.
 *
 * This is what `new Cite(record).format('bibliography', …)` does (the same
 * cached engine per style, one item in it at a time), less two steps that
 * cost most of its time and cannot change a bibliography of one item:
 * sorting it (the engine's style has no sort keys: `withoutSortKeys`) and
 * disambiguating it against other items (citeproc renders every item in the
 * style's citation layout to find ambiguous cites, even when it is the only
 * one). The citation layout's token list is emptied only for this call and
 * put back after, so the engine is otherwise untouched. Rendering one item
 * at a time also keeps items from disambiguating one another ("2024a"),
 * which one engine holding every article would do. tests/unit/citations.test.ts pins
 * the exact outputs.
 *
 * citeproc marks items "tainted" (their citations to be rendered again) as
 * it adds and removes them, items by the same author through its name
 * registry, and forgets the marks only when it processes a citation cluster,
 * which this never asks for; every later `updateItems` walks all of them.
 * Over a build's 10,000 records that made each record cost twice as much at
 * the end as at the start (2.5 to 4.9 ms, the same output). The marks are
 * dropped after each entry: the items they name are rendered, or already
 * removed from the engine.
 */
function bibliographyEntry(record: CslRecord, style: CitationStyle): string {
  const engine = csl.engine([record], entryStyle(style), 'en-US', 'html');
  const { citation } = engine;
  const saved = citation.tokens;
  citation.tokens = [];
  try {
    engine.updateItems([record.id]);
    const [, entries] = engine.makeBibliography();
    return entries.join('');
  } finally {
    citation.tokens = saved;
    engine.tmp.taintedItemIDs = {};
    engine.tmp.taintedCitationIDs = {};
  }
}

/** One reference in a style, as inline HTML (`<i>` for titles) without the engine's wrapper divs. */
export function formatReference(record: CslRecord, style: CitationStyle): string {
  const html = bibliographyEntry(withoutMarkup(record), style);
  const entry = select('.csl-entry', fromHtml(html, { fragment: true })) as Element | undefined;
  if (!entry) throw new Error(`citation-js gave no ${style} entry for "${record.id}"`);
  const clean = entrySanitizer.runSync({ type: 'root', children: entry.children } as Root) as Root;
  return toHtml(clean).trim().replaceAll(LT, '&lt;').replaceAll(GT, '&gt;');
}

/** BibTeX, as citation-js writes it (tab-indented fields). */
export function formatBibtex(record: CslRecord): string {
  return new Cite(record).format('bibtex', { format: 'text' }).trim();
}

type RisEntry = Record<string, string | string[]>;

/**
 * RIS (`TY  - NEWS` … `ER  - `): citation-js maps the record to RIS tags;
 * the lines are written here, one per value, for two gaps in its writer: it
 * breaks values every 70 characters (importers join such continuation lines
 * with a space, which would split the article's address), and on a newspaper
 * record (`NEWS`) it drops the byline, which RIS puts in `AU`.
 */
export function formatRis(record: CslRecord): string {
  const [entry] = new Cite(record).format('ris', { format: 'object' }) as unknown as RisEntry[];
  if (!entry) throw new Error(`citation-js gave no RIS record for "${record.id}"`);
  const { TY, ...rest } = entry;
  const tags: RisEntry = record.author && !rest['AU'] ? { AU: record.author.map(risName), ...rest } : rest;
  const lines = [`TY  - ${String(TY)}`];
  for (const [tag, value] of Object.entries(tags)) {
    for (const item of ([] as string[]).concat(value))
      lines.push(`${tag}  - ${String(item).replace(/\s*\n\s*/g, ' ')}`);
  }
  lines.push('ER  - ');
  return lines.join('\n');
}

/** "Tanaka, Hiroshi", as RIS writes a person. */
function risName(name: Record<string, string>): string {
  if (name['literal']) return name['literal'];
  const family = [name['non-dropping-particle'], name['family']].filter(Boolean).join(' ');
  return [family, name['given']].filter(Boolean).join(', ');
}

/** Every format "Cite this article" offers, for one record. */
export function formatCitations(record: CslRecord): Citations {
  return {
    apa: formatReference(record, 'apa'),
    mla: formatReference(record, 'mla'),
    chicago: formatReference(record, 'chicago'),
    bibtex: formatBibtex(record),
    ris: formatRis(record),
  };
}
