import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import * as pagefind from 'pagefind';

import { closePagefind, shardGlob, writeBundle } from '../../src/search/index-shard.ts';

/**
 * What Pagefind reads for a shard: the built site itself, by a glob of the
 * shard's pages, when every id can be written in one.
 *
 * A shard's new Pagefind bundle shares with the earlier bundles in the cache
 * every file it holds at the same path with the same bytes (Pagefind names
 * fragments and index chunks by their content), and writes the others.
 */

const work = mkdtempSync(join(tmpdir(), 'news-reader-search-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const file = (path: string, text: string) => ({ path, content: new TextEncoder().encode(text) });

describe('writeBundle', () => {
  it('links the files an earlier bundle holds with the same bytes, and writes the rest', () => {
    const old = folder('old-shard', {
      'fragment/en_aaa.pf_fragment': 'page a',
      'fragment/en_bbb.pf_fragment': 'page b',
      'pagefind-entry.json': '{"pages":2}',
    });
    const other = folder('other-shard', { 'fragment/en_zzz.pf_fragment': 'page z', 'pagefind.js': 'runtime' });
    const bundle = join(work, 'new-shard');
    const result = writeBundle(
      bundle,
      [
        file('fragment/en_aaa.pf_fragment', 'page a'),
        file('fragment/en_ccc.pf_fragment', 'page c, edited'),
        file('pagefind-entry.json', '{"pages":3}'),
        file('pagefind.js', 'runtime'),
        file('fragment/en_bbb.pf_fragment', 'page b, same name, other bytes'),
      ],
      [old, other],
    );
    expect(result).toEqual({ linked: 2, written: 3 });
    const ino = (dir: string, path: string) => statSync(join(dir, path)).ino;
    expect(ino(bundle, 'fragment/en_aaa.pf_fragment'), 'an unchanged fragment is the old file').toBe(
      ino(old, 'fragment/en_aaa.pf_fragment'),
    );
    expect(ino(bundle, 'pagefind.js'), 'a runtime file from another bundle').toBe(ino(other, 'pagefind.js'));
    expect(readFileSync(join(bundle, 'pagefind-entry.json'), 'utf8'), 'a changed file is written').toBe('{"pages":3}');
    expect(readFileSync(join(bundle, 'fragment/en_bbb.pf_fragment'), 'utf8'), 'same path, other bytes: written').toBe(
      'page b, same name, other bytes',
    );
    expect(readFileSync(join(old, 'fragment/en_bbb.pf_fragment'), 'utf8'), 'the old bundle is untouched').toBe(
      'page b',
    );
  });

  it('writes every file when there is no earlier bundle (a cold build)', () => {
    const bundle = join(work, 'cold-shard');
    expect(writeBundle(bundle, [file('a/b.pf_index', 'x'), file('c.json', 'y')], [])).toEqual({
      linked: 0,
      written: 2,
    });
    expect(readFileSync(join(bundle, 'a/b.pf_index'), 'utf8')).toBe('x');
  });
});

describe('shardGlob', () => {
  it.each([
    ['plain slugs', ['budget-talks', 'port_strike', 'a1'], 'articles/{budget-talks,port_strike,a1}/index.html'],
    ['one page', ['only'], 'articles/{only}/index.html'],
    ['letters of any script', ['北方領土-talks', 'café'], 'articles/{北方領土-talks,café}/index.html'],
    ['an article in a sub-folder', ['2016/new-approach', 'other'], undefined],
    ['a glob character', ['what?'], undefined],
    ['a dot (kept for the folder of links)', ['archived.story'], undefined],
    ['a comma, which would split the alternative', ['a,b'], undefined],
    ['a brace', ['{x}'], undefined],
    ['no page', [], undefined],
  ])('%s', (_, ids, glob) => {
    expect(shardGlob(ids)).toBe(glob);
  });
});

/**
 * This process's child processes running Pagefind, ended but not yet reaped
 * (zombies) included: Linux lists a child under its parent's thread until the
 * parent waits for it.
 */
function pagefindChildren(): string[] {
  return readdirSync('/proc/self/task')
    .flatMap((thread) => readFileSync(`/proc/self/task/${thread}/children`, 'utf8').trim().split(/\s+/))
    .filter((pid) => pid !== '' && readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('pagefind'));
}

describe('closePagefind', () => {
  // A process Node has not reaped when it exits is never counted in the
  // build's CPU time (what the bench reports) and outlives the build: the
  // patch to Pagefind (patches/README.md) makes closing wait for its end.
  it("returns once Pagefind's process has ended and been reaped", async () => {
    const { index, errors } = await pagefind.createIndex();
    expect(errors, 'Pagefind started').toEqual([]);
    expect(pagefindChildren(), 'an index runs in a Pagefind child process').toHaveLength(1);
    await index?.deleteIndex();
    await closePagefind();
    expect(
      pagefindChildren(),
      'no Pagefind process is left, running or unreaped, once closePagefind() returns',
    ).toEqual([]);
  });
});
