/**
 * The page budget: what each built page needs before a reader sees it, read
 * from the built HTML with a real HTML parser (parse5), so every page of any
 * build, 10 pages or 5,000, can be checked in seconds. The browser check
 * (`budget-browser.ts`) measures the same things in Chromium for real.
 *
 * The budget (issue 6): HTML + CSS + JavaScript at most 14 KB gzip-compressed,
 * at most 3 requests before first render, at most 1 KB of compressed
 * JavaScript, no request to another host, no web font, and every image with
 * its width and height so nothing shifts when it arrives. The stylesheet is
 * one hashed file under `/_astro/` shared by every page and cached for a year
 * (public/_headers), so a second article page in the same visit costs its HTML
 * alone: at most 5 KB gzip (issue 10).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

import { init as initModuleLexer, parse as parseModule } from 'es-module-lexer';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document;
type Element = DefaultTreeAdapterTypes.Element;

/** The limits. 14 KB is the first TCP round trip: ten packets of about 1,460 bytes (RFC 6928). */
export const BUDGET = {
  totalGzip: 14 * 1024,
  /** An article page opened after another page of the site: the hashed `/_astro/` assets are cached. */
  repeatVisitGzip: 5 * 1024,
  jsGzip: 1024,
  requestsBeforeRender: 3,
  thirdPartyRequests: 0,
  webFonts: 0,
  imagesWithoutSize: 0,
} as const;

export type Budget = typeof BUDGET;

/**
 * Assets a page may load outside the budget. The search page needs its
 * search index and UI: Pagefind's files under `/pagefind/`, and the search
 * box's script, which Astro bundles from the `SearchBox` component (Pagefind's
 * UI) into `/_astro/SearchBox.astro_…js`. Those load on that page alone, so they
 * are left out of its figures, and everything else on it (HTML, inlined CSS)
 * is held to the same budget as any page.
 */
export interface Exemption {
  /** Page paths (relative to the site's base, like `/search/`) the exemption applies to. */
  page: RegExp;
  /** Asset paths (relative to the base) left out of those pages' figures. */
  asset: RegExp;
  reason: string;
}

export const EXEMPTIONS: readonly Exemption[] = [
  {
    page: /^\/search\/$/,
    asset: /^\/pagefind\/|^\/_astro\/SearchBox\.astro_[^/]*\.js$/,
    reason: 'the search page’s own index and UI (Pagefind) load there and nowhere else',
  },
];

/** One thing a page asks the network for. */
export interface Resource {
  /** As written in the page, resolved against it. */
  url: string;
  kind: 'stylesheet' | 'script' | 'image' | 'font' | 'frame' | 'media' | 'icon' | 'preload' | 'other';
  /** Needed before the first render (a blocking stylesheet or classic script). */
  blocking: boolean;
  /** Left out of the figures by an exemption. */
  exempt: boolean;
}

export interface PageFigures {
  /** Path relative to the base, like `/articles/x/`. */
  path: string;
  kind: PageKind;
  htmlBytes: number;
  htmlGzip: number;
  /** External CSS and JavaScript the page loads to render (inline CSS and JS are in the HTML figures). */
  assetBytes: number;
  assetGzip: number;
  /** HTML + CSS + JavaScript, each compressed as a server would send it. */
  totalBytes: number;
  totalGzip: number;
  /** What a second page in the same visit transfers: everything but the hashed, cached `/_astro/` files. */
  repeatVisitGzip: number;
  /** Inline and external JavaScript, compressed, including the modules it imports. */
  jsGzip: number;
  requestsBeforeRender: number;
  /** Every request the page makes once loaded (favicon and images included). */
  requests: number;
  thirdParty: string[];
  webFonts: string[];
  imagesWithoutSize: string[];
  exempt: string[];
}

export type PageKind =
  | 'home'
  | 'article'
  | 'topic'
  | 'topics'
  | 'search'
  | 'editions'
  | 'edition-year'
  | 'edition-month'
  | 'edition'
  | 'edition-print'
  | 'sources'
  | 'source'
  | 'other';

/** What kind of page a path is, for the summary of a large build. */
export function pageKind(path: string): PageKind {
  if (path === '/' || /^\/page\/\d+\/$/.test(path)) return 'home';
  if (/^\/articles\/[^/]+\/$/.test(path)) return 'article';
  if (path === '/topics/') return 'topics';
  if (/^\/topics\/[^/]+\/(page\/\d+\/)?$/.test(path)) return 'topic';
  if (path === '/search/') return 'search';
  if (path === '/editions/') return 'editions';
  if (/^\/editions\/\d{4}\/$/.test(path)) return 'edition-year';
  if (/^\/editions\/\d{4}\/\d{2}\/$/.test(path)) return 'edition-month';
  if (/^\/editions\/\d{4}\/\d{2}\/\d{2}\/(page\/\d+\/)?$/.test(path)) return 'edition';
  if (/^\/editions\/\d{4}\/\d{2}\/\d{2}\/print\/$/.test(path)) return 'edition-print';
  if (path === '/sources/') return 'sources';
  if (/^\/sources\/[^/]+\/(page\/\d+\/)?$/.test(path)) return 'source';
  return 'other';
}

export const gzipSize = (data: string | Buffer) => gzipSync(data).length;

function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

function* elements(node: Node): Generator<Element> {
  if ('tagName' in node) yield node;
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) yield* elements(child);
  if ('content' in node && node.content) for (const child of node.content.childNodes) yield* elements(child);
}

function text(element: Element): string {
  return element.childNodes.map((child) => ('value' in child ? child.value : '')).join('');
}

const FONT_FILE = /\.(woff2?|ttf|otf|eot)(\?|#|$)/i;
const CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;
const CSS_IMPORT = /@import\s+(?:url\()?\s*['"]?([^'")\s;]+)/g;
const JS_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'module']);

/** Where the site's files are, and at which base path it is served. */
export interface Site {
  dist: string;
  /** `/` or `/news/`. */
  base: string;
  /** Origin the pages are served from; any other origin is a third party. */
  origin: string;
}

/** The file in `dist` a same-site URL path serves, if there is one. */
function distFile(site: Site, pathname: string): string | undefined {
  if (!pathname.startsWith(site.base)) return undefined;
  const rest = decodeURIComponent(pathname.slice(site.base.length));
  const candidates = rest === '' || rest.endsWith('/') ? [join(rest, 'index.html')] : [rest, join(rest, 'index.html')];
  return candidates.map((candidate) => join(site.dist, candidate)).find((file) => existsSync(file));
}

const lexerReady = initModuleLexer;

/** A module script and every module it imports statically, as dist files (each counted once). */
function moduleGraph(site: Site, url: URL, seen: Set<string>): string[] {
  const file = distFile(site, url.pathname);
  if (!file || seen.has(file)) return [];
  seen.add(file);
  const files = [file];
  let imports: readonly { n?: string | undefined; d: number }[];
  try {
    [imports] = parseModule(readFileSync(file, 'utf8'));
  } catch {
    // Not something the module lexer can read (a classic script): it imports nothing.
    return files;
  }
  for (const specifier of imports) {
    // Dynamic imports (`d > -1`) load later, on demand: not needed for the first render.
    if (specifier.d > -1 || !specifier.n) continue;
    files.push(...moduleGraph(site, new URL(specifier.n, url), seen));
  }
  return files;
}

/**
 * The figures for one built page. `path` is relative to the base (`/`,
 * `/articles/x/`); `html` is the page as served.
 */
export async function measurePage(site: Site, path: string, html: string): Promise<PageFigures> {
  await lexerReady;
  const pageUrl = new URL(site.base.replace(/\/$/, '') + path, site.origin);
  const exemptions = EXEMPTIONS.filter((e) => e.page.test(path));
  const resources: Resource[] = [];
  const inlineJs: string[] = [];
  const inlineCss: string[] = [];
  const imagesWithoutSize: string[] = [];
  const add = (raw: string | undefined, kind: Resource['kind'], blocking = false) => {
    if (!raw || raw.startsWith('data:') || raw.startsWith('#')) return;
    const url = new URL(raw, pageUrl);
    const local = url.origin === site.origin ? url.pathname.slice(site.base.length - 1) : '';
    const exempt = url.origin === site.origin && exemptions.some((e) => e.asset.test(local));
    resources.push({ url: url.href, kind: FONT_FILE.test(url.pathname) ? 'font' : kind, blocking, exempt });
  };

  for (const element of elements(parse(html))) {
    const rel = (attr(element, 'rel') ?? '').toLowerCase().split(/\s+/);
    switch (element.tagName) {
      case 'link': {
        const href = attr(element, 'href');
        const media = attr(element, 'media');
        if (rel.includes('stylesheet')) add(href, 'stylesheet', !media || media === 'all' || media === 'screen');
        else if (rel.includes('preload') || rel.includes('modulepreload'))
          add(href, attr(element, 'as') === 'font' ? 'font' : 'preload');
        else if (rel.includes('icon') || rel.includes('apple-touch-icon')) add(href, 'icon');
        else if (rel.includes('manifest')) add(href, 'other');
        break;
      }
      case 'script': {
        const type = (attr(element, 'type') ?? '').toLowerCase();
        if (!JS_TYPES.has(type)) break;
        const src = attr(element, 'src');
        if (src) {
          const deferred =
            type === 'module' || attr(element, 'async') !== undefined || attr(element, 'defer') !== undefined;
          add(src, 'script', !deferred);
        } else {
          inlineJs.push(text(element));
        }
        break;
      }
      case 'style':
        inlineCss.push(text(element));
        break;
      case 'img':
      case 'video':
      case 'iframe':
      case 'embed':
      case 'object': {
        const src = attr(element, element.tagName === 'object' ? 'data' : 'src');
        add(src, element.tagName === 'img' ? 'image' : element.tagName === 'iframe' ? 'frame' : 'media');
        add(attr(element, 'poster'), 'image');
        for (const candidate of (attr(element, 'srcset') ?? '').split(','))
          add(candidate.trim().split(/\s+/)[0], 'image');
        const sized = attr(element, 'width') !== undefined && attr(element, 'height') !== undefined;
        if (element.tagName !== 'object' && element.tagName !== 'embed' && !sized) {
          imagesWithoutSize.push(`<${element.tagName} src="${src ?? ''}">`);
        }
        break;
      }
      case 'source':
      case 'audio':
      case 'track':
        add(attr(element, 'src'), 'media');
        for (const candidate of (attr(element, 'srcset') ?? '').split(','))
          add(candidate.trim().split(/\s+/)[0], 'image');
        break;
    }
    const style = attr(element, 'style');
    if (style) for (const match of style.matchAll(CSS_URL)) add(match[2], 'image');
  }

  // External stylesheets, and what they and the inline CSS import and load.
  const cssTexts = [...inlineCss];
  for (const resource of resources.filter((r) => r.kind === 'stylesheet' && !r.exempt)) {
    const url = new URL(resource.url);
    const file = url.origin === site.origin ? distFile(site, url.pathname) : undefined;
    if (file) cssTexts.push(readFileSync(file, 'utf8'));
  }
  for (const css of cssTexts) {
    for (const match of css.matchAll(CSS_IMPORT)) add(match[1], 'stylesheet', true);
    const fontFaces = css.match(/@font-face\s*{[^}]*}/g) ?? [];
    for (const face of fontFaces) for (const match of face.matchAll(CSS_URL)) add(match[2], 'font');
    for (const match of css.replace(/@font-face\s*{[^}]*}/g, '').matchAll(CSS_URL)) add(match[2], 'image');
  }

  // Bytes: the HTML, plus each same-site stylesheet and script (and the modules a module imports).
  const counted = resources.filter((r) => !r.exempt);
  const assetFiles = new Set<string>();
  const jsFiles = new Set<string>();
  const seenModules = new Set<string>();
  for (const resource of counted) {
    const url = new URL(resource.url);
    if (url.origin !== site.origin) continue;
    if (resource.kind === 'stylesheet') {
      const file = distFile(site, url.pathname);
      if (file) assetFiles.add(file);
    } else if (resource.kind === 'script') {
      for (const file of moduleGraph(site, url, seenModules)) {
        assetFiles.add(file);
        jsFiles.add(file);
      }
    }
  }
  // Inline module scripts import chunks too.
  for (const code of inlineJs) {
    try {
      const [imports] = parseModule(code);
      for (const specifier of imports) {
        if (specifier.d > -1 || !specifier.n) continue;
        for (const file of moduleGraph(site, new URL(specifier.n, pageUrl), seenModules)) {
          assetFiles.add(file);
          jsFiles.add(file);
        }
      }
    } catch {
      // A classic script with syntax the module lexer refuses: it imports nothing.
    }
  }
  const sizes = (files: Iterable<string>) =>
    [...files].reduce(
      (sum, file) => {
        const data = readFileSync(file);
        return { raw: sum.raw + data.length, gzip: sum.gzip + gzipSize(data) };
      },
      { raw: 0, gzip: 0 },
    );
  const assets = sizes(assetFiles);
  const cached = (file: string) => file.split(sep).includes('_astro');
  const uncached = sizes([...assetFiles].filter((file) => !cached(file)));
  const htmlBytes = Buffer.byteLength(html);
  const htmlGzip = gzipSize(html);
  const js =
    sizes(jsFiles).gzip + inlineJs.filter((code) => code.trim()).reduce((sum, code) => sum + gzipSize(code), 0);

  return {
    path,
    kind: pageKind(path),
    htmlBytes,
    htmlGzip,
    assetBytes: assets.raw,
    assetGzip: assets.gzip,
    totalBytes: htmlBytes + assets.raw,
    totalGzip: htmlGzip + assets.gzip,
    repeatVisitGzip: htmlGzip + uncached.gzip,
    jsGzip: js,
    requestsBeforeRender: 1 + counted.filter((r) => r.blocking).length,
    requests: 1 + counted.length,
    thirdParty: resources.filter((r) => new URL(r.url).origin !== site.origin).map((r) => r.url),
    webFonts: counted.filter((r) => r.kind === 'font').map((r) => r.url),
    imagesWithoutSize,
    exempt: resources.filter((r) => r.exempt).map((r) => r.url),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Kinds of page exempt from the byte limit, and why. Every other limit
 * (requests, JavaScript, other hosts, fonts, images) still holds for them.
 */
export const BYTE_EXEMPT_KINDS: Readonly<Partial<Record<PageKind, string>>> = {
  'edition-print': 'the printed edition carries every article of the day in full, to be printed, not browsed',
};

/** Everything over budget on one page, in words; empty when it is within. */
export function overBudget(figures: PageFigures, budget: Budget = BUDGET): string[] {
  const problems: string[] = [];
  const at = figures.path;
  if (figures.totalGzip > budget.totalGzip && !BYTE_EXEMPT_KINDS[figures.kind]) {
    problems.push(
      `${at}: HTML+CSS+JS is ${kb(figures.totalGzip)} gzip, over the ${kb(budget.totalGzip)} budget (${figures.totalGzip} > ${budget.totalGzip} bytes)`,
    );
  }
  if (figures.kind === 'article' && figures.repeatVisitGzip > budget.repeatVisitGzip) {
    problems.push(
      `${at}: a second article page in the same visit transfers ${kb(figures.repeatVisitGzip)} gzip, over the ${kb(budget.repeatVisitGzip)} budget (${figures.repeatVisitGzip} > ${budget.repeatVisitGzip} bytes)`,
    );
  }
  if (figures.jsGzip > budget.jsGzip) {
    problems.push(`${at}: JavaScript is ${figures.jsGzip} bytes gzip, over the ${budget.jsGzip}-byte budget`);
  }
  if (figures.requestsBeforeRender > budget.requestsBeforeRender) {
    problems.push(
      `${at}: ${figures.requestsBeforeRender} requests before first render, over the budget of ${budget.requestsBeforeRender}`,
    );
  }
  if (figures.thirdParty.length > budget.thirdPartyRequests) {
    problems.push(`${at}: requests to other hosts: ${figures.thirdParty.join(', ')}`);
  }
  if (figures.webFonts.length > budget.webFonts)
    problems.push(`${at}: loads web fonts: ${figures.webFonts.join(', ')}`);
  if (figures.imagesWithoutSize.length > budget.imagesWithoutSize) {
    problems.push(
      `${at}: images without width and height (the page shifts when they load): ${figures.imagesWithoutSize.join(', ')}`,
    );
  }
  return problems;
}

/** Every HTML page in `dist`, as paths relative to the base (`/`, `/articles/x/`, `/404.html`). */
export function builtPagePaths(dist: string): string[] {
  const paths: string[] = [];
  for (const entry of readdirSync(dist, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const rel = relative(dist, join(entry.parentPath, entry.name)).split(sep).join('/');
    paths.push(`/${rel.replace(/(^|\/)index\.html$/, '$1')}`);
  }
  return paths.sort();
}

/** Measures every page of a build. */
export async function measureSite(site: Site): Promise<PageFigures[]> {
  const results: PageFigures[] = [];
  for (const path of builtPagePaths(site.dist)) {
    const file = join(site.dist, path.endsWith('/') ? `${path}index.html` : path);
    results.push(await measurePage(site, path, readFileSync(file, 'utf8')));
  }
  return results;
}

const COLUMNS = [
  'page',
  'HTML',
  'HTML gz',
  'CSS+JS',
  'CSS+JS gz',
  'total gz',
  'next page gz',
  'JS gz',
  'req. before render',
  'req.',
];

function row(f: PageFigures): string[] {
  return [
    f.path,
    String(f.htmlBytes),
    String(f.htmlGzip),
    String(f.assetBytes),
    String(f.assetGzip),
    String(f.totalGzip),
    String(f.repeatVisitGzip),
    String(f.jsGzip),
    String(f.requestsBeforeRender),
    String(f.requests),
  ];
}

/** A Markdown table (bytes), one row per page. */
export function figuresTable(figures: readonly PageFigures[]): string {
  const rows = [COLUMNS, COLUMNS.map((_, i) => (i === 0 ? '---' : '---:')), ...figures.map(row)];
  return rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/**
 * For a large build: per kind of page, how many, and the figures of the
 * heaviest page (by total gzip) and of the median one.
 */
export function summaryTable(figures: readonly PageFigures[]): string {
  const header = [
    'kind',
    'pages',
    'median total gz',
    'heaviest page',
    'its total gz',
    'max next page gz',
    'max JS gz',
    'max req. before render',
  ];
  const rows = [header, header.map((_, i) => (i < 2 ? '---' : '---:'))];
  const kinds = [...new Set(figures.map((f) => f.kind))].sort();
  for (const kind of kinds) {
    const pages = figures.filter((f) => f.kind === kind).sort((a, b) => a.totalGzip - b.totalGzip);
    const heaviest = pages[pages.length - 1] as PageFigures;
    const median = pages[Math.floor((pages.length - 1) / 2)] as PageFigures;
    rows.push([
      kind,
      String(pages.length),
      String(median.totalGzip),
      heaviest.path,
      String(heaviest.totalGzip),
      String(Math.max(...pages.map((p) => p.repeatVisitGzip))),
      String(Math.max(...pages.map((p) => p.jsGzip))),
      String(Math.max(...pages.map((p) => p.requestsBeforeRender))),
    ]);
  }
  return rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
