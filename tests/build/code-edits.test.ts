import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { writeCorpus } from '../../scripts/measure/corpus.ts';
import { buildSite, removeTempDir, tempDir } from '../support/build-site.ts';

/**
 * A warm build must show an edit to the code that makes the pages, not only
 * to the content. Astro's own hashes miss two kinds: the Markdown pipeline's
 * plugins (functions, which its config hash leaves out) and the citations
 * (formatted in worker threads from CSL files read from disk, outside Vite's
 * module graph); and most Vite options, of which its config hash takes a
 * few. Each kept its old output in a warm build until a digest joined the
 * keys (src/lib/source-digest.ts). This builds a copy of the project, edits
 * each in turn, and builds again with the cache.
 */

const work = tempDir('code-edits');
afterAll(() => removeTempDir(work));

/** A copy of this project's code, sharing its installed packages. */
function projectCopy(): string {
  const project = join(work, 'project');
  for (const path of [
    'src',
    'public',
    'patches',
    'astro.config.ts',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
  ])
    cpSync(path, join(project, path), { recursive: true });
  symlinkSync(join(process.cwd(), 'node_modules'), join(project, 'node_modules'), 'dir');
  return project;
}

function edit(file: string, from: string | RegExp, to: string) {
  const text = readFileSync(file, 'utf8');
  const edited = text.replaceAll(from, to);
  expect(edited, `${file} has ${String(from)} to edit`).not.toBe(text);
  writeFileSync(file, edited);
}

/** Each article page of a built site, by slug. */
function articlePages(site: string): Map<string, string> {
  const dir = join(site, 'articles');
  return new Map(readdirSync(dir).map((slug) => [slug, readFileSync(join(dir, slug, 'index.html'), 'utf8')]));
}

/** Every `/_astro/` file a page of `site` names that is not in `site`, as "page: file". */
function missingAssets(site: string): string[] {
  const pages = readdirSync(site, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.html'));
  return pages.flatMap((page) =>
    [...readFileSync(join(site, page), 'utf8').matchAll(/"\/(_astro\/[^"]+)"/g)]
      .map(([, asset]) => asset as string)
      .filter((asset) => !existsSync(join(site, asset)))
      .map((asset) => `${page}: ${asset}`),
  );
}

const mlaEntry = (html: string) => /id="cite-mla">(.*?)<\/p>/s.exec(html)?.[1] ?? '';
const readingTime = (html: string) => Number(/ · (\d+) min read/.exec(html)?.[1]);

describe('a warm build after a code edit', () => {
  it('formats the citations again after a style edit, and renders pages again after a Vite option or pipeline edit', async () => {
    const project = projectCopy();
    const content = join(work, 'content');
    writeCorpus(content, { count: 6 });
    const site = join(project, 'dist');
    const options = { project, env: { CONTENT_DIR: content }, cacheDir: join(work, 'cache') };

    const cold = await buildSite(site, options);
    expect(cold.status, cold.output).toBe(0);
    const before = articlePages(site);
    for (const [slug, html] of before) {
      expect(mlaEntry(html), `${slug}: the MLA entry italicizes the outlet`).toMatch(/<i>[^<]+<\/i>/);
    }

    // MLA prints the outlet (the container title) in capitals, not italics.
    edit(
      join(project, 'src/citations/styles/modern-language-association.csl'),
      '<text font-style="italic" text-case="title" variable="container-title"/>',
      '<text font-style="normal" text-case="uppercase" variable="container-title"/>',
    );
    const styled = await buildSite(site, options);
    expect(styled.status, styled.output).toBe(0);
    expect(styled.output, 'every citation formatted again, none from the cache').toMatch(
      /citations: 6 formatted in worker threads, 0 from the cache/,
    );
    // The log is in colour where the environment asks for it (FORCE_COLOR), as in CI.
    expect(stripVTControlCharacters(styled.output), 'pages without citations (editions) are still reused').toMatch(
      /\/editions\/\S+ \(restored\)/,
    );
    for (const [slug, html] of articlePages(site)) {
      const outlet = /<i>([^<]+)<\/i>/.exec(mlaEntry(before.get(slug) ?? ''))?.[1] ?? '';
      expect(mlaEntry(html), `${slug}: the MLA entry after the style edit`).toContain(outlet.toUpperCase());
    }

    // One stylesheet per page type instead of one for the site: new file names, which every page must name.
    edit(join(project, 'astro.config.ts'), 'cssCodeSplit: false', 'cssCodeSplit: true');
    const split = await buildSite(site, options);
    expect(split.status, split.output).toBe(0);
    const missing = missingAssets(site);
    expect(missing, 'pages naming a stylesheet or script the build did not write').toEqual([]);

    // Ten times the reading time.
    edit(join(project, 'src/lib/reading-time.ts'), 'WORDS_PER_MINUTE = 230', 'WORDS_PER_MINUTE = 23');
    const slower = await buildSite(site, options);
    expect(slower.status, slower.output).toBe(0);
    expect(slower.output, 'the content store is emptied and every article rendered again').toMatch(
      /Astro config changed/,
    );
    for (const [slug, html] of articlePages(site)) {
      const minutes = readingTime(before.get(slug) ?? '');
      expect(
        readingTime(html),
        `${slug}: minutes to read after the pipeline edit (before: ${minutes})`,
      ).toBeGreaterThan(minutes * 5);
    }
  }, 240_000); // four builds, on a busy two-core machine
});
