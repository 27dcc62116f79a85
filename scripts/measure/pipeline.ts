/**
 * `npm run bench:pipeline`: the two per-article costs of a cold build, each
 * alone in this one thread, on the bench's synthetic articles (generated in
 * memory): the project's Markdown pipeline (`src/markdown/pipeline.ts`, as
 * Astro runs it: no syntax highlighting) and the citation engine
 * (`formatCitations`, three styles and two exports). No Astro, no files, no
 * other thread: what a change to either costs or saves, without the noise of a
 * whole build.
 *
 * Prints, per part, the time an article took (wall and this thread's CPU) and
 * a hash of everything it produced (HTML and metadata; every citation), so a
 * change meant to be faster only can be checked to write the same bytes: run
 * it before and after, compare the hashes. The first 200 articles warm the
 * code up and are not timed.
 *
 *   npm run bench:pipeline                      2,000 articles, both parts
 *   npm run bench:pipeline -- --count 5000 --only markdown
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';

import { unified } from '@astrojs/markdown-remark';
import yaml from 'js-yaml';

import { formatCitations } from '../../src/citations/engine.ts';
import { cslRecord } from '../../src/citations/record.ts';
import { parseIsoDate } from '../../src/lib/dates.ts';
import { markdownOptions } from '../../src/markdown/pipeline.ts';
import { generateArticles } from './corpus.ts';

const WARM_UP = 200;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    only: { type: 'string' },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1)
  throw new Error(`--count must be a whole number above 0, not ${values.count}`);
if (values.only && values.only !== 'markdown' && values.only !== 'citations')
  throw new Error(`--only is markdown or citations, not ${values.only}`);

interface Frontmatter {
  title: string;
  date: string;
  author?: string;
  source: { name: string; page?: string };
  via?: { name: string };
}

const articles = [...generateArticles({ count: count + WARM_UP })].map(({ slug, markdown }) => {
  const end = markdown.indexOf('\n---\n', 4);
  const data = yaml.load(markdown.slice(4, end)) as Frontmatter;
  const date = parseIsoDate(data.date);
  if (!date) throw new Error(`${slug}: the corpus wrote a date that is not a day: ${data.date}`);
  const record = cslRecord({
    id: slug,
    title: data.title,
    date,
    author: data.author,
    source: data.source,
    via: data.via,
    lang: 'en',
    url: `https://example.org/articles/${slug}/`,
  });
  return { slug, body: markdown.slice(end + 5), record };
});

/** Runs `work` on every article, the first WARM_UP untimed; prints the time an article took and a hash of the outputs. */
async function measure(label: string, work: (article: (typeof articles)[number]) => Promise<string> | string) {
  for (const article of articles.slice(0, WARM_UP)) await work(article);
  const hash = createHash('sha256');
  const timed = articles.slice(WARM_UP);
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  for (const article of timed) hash.update(await work(article));
  const cpu = process.cpuUsage(cpuStart);
  const wall = performance.now() - wallStart;
  const perArticle = (ms: number) => `${(ms / timed.length).toFixed(2)} ms`;
  console.log(
    `${label.padEnd(10)} ${perArticle(wall)} an article (CPU ${perArticle((cpu.user + cpu.system) / 1000)}), ` +
      `${timed.length} articles, output ${hash.digest('hex').slice(0, 16)}`,
  );
}

if (values.only !== 'citations') {
  const renderer = await unified(markdownOptions).createRenderer({ syntaxHighlight: false });
  await measure('markdown', async ({ slug, body }) => {
    const { code, metadata } = await renderer.render(body, { fileURL: new URL(`file:///articles/${slug}.md`) });
    return code + JSON.stringify(metadata);
  });
}
if (values.only !== 'markdown') {
  await measure('citations', ({ record }) => JSON.stringify(formatCitations(record)));
}
