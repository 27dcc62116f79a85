// Netlify build plugin (netlify.toml [[plugins]]): keeps Astro's cache, the
// content store, the incremental build's copies of every page and the page
// check's verdicts, between deploys, so publishing one article renders and
// checks one article's pages, not the archive. utils.cache is Netlify's own
// build cache; nothing is installed.
const CACHE_DIR = 'node_modules/.astro';

export const onPreBuild = async ({ utils }) => {
  if (await utils.cache.restore(CACHE_DIR)) console.log(`Restored ${CACHE_DIR} from the previous deploy`);
  else console.log(`No ${CACHE_DIR} from a previous deploy: this build is cold`);
};

export const onPostBuild = async ({ utils }) => {
  if (await utils.cache.save(CACHE_DIR)) console.log(`Saved ${CACHE_DIR} for the next deploy`);
};
