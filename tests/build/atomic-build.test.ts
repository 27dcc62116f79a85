import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { pendingDeletions } from '../../src/integrations/output-folders.ts';
import {
  foldersHolding,
  recoverInterruptedBuilds,
  removeUnusedFolders,
  swapIn,
  takeSpare,
} from '../../src/integrations/publish.ts';
import { buildSite, removeTempDir, tempDir } from '../support/build-site.ts';

/**
 * `astro build` (the publish integration, src/integrations/publish.ts)
 * replaces dist/ only when validation, the Astro build and the safety check
 * all pass. Each kind of failure, and a build killed at any moment, must
 * leave the previous build exactly as it was, byte for byte, and leave no
 * half-built folder once the next build has run. A good build returns with
 * the new dist/ in place; a background process deletes the old one.
 */

const workDir = tempDir('atomic-build');
const out = join(workDir, 'dist');
const fragmentDir = tempDir('fragment-warning');
const sharedDir = tempDir('shared-pages');

afterAll(() => {
  removeTempDir(workDir);
  removeTempDir(fragmentDir);
  removeTempDir(sharedDir);
});

/** Every file and folder under `dir` with a SHA-256 of each file's bytes. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const path of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = join(dir, path);
    entries[path] = statSync(full).isDirectory()
      ? 'folder'
      : createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return entries;
}

const leftovers = () => readdirSync(dirname(out)).filter((name) => name !== 'dist');

/** Everything under `dir` that is not a folder. */
const filesUnder = (dir: string) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name));

/** How long a background deleter may take to delete an old build of a few hundred files on a busy machine. */
const DELETION_DEADLINE = 60_000;
const minimal = { CONTENT_DIR: 'tests/fixtures/minimal-site' };

describe('astro build', () => {
  let before: Record<string, string>;

  it('writes dist/ when everything passes', async () => {
    const build = await buildSite(out, { env: { CONTENT_DIR: 'content' } });
    expect(build.status, build.output).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    before = snapshot(out);
    expect(Object.keys(before).length).toBeGreaterThan(5);
  }, 240_000);

  it.each([
    [
      'a bad entry',
      { CONTENT_DIR: 'tests/fixtures/invalid-entries' },
      'tests/fixtures/invalid-entries/articles/bad-date.md: date: expected a date like 2016-05-12, got "not-a-date"',
    ],
    ['an Astro error', { CONTENT_DIR: 'content', SITE_URL: 'not a url' }, 'Invalid URL'],
    [
      'the safety check failing on a built page',
      { CONTENT_DIR: 'tests/fixtures/stripped-body' },
      'articles/only-markup/index.html: article content is empty',
    ],
  ])(
    'leaves the previous dist/ byte for byte intact after %s',
    async (_name, env, message) => {
      expect(before, 'the first build must have succeeded').toBeDefined();
      const build = await buildSite(out, { env });
      expect(build.status, build.output).toBe(1);
      expect(build.output).toContain(message);
      // Astro rejects a bad config before any hook runs: nothing of ours to say, and nothing touched.
      if (!('SITE_URL' in env)) expect(build.output).toContain('dist/ is unchanged');
      expect(snapshot(out), 'dist/ changed after a failed build').toEqual(before);
      expect(leftovers(), 'the half-built folder is removed').toEqual([]);
    },
    240_000,
  );

  it.each([
    ['as soon as it has validated the articles', 'building into'],
    ['while Astro renders the pages', 'generating static routes'],
    ['after the page check, while Pagefind indexes', 'every built page passed the safety check'],
  ])(
    'leaves the previous dist/ intact when killed (SIGKILL) %s',
    async (_name, marker) => {
      expect(before, 'the first build must have succeeded').toBeDefined();
      let seen = false;
      const build = await buildSite(out, {
        env: minimal,
        onStart: (child) => {
          const watch = (chunk: Buffer) => {
            if (!seen && chunk.toString().includes(marker)) {
              seen = true;
              child.kill('SIGKILL');
            }
          };
          child.stdout?.on('data', watch);
          child.stderr?.on('data', watch);
        },
      });
      expect(seen, `the build never printed "${marker}":\n${build.output}`).toBe(true);
      expect(build.status, 'killed, so no exit code').toBeNull();
      expect(snapshot(out), 'dist/ changed after a killed build').toEqual(before);
    },
    240_000,
  );

  it('warns, naming the page and the link, about an in-page link to a missing section, and publishes', async () => {
    const scratch = join(fragmentDir, 'dist');
    const build = await buildSite(scratch, { env: { CONTENT_DIR: 'tests/fixtures/broken-fragment' } });
    expect(build.status, build.output).toBe(0);
    expect(build.output).toMatch(
      /WARN.*articles\/dangling-link\/index\.html: link to #no-such-section has no matching id on the page/,
    );
    expect(existsSync(join(scratch, 'articles', 'dangling-link', 'index.html'))).toBe(true);
  }, 240_000);

  it('replaces all of dist/ after the next good build, leaving no page of the old one nor any killed build', async () => {
    const build = await buildSite(out, { env: minimal });
    expect(build.status, build.output).toBe(0);
    expect(build.output).toContain('dist/ replaced with the new build; the old one is being deleted in the background');
    // Checked the moment the build command has returned, before the old build is gone.
    expect(existsSync(join(out, 'articles', 'only-article', 'index.html')), 'the new build is dist/').toBe(true);
    const stale = Object.keys(before).filter((path) => path.startsWith(join('articles', 'new-approach')));
    expect(stale.length, 'the Sankei article was in the old build').toBeGreaterThan(0);
    for (const path of stale) expect(existsSync(join(out, path)), `${path} from the old build is in dist/`).toBe(false);
    expect(
      leftovers().filter((name) => !/^\.dist-((previous|discarded)-\d+|spare)$/.test(name)),
      "the killed builds' folders are gone; only the old build being deleted, or its spare folders, may remain",
    ).toEqual([]);
    await expect
      .poll(leftovers, {
        timeout: DELETION_DEADLINE,
        message: `the old dist/ was still on disk ${DELETION_DEADLINE / 1000} s after the build`,
      })
      .toEqual(['.dist-spare']);
    expect(
      filesUnder(join(dirname(out), '.dist-spare')),
      "the old build's files, in the spare kept for its folders",
    ).toEqual([]);
  }, 240_000);
});

describe('a warm build', () => {
  // Reused pages are hard links to Astro's cached copies (src/integrations/incremental-cache.ts), so the published
  // dist/ and the cache share files: a page rendered again must not be written into the file dist/ is showing.
  it('that fails leaves published pages it rendered again byte for byte intact, though dist/ shares files with the cache', async () => {
    const content = join(sharedDir, 'content');
    cpSync('tests/fixtures/minimal-site', content, { recursive: true });
    const cacheDir = join(sharedDir, 'cache');
    const dist = join(sharedDir, 'dist');
    const env = { CONTENT_DIR: content };
    const cold = await buildSite(dist, { env, cacheDir });
    expect(cold.status, cold.output).toBe(0);
    const warm = await buildSite(dist, { env, cacheDir });
    expect(warm.status, warm.output).toBe(0);
    expect(warm.output).toMatch(/pages reused from the incremental cache: [1-9]\d* linked, 0 copied/);
    const article = join(dist, 'articles', 'only-article', 'index.html');
    expect(statSync(article).nlink, "the published article page is also the cache's copy").toBeGreaterThan(1);
    const published = snapshot(dist);

    // The article corrected, so it renders again, and a page added that the safety check then refuses.
    appendFileSync(
      join(content, 'articles', 'only-article.md'),
      '\nCorrection: an earlier version misstated a figure.\n',
    );
    cpSync('tests/fixtures/stripped-body/articles/only-markup.md', join(content, 'articles', 'only-markup.md'));
    const failed = await buildSite(dist, { env, cacheDir });
    expect(failed.status, failed.output).toBe(1);
    expect(failed.output).toContain('articles/only-markup/index.html: article content is empty');
    expect(stripVTControlCharacters(failed.output), 'the corrected article was rendered again').toMatch(
      /\/articles\/only-article\/index\.html(?! \((?:cached|restored)\))/,
    );
    expect(snapshot(dist), 'dist/ changed under a failed build').toEqual(published);
  }, 240_000);
});

describe('recoverInterruptedBuilds', () => {
  /** The id of a process that has exited, as a killed build's would be. */
  const deadPid = () => spawnSync('true').pid as number;

  it('puts back the last good build when a swap was killed between its two renames', () => {
    const root = join(fragmentDir, 'swap');
    const previous = join(root, `.dist-previous-${deadPid()}`);
    mkdirSync(previous, { recursive: true });
    writeFileSync(join(previous, 'index.html'), 'last good build');
    mkdirSync(join(root, `.dist-next-${deadPid()}`));
    recoverInterruptedBuilds(join(root, 'dist'));
    expect(readFileSync(join(root, 'dist', 'index.html'), 'utf8')).toBe('last good build');
    expect(readdirSync(root), 'the killed build folders are gone').toEqual(['dist']);
  });

  it('removes an old build left next to dist/ instead of putting it back', () => {
    const root = join(fragmentDir, 'old-beside');
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist', 'index.html'), 'new build');
    const previous = join(root, `.dist-previous-${deadPid()}`);
    mkdirSync(previous);
    writeFileSync(join(previous, 'index.html'), 'old build');
    recoverInterruptedBuilds(join(root, 'dist'));
    expect(readdirSync(root), 'the old build is gone').toEqual(['dist']);
    expect(readFileSync(join(root, 'dist', 'index.html'), 'utf8'), 'dist/ kept the new build').toBe('new build');
  });

  it('removes what a killed background deleter left, and never makes it dist/', () => {
    const root = join(fragmentDir, 'killed-deleter');
    const discarded = join(root, `.dist-discarded-${deadPid()}`);
    mkdirSync(join(discarded, 'articles'), { recursive: true });
    writeFileSync(join(discarded, 'index.html'), 'half-deleted old build');
    recoverInterruptedBuilds(join(root, 'dist'));
    expect(readdirSync(root), 'neither the half-deleted folder nor a dist/ made of it').toEqual([]);
  });

  it("leaves a running build's and a running deleter's folders alone", () => {
    const root = join(fragmentDir, 'running');
    mkdirSync(join(root, 'dist'), { recursive: true });
    mkdirSync(join(root, `.dist-next-${process.ppid}`));
    mkdirSync(join(root, `.dist-discarded-${process.ppid}`));
    recoverInterruptedBuilds(join(root, 'dist'));
    expect(readdirSync(root).sort()).toEqual([`.dist-discarded-${process.ppid}`, `.dist-next-${process.ppid}`, 'dist']);
  });
});

describe('pendingDeletions (what the bench waits for before it times a build)', () => {
  it("names a running deleter's folder and a folder moved aside for a deleter, not a dead deleter's leftover", () => {
    const root = join(fragmentDir, 'pending');
    const dead = spawnSync('true').pid as number;
    for (const name of [
      'dist',
      `.dist-discarded-${process.ppid}`,
      `.dist-discarded-${dead}`,
      `.dist-previous-${dead}`,
      `.dist-next-${process.ppid}`,
      '.other-discarded-1',
    ]) {
      mkdirSync(join(root, name), { recursive: true });
    }
    expect(pendingDeletions(join(root, 'dist'))).toEqual({
      deleting: [join(root, `.dist-discarded-${process.ppid}`)],
      awaitingDeleter: [join(root, `.dist-previous-${dead}`)],
    });
    expect(pendingDeletions(join(root, 'missing', 'dist')), 'nothing when the parent folder is missing').toEqual({
      deleting: [],
      awaitingDeleter: [],
    });
  });
});

describe('swapIn', () => {
  it('returns with the new folder in place and deletes the old one in another process', async () => {
    const root = join(fragmentDir, 'swap-in');
    const dist = join(root, 'dist');
    const next = join(root, `.dist-next-${process.pid}`);
    for (const [dir, text] of [
      [dist, 'old'],
      [next, 'new'],
    ] as const) {
      for (let i = 0; i < 300; i += 1) {
        mkdirSync(join(dir, 'articles', `a${i}`), { recursive: true });
        writeFileSync(join(dir, 'articles', `a${i}`, 'index.html'), `${text} ${i}`);
      }
    }
    expect(swapIn(next, dist), 'there was an old dist/ to replace').toEqual({ replaced: true });
    expect(readFileSync(join(dist, 'articles', 'a299', 'index.html'), 'utf8'), 'dist/ is the new build').toBe(
      'new 299',
    );
    const others = () => readdirSync(root).filter((name) => name !== 'dist');
    for (const name of others()) {
      expect(name, 'only the old build, moved aside, taken over by its deleter, or already its spare').toMatch(
        /^\.dist-((previous|discarded)-\d+|spare)$/,
      );
      expect(name, 'not being deleted by this process').not.toBe(`.dist-discarded-${process.pid}`);
    }
    await expect
      .poll(others, {
        timeout: DELETION_DEADLINE,
        message: `the old folder's files were still there after ${DELETION_DEADLINE / 1000} s`,
      })
      .toEqual(['.dist-spare']);
    expect(filesUnder(join(root, '.dist-spare')), 'files left in the spare').toEqual([]);
    expect(readdirSync(join(root, '.dist-spare', 'articles')), "the old build's folders are kept").toHaveLength(300);
    expect(readdirSync(join(dist, 'articles')), 'the new build is whole').toHaveLength(300);
  }, 90_000);

  it('deletes the old build whole when a spare is already there', async () => {
    const root = join(fragmentDir, 'swap-in-spare');
    const dist = join(root, 'dist');
    const next = join(root, `.dist-next-${process.pid}`);
    for (const dir of [join(dist, 'old'), join(next, 'new'), join(root, '.dist-spare', 'kept')]) {
      mkdirSync(dir, { recursive: true });
    }
    writeFileSync(join(dist, 'old', 'index.html'), 'old');
    swapIn(next, dist);
    await expect
      .poll(() => readdirSync(root).sort(), { timeout: DELETION_DEADLINE, message: 'the old build was not deleted' })
      .toEqual(['.dist-spare', 'dist']);
    expect(readdirSync(join(root, '.dist-spare')), 'the spare that was there first').toEqual(['kept']);
  }, 90_000);
});

describe("takeSpare and removeUnusedFolders (a build into an old build's folders)", () => {
  it('makes the spare the staging folder, and removes the folders the build did not use', () => {
    const root = join(fragmentDir, 'take-spare');
    const dist = join(root, 'dist');
    const staging = join(root, `.dist-next-${process.pid}`);
    for (const dir of ['articles/kept', 'articles/withdrawn/deep', 'topics/gone', '_astro']) {
      mkdirSync(join(root, '.dist-spare', dir), { recursive: true });
    }
    const folders = takeSpare(dist, staging);
    expect([...(folders ?? [])].sort(), 'every folder of the spare').toEqual([
      '_astro',
      'articles',
      'articles/kept',
      'articles/withdrawn',
      'articles/withdrawn/deep',
      'topics',
      'topics/gone',
    ]);
    const lengths = (folders ?? []).map((folder) => folder.length);
    expect(lengths, 'deepest first: a folder before its parent').toEqual([...lengths].sort((a, b) => b - a));
    expect(existsSync(join(root, '.dist-spare')), 'the spare is taken, not copied').toBe(false);
    // The build writes one page, and a stylesheet into a folder its page list does not name.
    const page = join(staging, 'articles', 'kept', 'index.html');
    writeFileSync(page, 'page');
    writeFileSync(join(staging, '_astro', 'site.css'), 'p{}');
    const used = foldersHolding(staging, [page]);
    expect([...used].sort()).toEqual(['articles', 'articles/kept']);
    expect(removeUnusedFolders(staging, folders ?? [], used), 'withdrawn, withdrawn/deep, topics, topics/gone').toBe(4);
    expect(readdirSync(staging, { recursive: true }).sort()).toEqual([
      '_astro',
      '_astro/site.css',
      'articles',
      'articles/kept',
      'articles/kept/index.html',
    ]);
  });

  it('deletes a spare that holds anything but folders, and does not build into it', () => {
    const root = join(fragmentDir, 'tainted-spare');
    mkdirSync(join(root, '.dist-spare', 'articles', 'a'), { recursive: true });
    writeFileSync(join(root, '.dist-spare', 'articles', 'a', 'index.html'), 'a page that would be published stale');
    const staging = join(root, `.dist-next-${process.pid}`);
    expect(takeSpare(join(root, 'dist'), staging)).toBeUndefined();
    expect(readdirSync(root), 'neither the spare nor a staging folder made of it').toEqual([]);
  });

  it('builds into a fresh folder when there is no spare', () => {
    const root = join(fragmentDir, 'no-spare');
    mkdirSync(root, { recursive: true });
    expect(takeSpare(join(root, 'dist'), join(root, `.dist-next-${process.pid}`))).toBeUndefined();
    expect(readdirSync(root)).toEqual([]);
  });
});
