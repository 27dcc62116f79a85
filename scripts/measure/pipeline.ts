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

import { formatCitations } from '../../src/citations/engine.ts';
import { articleRecord } from '../../src/citations/pool.ts';
import { checkEntries, DEFAULT_FUTURE_MARGIN_DAYS } from '../../src/lib/validate-entries.ts';
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

// The articles as the build sees them: its own entry checks parse the frontmatter (src/lib/validate-entries.ts),
// and each record is made as the build's citation pool makes it.
const generated = [...generateArticles({ count: count + WARM_UP })];
const files = generated.map(({ slug, markdown }) => ({
  path: `${slug}.md`,
  relativePath: `${slug}.md`,
  text: markdown,
}));
const { issues, articles: validated } = checkEntries(files, {
  now: new Date(),
  futureMarginDays: DEFAULT_FUTURE_MARGIN_DAYS,
});
const errors = issues.filter((issue) => issue.severity === 'error');
if (errors.length > 0 || validated.length !== generated.length) {
  throw new Error(`the corpus did not pass the entry checks: ${JSON.stringify(errors.slice(0, 3))}`);
}
// Every file passed, so the checked articles are the files, in the same order (ids are slugs of the file names).
const articles = generated.map(({ slug, markdown }, i) => ({
  slug,
  body: markdown.slice(markdown.indexOf('\n---\n', 4) + 5),
  record: articleRecord(validated[i] as (typeof validated)[number], 'https://example.org/', '/'),
}));

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
