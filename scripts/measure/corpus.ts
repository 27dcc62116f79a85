/**
 * A synthetic news corpus for the scale tests (`npm run bench`,
 * `npm run budget:scale`): N articles shaped like real ones, the same every
 * time for the same seed.
 *
 * Each article has a valid frontmatter (it passes the project's schema), a
 * body of roughly 400 to 950 words (median about 630: a digest item) with sub-headings, a list, links, a
 * footnote, quotations, now and then a block quote or a table, and raw HTML
 * the sanitizer has to clean (a script, an event handler, a `style`, an
 * iframe). Most articles have typographic quotes and apostrophes, as text
 * captured from publishers' pages does; one in five is typed with straight
 * ones, which the smart-punctuation step then has to convert. Topics come
 * from a pool of 200 with a Zipf-like skew, as on a real news site: a few
 * topics are on thousands of articles, most on a handful.
 *
 * Nothing in the corpus loads anything from another host: links are `<a>`
 * elements only, so a page built from it can still be held to the
 * no-third-party-request budget.
 *
 * CLI: `node scripts/measure/corpus.ts <count> <dir> [seed]` writes `<dir>/articles/*.md`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import yaml from 'js-yaml';

import { ARTICLE_KINDS } from '../../src/lib/article-schema.ts';

/** Deterministic PRNG (mulberry32): a float in [0, 1) per call, the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s
 * (Zipf's law; s = 1 is the classic skew of word and topic frequencies).
 */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= n; rank += 1) {
    total += 1 / rank ** s;
    cumulative.push(total);
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const REGIONS = [
  'Hokkaido',
  'Tohoku',
  'Kanto',
  'Tokyo',
  'Osaka',
  'Kyushu',
  'Okinawa',
  'Shikoku',
  'Chubu',
  'Kansai',
  'Korea',
  'China',
  'Taiwan',
  'Russia',
  'ASEAN',
  'India',
  'Europe',
  'United States',
  'Pacific',
  'Middle East',
];

const SUBJECTS = [
  'Trade',
  'Energy',
  'Defense',
  'Elections',
  'Economy',
  'Fisheries',
  'Tourism',
  'Diplomacy',
  'Health',
  'Technology',
];

/** The pool of topic names: every region with every subject, 200 in all, most frequent first. */
export const TOPIC_POOL: readonly string[] = SUBJECTS.flatMap((subject) =>
  REGIONS.map((region) => `${region} ${subject.toLowerCase()}`),
).map((name) => name.charAt(0).toUpperCase() + name.slice(1));

const WORDS = (
  'the government said on Tuesday that ministers would meet officials from both sides to discuss a new framework ' +
  'for talks on trade and security after months of delay while analysts warned the plan could face opposition in ' +
  'parliament where the ruling coalition holds a narrow majority and several lawmakers have questioned its cost ' +
  'prime minister cabinet budget agency report survey percent yen billion million spokesperson committee proposal ' +
  'agreement summit visit negotiations regional local national international economic political public private ' +
  'sources familiar with the matter told reporters that a decision was expected before the end of the fiscal year ' +
  'according to figures released by the ministry exports rose for the third straight month as demand recovered ' +
  'in several key markets although imports of energy and food also increased sharply raising concerns about prices ' +
  'residents in the affected area were advised to remain cautious and follow instructions from the authorities ' +
  'the opposition party criticized the move as premature and called for a full debate before any vote is held'
).split(' ');

const PUBLISHERS = [
  { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' },
  { name: 'The Yomiuri Shimbun', url: 'https://www.yomiuri.co.jp/' },
  { name: 'The Asahi Shimbun', url: 'https://www.asahi.com/' },
  { name: 'The Mainichi', url: 'https://mainichi.jp/' },
  { name: 'Nikkei', url: 'https://www.nikkei.com/' },
  { name: 'Kyodo News', url: 'https://english.kyodonews.net/' },
];

const SPEAKERS = [
  'a ministry spokesperson',
  'the minister',
  'an opposition lawmaker',
  'a senior official',
  'the mayor',
];

const SECTIONS = ['International', 'Politics', 'Economy', 'Society', 'Regional', 'Science'];

/** How many items a day the synthetic digest publishes (the issue's "about 20 a day"). */
export const ARTICLES_PER_DAY = 20;

/** The kinds of item, as the schema lists them. */
const KINDS = ARTICLE_KINDS;

/** Raw HTML that real captures carry and the sanitizer must reduce to safe markup. */
const RAW_HTML = [
  '<div class="editor-note" onclick="track()"><p>Editor’s note: this report has been <b>updated</b>.</p><script>track("view")</script></div>',
  '<p style="color: red" data-ad="1">Correction: an earlier version misstated the date of the <abbr title="Liberal Democratic Party">LDP</abbr> meeting.</p>',
  '<iframe src="https://ads.example.com/frame" width="300" height="250"></iframe>',
  '<details><summary>Background</summary><p>The talks have been <em>stalled</em> since <time datetime="2013-04-29">April 2013</time>.</p></details>',
  '<figure><blockquote cite="https://example.org/statement"><p>We will make progress step by step.</p></blockquote><figcaption>Statement by the spokesperson</figcaption></figure><style>.x{color:red}</style>',
];

export interface GeneratedArticle {
  /** File name without `.md`: the URL slug. */
  slug: string;
  topics: string[];
  markdown: string;
}

export interface CorpusOptions {
  count: number;
  seed?: number;
  /** Share of articles typed with straight quotes and apostrophes instead of typographic ones. */
  straightQuotes?: number;
}

/** Generates the corpus article by article; the same options always give the same articles. */
export function* generateArticles({
  count,
  seed = 20160512,
  straightQuotes = 0.2,
}: CorpusOptions): Generator<GeneratedArticle> {
  const random = seededRandom(seed);
  const topicRank = zipfSampler(TOPIC_POOL.length, 1, random);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS));
  const sentence = () => {
    const text = words(int(7, 18)).join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: int(2, 5) }, sentence).join(' ');
  const phrase = (n: number) => {
    const text = words(n).join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const day0 = Date.UTC(2010, 0, 1);

  for (let i = 0; i < count; i += 1) {
    const slug = `synthetic-${String(i + 1).padStart(6, '0')}-${words(3).join('-')}`;
    const topics = new Set<string>();
    const wanted = int(1, 5);
    while (topics.size < wanted) topics.add(TOPIC_POOL[topicRank()] as string);
    const source = pick(PUBLISHERS);
    const frontmatter: Record<string, unknown> = {
      title: phrase(int(6, 12)),
      dek: sentence(),
      // Published as a press digest is, about ARTICLES_PER_DAY items a day, so the archive's days (and
      // its daily editions) grow with it; by index, so a smaller corpus is the start of a bigger one.
      date: new Date(day0 + Math.floor((i + int(0, 9)) / ARTICLES_PER_DAY) * 86_400_000).toISOString().slice(0, 10),
      source,
      tags: [...topics],
    };
    if (random() < 0.4) frontmatter['source'] = { ...source, page: String(int(1, 30)) };
    if (random() < 0.6) frontmatter['kind'] = pick(KINDS);
    if (random() < 0.3) frontmatter['via'] = { name: 'Japan Media Highlights', url: 'https://jmh.usembassy.gov/' };
    if (random() < 0.5) frontmatter['author'] = `${phrase(1)} ${phrase(1)}`;
    if (random() < 0.7) frontmatter['section'] = pick(SECTIONS);

    const [open, close, apostrophe] = random() < straightQuotes ? ['"', '"', "'"] : ['“', '”', '’'];
    const quotation = () =>
      `${open}${phrase(int(8, 20))},${close} ${pick(SPEAKERS)} said. ${sentence()} The agency${apostrophe}s ${words(int(6, 14)).join(' ')}.`;
    const blocks: string[] = [];
    blocks.push(`${paragraph()} [Read the original](${source.url}article/${i + 1}) for the full text.[^1]`);
    blocks.push(quotation(), paragraph());
    for (let section = 0, sections = int(2, 4); section < sections; section += 1) {
      blocks.push(`## ${phrase(int(3, 7))}`);
      blocks.push(paragraph());
      if (section === 0) {
        const ordered = random() < 0.4;
        blocks.push(
          Array.from(
            { length: int(3, 6) },
            (_, n) =>
              `${ordered ? `${n + 1}.` : '-'} ${sentence()} See [${pick(WORDS)}](https://example.org/${i}/${n}).`,
          ).join('\n'),
        );
      }
      if (random() < 0.3) blocks.push(`> ${sentence()} ${sentence()}`);
      if (random() < 0.15) {
        blocks.push(
          [
            '| Item | 2015 | 2016 |',
            '| ---- | ---: | ---: |',
            ...Array.from({ length: int(2, 5) }, () => `| ${phrase(2)} | ${int(1, 999)} | ${int(1, 999)} |`),
          ].join('\n'),
        );
      }
      blocks.push(quotation(), paragraph());
      if (section === 1) blocks.push(pick(RAW_HTML));
    }
    blocks.push(`[^1]: ${sentence()}`);

    const markdown = `---\n${yaml.dump(frontmatter, { lineWidth: -1 })}---\n\n${blocks.join('\n\n')}\n`;
    yield { slug, topics: [...topics], markdown };
  }
}

/** Writes the corpus to `<dir>/articles/`, replacing what was there. */
export function writeCorpus(dir: string, options: CorpusOptions): { files: number; bytes: number } {
  const articles = join(dir, 'articles');
  rmSync(articles, { recursive: true, force: true });
  mkdirSync(articles, { recursive: true });
  let files = 0;
  let bytes = 0;
  for (const article of generateArticles(options)) {
    writeFileSync(join(articles, `${article.slug}.md`), article.markdown);
    files += 1;
    bytes += Buffer.byteLength(article.markdown);
  }
  return { files, bytes };
}

/** The articles of a corpus folder, sorted (so "the first" is always the same one). */
function articleFiles(dir: string): string[] {
  return readdirSync(join(dir, 'articles'))
    .filter((file) => file.endsWith('.md'))
    .sort();
}

/** The newest article of a corpus folder (the last by name among those of the latest date), and its date. */
function newestArticle(dir: string): { file: string; date: string } {
  let newest = { file: '', date: '' };
  for (const file of articleFiles(dir)) {
    const date = /^date: '?(\d{4}-\d{2}-\d{2})/m.exec(readFileSync(join(dir, 'articles', file), 'utf8'))?.[1] ?? '';
    if (date >= newest.date) newest = { file, date };
  }
  return newest;
}

/**
 * An editor's correction: one paragraph added to the body of an article (its
 * frontmatter, so its place in every listing, is unchanged). By default the
 * first article by name, which may be of any date (the worst case for the
 * search index, whose older shards are the biggest); `which: 'newest'`
 * corrects the latest article instead, as a digest's corrections mostly do.
 * Returns the edited file.
 */
export function editOneArticle(
  dir: string,
  note = 'Correction: an earlier version of this article misstated a figure.',
  which: 'first' | 'newest' = 'first',
): string {
  const name = which === 'newest' ? newestArticle(dir).file : (articleFiles(dir)[0] as string);
  const file = join(dir, 'articles', name);
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n${note}\n`);
  return file;
}

/**
 * The next day's first article: dated one day after the newest article, on
 * the corpus's most common topic, so it goes to the top of the home page and
 * of that topic and pushes one article down every page of both listings, as
 * a new day's edition does. Returns the new file.
 */
export function addArticleOnNewDay(dir: string): string {
  const newest = newestArticle(dir).date;
  const day = new Date(Date.parse(`${newest}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const [article] = generateArticles({ count: 1, seed: 7 });
  const markdown = (article as GeneratedArticle).markdown
    .replace(/^date: .*$/m, `date: ${day}`)
    .replace(/^tags:\n(?: {2}- .*\n)+/m, `tags:\n  - ${TOPIC_POOL[0]}\n`);
  const file = join(dir, 'articles', `zz-new-day-${day}.md`);
  writeFileSync(file, markdown);
  return file;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [count, dir, seed] = process.argv.slice(2);
  if (!count || !dir || !/^\d+$/.test(count)) {
    console.error('usage: node scripts/measure/corpus.ts <count> <dir> [seed]');
    process.exit(2);
  }
  const result = writeCorpus(dir, { count: Number(count), ...(seed ? { seed: Number(seed) } : {}) });
  console.log(`wrote ${result.files} articles (${(result.bytes / 1e6).toFixed(1)} MB) to ${join(dir, 'articles')}`);
}
