// What the search page costs a reader, from the built site in dist/ (run `npm run build` first):
// the page itself, its script, and the files Pagefind fetches for a first search.
// HTML, JS and JSON are counted gzipped (as deploy/nginx serves them); Pagefind's
// index files are already compressed and count as they are.
//
// With --browser, also what a first search really fetches in Chromium, one fresh
// browser context per query (the search page opened at /search/?q=<query>, served
// by Astro's preview server): Pagefind's requests and their bytes as received, by
// kind. A search fetches every shard's entry file, metadata and index chunks, so
// this is the figure the shard size (src/search/shards.ts) trades against the
// time to publish. Bytes as received: the preview server sends text gzipped, as
// deploy/nginx does, and Pagefind's index files are compressed already.
//
//   node scripts/measure/measure-search.mjs [dist] [--browser] [--query <words>]...
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { browser: { type: 'boolean', default: false }, query: { type: 'string', multiple: true } },
});
const dist = positionals[0] ?? 'dist';
const gz = (path) => gzipSync(readFileSync(path), { level: 6 }).length;
const raw = (path) => statSync(path).size;
const first = (dir, pattern) => {
  const name = readdirSync(dir).find((file) => pattern.test(file));
  if (!name) throw new Error(`${dir} has no file matching ${pattern}: is ${dist} a full build (npm run build)?`);
  return join(dir, name);
};

const page = join(dist, 'search/index.html');
const script = readFileSync(page, 'utf8').match(/<script type="module" src="[^"]*?(_astro\/[^"]+)"/)?.[1];
if (!script) throw new Error(`${page} loads no bundled script`);
const pf = join(dist, 'pagefind');

const rows = [
  ['search page (HTML, CSS inlined)', page, gz],
  ['search UI script', join(dist, script), gz],
  ['pagefind.js', join(pf, 'pagefind.js'), gz],
  ['pagefind-worker.js', join(pf, 'pagefind-worker.js'), gz],
  ['pagefind-entry.json', join(pf, 'pagefind-entry.json'), gz],
  ['index metadata (.pf_meta)', first(pf, /\.pf_meta$/), raw],
  ['WebAssembly (wasm.en.pagefind)', join(pf, 'wasm.en.pagefind'), raw],
  ['one index chunk', first(join(pf, 'index'), /\.pf_index$/), raw],
  ['one result fragment', first(join(pf, 'fragment'), /\.pf_fragment$/), raw],
];
let total = 0;
for (const [label, path, size] of rows) {
  const bytes = size(path);
  total += bytes;
  console.log(`${label.padEnd(34)} ${String(bytes).padStart(7)} B`);
}
console.log(`${'total for a first search'.padEnd(34)} ${String(total).padStart(7)} B`);
const all = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, entry) => sum + (entry.isDirectory() ? all(join(dir, entry.name)) : statSync(join(dir, entry.name)).size),
    0,
  );
console.log(`${'whole pagefind/ bundle on disk'.padEnd(34)} ${String(all(pf)).padStart(7)} B`);

if (flags.browser) {
  const { chromium } = await import('@playwright/test');
  const { playwrightLaunchOptions } = await import('../browser.mjs');
  const { startPreview } = await import('../lib/preview.ts');
  const queries = flags.query ?? ['Russia', 'territorial talks'];
  const shards = (readFileSync(page, 'utf8').match(/data-merge-index="([^"]*)"/)?.[1] ?? '').split(' ').filter(Boolean);
  const indexes = shards.length + 1;
  console.log(`\nA first search in Chromium (${indexes} index shard${indexes === 1 ? '' : 's'}):`);
  const server = await startPreview(dist);
  const browser = await chromium.launch(playwrightLaunchOptions());
  try {
    for (const query of queries) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const fetched = [];
      tab.on('requestfinished', (request) => {
        if (new URL(request.url()).pathname.includes('/pagefind/')) fetched.push(request);
      });
      await tab.goto(new URL(`search/?q=${encodeURIComponent(query)}`, server.url).href);
      const message = tab.locator('.pagefind-ui__message');
      await message.filter({ hasText: /result/ }).waitFor({ timeout: 30_000 });
      await tab.waitForLoadState('networkidle');
      let bytes = 0;
      const kinds = new Map();
      for (const request of fetched) {
        bytes += (await request.sizes()).responseBodySize;
        const kind = new URL(request.url()).pathname.replace(/^.*\.(?=[^.]+$)/, '.');
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      const byKind = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
      const found = (await message.textContent())?.trim();
      console.log(
        `${JSON.stringify(query).padEnd(24)} ${String(fetched.length).padStart(3)} requests ${String(bytes).padStart(8)} B  (${byKind}); ${found}`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}
