// What the search page costs a reader, from the built site in dist/ (run `npm run build` first):
// the page itself, its script, and the files Pagefind fetches for a first search.
// HTML, JS and JSON are counted gzipped (as deploy/nginx serves them); Pagefind's
// index files are already compressed and count as they are.
//
//   node scripts/measure/measure-search.mjs [dist]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
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
