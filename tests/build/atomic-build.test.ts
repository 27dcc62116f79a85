import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { buildSite, removeTempDir, tempDir } from '../support/build-site.ts';

/**
 * `npm run build` replaces dist/ only when validation, the Astro build and
 * the safety check all pass. Each kind of failure must leave the previous
 * build exactly as it was, byte for byte, and leave no half-built folder.
 */

const workDir = tempDir('atomic-build');
const out = join(workDir, 'dist');

afterAll(() => removeTempDir(workDir));

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

describe('npm run build', () => {
  let before: Record<string, string>;

  it('writes dist/ when everything passes', async () => {
    const build = await buildSite(out, { CONTENT_DIR: 'content' });
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
    ['an Astro error', { CONTENT_DIR: 'content', SITE_URL: 'not a url' }, 'build: Astro could not build the site'],
    [
      'the safety check failing on a built page',
      { CONTENT_DIR: 'tests/fixtures/broken-fragment' },
      'articles/dangling-link/index.html: link to #no-such-section has no matching id on the page',
    ],
  ])(
    'leaves the previous dist/ byte for byte intact after %s',
    async (_name, env, message) => {
      expect(before, 'the first build must have succeeded').toBeDefined();
      const build = await buildSite(out, env);
      expect(build.status, build.output).toBe(1);
      expect(build.output).toContain(message);
      expect(build.output).toContain('dist/ is unchanged');
      expect(snapshot(out), 'dist/ changed after a failed build').toEqual(before);
      expect(leftovers(), 'the half-built folder is removed').toEqual([]);
    },
    240_000,
  );

  it('replaces all of dist/ after the next good build, leaving no page of the old one', async () => {
    const build = await buildSite(out, { CONTENT_DIR: 'tests/fixtures/minimal-site' });
    expect(build.status, build.output).toBe(0);
    expect(existsSync(join(out, 'articles', 'only-article', 'index.html'))).toBe(true);
    const stale = Object.keys(before).filter((path) => path.startsWith(join('articles', 'new-approach')));
    expect(stale.length, 'the Sankei article was in the old build').toBeGreaterThan(0);
    for (const path of stale) expect(existsSync(join(out, path)), `${path} from the old build`).toBe(false);
    expect(leftovers()).toEqual([]);
  }, 240_000);
});
