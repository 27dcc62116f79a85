import { existsSync } from 'node:fs';

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
 * bundle is made and from the same cache folder, so this plugin loads that
 * module as a read of the file it comes from. Same JSON, same parse; no
 * 80 MB of code to bundle, write and compile.
 *
 * It answers the module's `load` before Astro's plugin does (`order: 'pre'`),
 * because Astro's own load reads the store, parses it once to validate it and
 * escapes it into the literal: a second or more per build at 10,000 articles,
 * and the largest transient allocation of the build (an earlier version of
 * this plugin rewrote Astro's result, after all that work). Only for
 * `astro build`, and only when the store is one file: the integration does
 * not add it when `experimental.collectionStorage` splits the store, and with no
 * store yet Astro's own empty module is kept.
 */
export const CONTENT_STORE_MODULE = '\0astro:data-layer-content';

/**
 * What Astro's content plugins attach to content-data modules, so its
 * incremental build leaves the store out of every page's code hash
 * (`createContentDataIncrementalMetadata` in
 * astro/dist/core/build/incremental-metadata.js, not exported by the
 * package): a page's content is in its `cacheKey`, not in its code.
 */
const CONTENT_DATA_META = { astroIncremental: { kind: 'content-data' } };

export function contentStoreFromDisk(storeFile: string): Plugin {
  return {
    name: 'news-reader:content-store-from-disk',
    apply: 'build',
    load: {
      order: 'pre',
      filter: { id: new RegExp(`^${CONTENT_STORE_MODULE}$`) },
      handler() {
        if (!existsSync(storeFile)) return undefined;
        return {
          code: [
            "import { readFileSync } from 'node:fs';",
            `export default JSON.parse(readFileSync(${JSON.stringify(storeFile)}, 'utf8'));`,
          ].join('\n'),
          map: { mappings: '' },
          meta: CONTENT_DATA_META,
        };
      },
    },
  };
}
