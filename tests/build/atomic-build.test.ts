import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { recoverInterruptedBuilds } from '../../src/integrations/publish.ts';
import { buildSite, removeTempDir, tempDir } from '../support/build-site.ts';

/**
 * `astro build` (the publish integration, src/integrations/publish.ts)
 * replaces dist/ only when validation, the Astro build and the safety check
 * all pass. Each kind of failure, and a build killed at any moment, must
 * leave the previous build exactly as it was, byte for byte, and leave no
 * half-built folder once the next build has run.
 */

const workDir = tempDir('atomic-build');
const out = join(workDir, 'dist');
const fragmentDir = tempDir('fragment-warning');

afterAll(() => {
  removeTempDir(workDir);
  removeTempDir(fragmentDir);
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
    expect(existsSync(join(out, 'articles', 'only-article', 'index.html'))).toBe(true);
    const stale = Object.keys(before).filter((path) => path.startsWith(join('articles', 'new-approach')));
    expect(stale.length, 'the Sankei article was in the old build').toBeGreaterThan(0);
    for (const path of stale) expect(existsSync(join(out, path)), `${path} from the old build`).toBe(false);
    expect(leftovers()).toEqual([]);
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

  it("leaves a running build's folders alone", () => {
    const root = join(fragmentDir, 'running');
    mkdirSync(join(root, 'dist'), { recursive: true });
    mkdirSync(join(root, `.dist-next-${process.ppid}`));
    recoverInterruptedBuilds(join(root, 'dist'));
    expect(readdirSync(root).sort()).toEqual([`.dist-next-${process.ppid}`, 'dist']);
  });
});
