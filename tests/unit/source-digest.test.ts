import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { configDigest, projectRoot, sourceDigest } from '../../src/lib/source-digest.ts';
import { threadedMarkdown } from '../../src/markdown/threaded.ts';

/**
 * Astro keeps rendered articles and pages while the JSON of its config is
 * unchanged, and the pipeline's plugins are functions, which JSON leaves out.
 * The pipeline's digest stands in for them (src/lib/source-digest.ts): an edit
 * to any code the pipeline runs, to the installed packages or to their
 * patches must change it, so the next build renders every article again;
 * an edit elsewhere must not, or every deploy would re-render the archive.
 */

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A small project: a worker importing a pipeline, which imports a plugin from another folder. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-digest-'));
  root = dir;
  const files: Record<string, string> = {
    'package.json': '{}',
    'package-lock.json': '{"lockfileVersion":3}',
    'patches/micromark+4.0.0.patch': 'a patch',
    'patches/README.md': 'what the patches do',
    'src/markdown/render-worker.ts':
      "import { markdownOptions } from './pipeline.ts';\nimport type { X } from './types.ts';",
    'src/markdown/types.ts': 'export type X = 1;',
    'src/markdown/pipeline.ts': "import { plugin } from '../lib/plugin.ts';\nexport const markdownOptions = [plugin];",
    'src/lib/plugin.ts': "export const plugin = () => 'v1';",
    'src/lib/unrelated.ts': 'export const listing = 1;',
    'src/pages/index.astro': '<p>home</p>',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const digestOf = (dir: string) =>
  sourceDigest([join(dir, 'src/markdown/render-worker.ts'), join(dir, 'src/markdown/pipeline.ts')], dir);

describe('sourceDigest, for the Markdown pipeline', () => {
  it.each([
    ['a plugin the pipeline imports from another folder', 'src/lib/plugin.ts', "export const plugin = () => 'v2';"],
    [
      'the pipeline itself',
      'src/markdown/pipeline.ts',
      "import { plugin } from '../lib/plugin.ts';\nexport const markdownOptions = [];",
    ],
    ['a module imported only for its types', 'src/markdown/types.ts', 'export type X = 2;'],
    ['the installed packages', 'package-lock.json', '{"lockfileVersion":3,"packages":{}}'],
    ['a patch to a package', 'patches/micromark+4.0.0.patch', 'another patch'],
    ['a new patch', 'patches/unified+11.0.0.patch', 'a new patch'],
  ])('changes when %s changes', (_what, path, text) => {
    const dir = project();
    const before = digestOf(dir);
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    expect(digestOf(dir), `${path} edited`).not.toBe(before);
  });

  it.each([
    ['a module the pipeline does not import', 'src/lib/unrelated.ts', 'export const listing = 2;'],
    ['a page', 'src/pages/index.astro', '<p>home, edited</p>'],
    ['the patches folder’s README', 'patches/README.md', 'edited'],
  ])('stays the same when %s changes', (_what, path, text) => {
    const dir = project();
    const before = digestOf(dir);
    writeFileSync(join(dir, path), text);
    expect(digestOf(dir), `${path} edited`).toBe(before);
  });

  it('takes entries relative to the root as well as absolute', () => {
    const dir = project();
    expect(sourceDigest(['src/markdown/render-worker.ts', 'src/markdown/pipeline.ts'], dir)).toBe(digestOf(dir));
  });

  it('finds the project from the Markdown folder', () => {
    const dir = project();
    expect(projectRoot(join(dir, 'src/markdown'))).toBe(resolve(dir));
  });
});

describe('threadedMarkdown', () => {
  it('shows the digest of this project’s pipeline in the JSON Astro hashes its config by', () => {
    const processor = threadedMarkdown({ workerFile: resolve('src/markdown/render-worker.ts'), threads: 0 });
    const digest = sourceDigest(
      [resolve('src/markdown/render-worker.ts'), resolve('src/markdown/pipeline.ts')],
      resolve('.'),
    );
    expect(JSON.stringify({ markdown: { processor } }), 'the processor as Astro serializes it').toContain(digest);
  });
});

describe('configDigest, for the Vite options', () => {
  const options = { build: { cssCodeSplit: false, assetsInlineLimit: (file: string) => /Layout/.test(file) } };

  it.each([
    ['an option Astro does not hash', { build: { ...options.build, cssCodeSplit: true } }],
    ['the text of a function', { build: { ...options.build, assetsInlineLimit: (file: string) => /Page/.test(file) } }],
    ['a new option', { ...options, css: { devSourcemap: true } }],
  ])('changes with %s', (_what, edited) => {
    expect(configDigest(edited)).not.toBe(configDigest(options));
  });

  it('stays the same for the same options written in another order, or made again', () => {
    const reordered = { build: { assetsInlineLimit: options.build.assetsInlineLimit, cssCodeSplit: false } };
    expect(configDigest(reordered)).toBe(configDigest(options));
    expect(configDigest(structuredClone({ a: [1, { b: 2 }] }))).toBe(configDigest({ a: [1, { b: 2 }] }));
  });

  it('takes an object that refers to itself (a plugin holding its own config)', () => {
    const plugin: Record<string, unknown> = { name: 'p' };
    plugin['self'] = plugin;
    expect(configDigest({ plugins: [plugin] })).toMatch(/^[0-9a-f]{64}$/);
  });
});
