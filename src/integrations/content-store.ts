import type { Plugin } from 'vite';

/**
 * Astro's content store reaches the pages as a virtual module whose code is
 * the whole store in one string literal, `export default JSON.parse("…")`
 * (src: astro/dist/content/vite-plugin-content-virtual-mod.js). At 10,000
 * articles that literal is some 80 MB, the whole body of every article: the
 * bundler carries it into the prerender chunk, and Node spends 5 s compiling
 * the module before the first page renders, on every build, however little
 * changed.
 *
 * In a static build the pages render on this machine, right after the
 * bundle is made and from the same cache folder, so this plugin swaps that
 * literal for a read of the file it came from. Same JSON, same parse; no
 * 80 MB of code to bundle, write and compile. Only for `astro build`, and
 * only the single-file form of the module (anything else is left as it is).
 */
export const CONTENT_STORE_MODULE = '\0astro:data-layer-content';

export function contentStoreFromDisk(storeFile: string): Plugin {
  return {
    name: 'news-reader:content-store-from-disk',
    apply: 'build',
    transform: {
      filter: { id: new RegExp(`^${CONTENT_STORE_MODULE}$`) },
      handler(code) {
        if (!code.startsWith('export default JSON.parse(')) return undefined;
        return {
          code: [
            "import { readFileSync } from 'node:fs';",
            `export default JSON.parse(readFileSync(${JSON.stringify(storeFile)}, 'utf8'));`,
          ].join('\n'),
          map: { mappings: '' },
        };
      },
    },
  };
}
