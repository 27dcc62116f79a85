import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { addArticleOnNewDay, editOneArticle, TOPIC_POOL, writeCorpus } from '../../scripts/measure/corpus.ts';
import { buildSite, fileHashes, removeTempDir, tempDir } from '../support/build-site.ts';

/**
 * The incremental build (experimental.incrementalBuild with a cacheKey on
 * every getStaticPaths page) may reuse pages only when they would come out
 * the same: after an edit and a new day's article, a warm build must write
 * exactly the bytes a cold build of the same content writes, file for file.
 * That fails when a key leaves out something its page shows: dropping the
 * related articles' fingerprints from the article key (src/lib/content.ts)
 * makes 14 article pages differ. And a new article must not re-render every
 * article on its topic, as it did while article pages showed topic counts.
 */

const work = tempDir('incremental');
afterAll(() => removeTempDir(work));

/** How many articles in `content` list `topic` among their tags. */
function articlesOnTopic(content: string, topic: string): number {
  const dir = join(content, 'articles');
  return readdirSync(dir).filter((file) => {
    const tags = /^tags:\n((?: {2}- .*\n)+)/m.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? '';
    return tags.split('\n').includes(`  - ${topic}`);
  }).length;
}

/** Every folder under `dir`, relative to it, sorted. */
const folders = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isDirectory())
    .sort();

/** Waits for the last build's background deleter to leave the old build's folders as the spare. */
async function waitForSpare(spare: string) {
  await expect
    .poll(() => existsSync(spare), { timeout: 60_000, message: `no spare folder ${spare} a minute after the build` })
    .toBe(true);
}

describe('a warm build', () => {
  it('writes byte for byte what a cold build of the same content writes, having reused pages', async () => {
    const content = join(work, 'content');
    // 70 articles: three pages of the home listing, so a new article shifts every page.
    writeCorpus(content, { count: 70 });
    const cache = join(work, 'cache');
    const env = { CONTENT_DIR: content };

    // Every warm build replaces the same site, as a publisher's do: the old build's folders are reused.
    const site = join(work, 'site');
    const spare = join(work, '.site-spare');
    const first = await buildSite(site, { env, cacheDir: cache });
    expect(first.status, first.output).toBe(0);
    expect(first.output, 'every citation is formatted in a worker thread before its page asks for it').toMatch(
      /citations: 70 formatted in worker threads, 0 from the cache, 0 on demand/,
    );
    expect(first.output, 'the new content store is written by the piecewise writer').toMatch(
      /content store: [\d.]+ [KM]B written a piece at a time/,
    );

    const onBiggestTopic = articlesOnTopic(content, TOPIC_POOL[0] as string);
    expect(onBiggestTopic, 'the corpus has a topic with many articles').toBeGreaterThan(20);
    // The corpus's file names are already URL slugs.
    const pageOf = (file: string) => `/articles/${basename(file, '.md')}/index.html`;
    const edited = pageOf(editOneArticle(content));
    const added = pageOf(addArticleOnNewDay(content));
    const warm = await buildSite(site, { env, cacheDir: cache });
    expect(warm.status, warm.output).toBe(0);
    const reused = warm.output.match(/\((?:cached|restored)\)/g)?.length ?? 0;
    expect(reused, `the warm build reused no page:\n${warm.output.slice(-3000)}`).toBeGreaterThan(30);
    expect(warm.output, 'every reused page is a hard link to the cached copy, none a copy').toMatch(
      new RegExp(`pages reused from the incremental cache: ${reused} linked, 0 copied`),
    );
    expect(warm.output, 'the page check only parses what changed').toMatch(
      /\(\d+ checked now, \d+ while pages were written, [1-9]\d* unchanged/,
    );
    // The edit touched the body only, so only the new article's citations are formatted again.
    expect(warm.output, 'a warm build formats only the new citation').toMatch(
      /citations: 1 formatted in worker threads, \d+ from the cache, 0 on demand/,
    );
    expect(warm.output, 'an edit and a new article change the store, and the piecewise writer writes it').toMatch(
      /content store: [\d.]+ [KM]B written a piece at a time/,
    );
    // The new article is on the biggest topic. Rendered again: it, the edited one, and the articles whose
    // "More on these topics" list now includes it; not every article on the topic.
    // Astro logs every page's path once, a reused one followed at once by "(cached)" or "(restored)". A rendered
    // page's time comes after its render, and with `build.concurrency` above 1 other pages' lines come in between,
    // so the rendered pages are the logged ones that were not reused.
    // Colours stripped: Astro colours its log when it thinks a terminal is watching (CI=true, for one).
    const log = stripVTControlCharacters(warm.output);
    const articlePages = (pattern: RegExp) => new Set([...log.matchAll(pattern)].map((match) => match[1]));
    const logged = articlePages(/(\/articles\/[^/\s]+\/index\.html)/g);
    const reusedArticles = articlePages(/(\/articles\/[^/\s]+\/index\.html) \((?:cached|restored)\)/g);
    const rendered = [...logged].filter((page) => !reusedArticles.has(page));
    expect(
      rendered.length,
      `one new article on a topic of ${onBiggestTopic} re-rendered ${rendered.length} article pages:\n${rendered.join('\n')}`,
    ).toBeLessThan(onBiggestTopic);
    expect(rendered, 'the new and the edited article pages at least were rendered').toEqual(
      expect.arrayContaining([edited, added]),
    );

    // Built again with nothing changed, into the folders the first build left: Astro's content store must not be
    // serialized, let alone written, and pages that are the files the last check read are not read again.
    await waitForSpare(spare);
    const again = await buildSite(site, { env, cacheDir: cache });
    expect(again.status, again.output).toBe(0);
    expect(again.output, 'a build with nothing changed leaves the content store alone').toMatch(
      /content store: unchanged, not written/,
    );
    expect(again.output, "the build reuses the old build's folders").toContain(
      "(an old build's folders, its files deleted)",
    );
    const check =
      /\((\d+) checked now, \d+ while pages were written, (\d+) unchanged since a previous check; (\d+) read\)/.exec(
        again.output,
      );
    expect(check, again.output.slice(-2000)).not.toBeNull();
    const [, , unchanged, read] = (check ?? []).map(Number);
    expect(read, `pages read by the page check of a build that changed nothing, of ${unchanged}`).toBeLessThan(
      (unchanged ?? 0) / 2,
    );

    // An article withdrawn: its page's folder, left by the old build, must not be published empty.
    const withdrawn = join(content, 'articles', readdirSync(join(content, 'articles')).sort()[1] ?? '');
    rmSync(withdrawn);
    await waitForSpare(spare);
    const afterWithdrawal = await buildSite(site, { env, cacheDir: cache });
    expect(afterWithdrawal.status, afterWithdrawal.output).toBe(0);
    expect(existsSync(join(site, 'articles', basename(withdrawn, '.md'))), "the withdrawn article's folder").toBe(
      false,
    );

    const cold = await buildSite(join(work, 'cold'), { env });
    expect(cold.status, cold.output).toBe(0);
    expect(cold.output, 'a cold build reuses nothing').not.toMatch(/\((?:cached|restored)\)/);

    const warmFiles = fileHashes(site);
    const coldFiles = fileHashes(join(work, 'cold'));
    expect(Object.keys(warmFiles), 'the same files').toEqual(Object.keys(coldFiles));
    const differing = Object.keys(coldFiles).filter((path) => warmFiles[path] !== coldFiles[path]);
    expect(differing, 'files whose bytes differ between the warm and the cold build').toEqual([]);
    expect(folders(site), 'the same folders (none left empty by the old build)').toEqual(folders(join(work, 'cold')));
  }, 600_000);
});
