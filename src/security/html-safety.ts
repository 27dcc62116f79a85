import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { CspParser } from 'csp_evaluator/dist/parser.js';
import { type DefaultTreeAdapterTypes, parse, parseFragment } from 'parse5';

import { digestBase64 } from '../lib/csp.ts';
import { CLOBBER_PREFIX } from '../markdown/sanitize-schema.ts';

/**
 * The last gate before a page reaches readers: every built HTML file is parsed
 * with a real HTML parser (parse5, the parser the HTML spec describes) and
 * checked for anything article content must never produce. The sanitizer
 * should make every rule here impossible to break; this check is what proves
 * it for the pages actually built, and it fails the build if one slips by.
 *
 * Article content is the `.prose` container inside `<article>` (see
 * ArticleLayout); the rest of the page is the site's own markup, which gets
 * the site-wide rules only.
 */

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** Prefix the sanitizer gives every id and name in article content (one constant, the sanitizer's). */
export const CONTENT_ID_PREFIX = CLOBBER_PREFIX;

/** Schemes a URL attribute may use; relative URLs resolve to the page's own scheme. */
export const ALLOWED_SCHEMES = ['http:', 'https:', 'mailto:'];

/** Never on any page: they embed other documents, retarget every link, or navigate by themselves. */
const FORBIDDEN_ANYWHERE = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal']);

/** Never in article content: forms, foreign content (mutation-XSS carriers), raw text containers. */
const FORBIDDEN_IN_CONTENT = new Set([
  ...FORBIDDEN_ANYWHERE,
  'script',
  'style',
  'link',
  'meta',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'svg',
  'math',
  'template',
  'noscript',
  'title',
  'xmp',
  'plaintext',
  'noembed',
  'noframes',
  'isindex',
  'keygen',
]);

/** Elements whose place is `<head>`: in the body they come from content, not from the site. */
const HEAD_ONLY = new Set(['style', 'link', 'meta', 'title', 'base']);

/** Attributes holding one URL. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'cite',
  'background',
  'poster',
  'data',
  'codebase',
  'classid',
  'longdesc',
  'lowsrc',
  'dynsrc',
  'usemap',
  'manifest',
  'icon',
  'profile',
  'archive',
]);

/**
 * Names that shadow browser globals when an element carries them as id or
 * name (`document.cookie`, `window.location`, `document.forms`, ...). Content
 * ids are prefixed so they can never be one of these; this also keeps the
 * site's own markup clear of them.
 */
export const CLOBBERABLE_NAMES = new Set([
  'location',
  'cookie',
  'forms',
  'document',
  'window',
  'top',
  'self',
  'parent',
  'opener',
  'frames',
  'name',
  'domain',
  'body',
  'head',
  'images',
  'links',
  'scripts',
  'anchors',
  'all',
  'embeds',
  'plugins',
  'defaultview',
  'currentscript',
  'referrer',
  'localstorage',
  'sessionstorage',
  'alert',
  'eval',
  'fetch',
  'origin',
  'history',
  'navigator',
  'attributes',
  'children',
  'nodename',
  'getelementbyid',
  'queryselector',
  'createelement',
  'implementation',
]);

/** The attributes by which a page names a file (`PageReport.assets`). */
const ASSET_ATTRIBUTES = ['src', 'href'] as const;

/** Script types that are data, not code (they must still parse as JSON). */
const DATA_SCRIPT_TYPES = new Set(['application/ld+json', 'application/json']);

export interface CheckOptions {
  /** The site's base path (`/` or `/news/`): bundled scripts live under `<base>_astro/`. */
  base: string;
  /** An article page must have exactly one content container, so a renamed class can't silently skip the content rules. */
  isArticle?: boolean;
  /**
   * A printed edition holds every article of a day, each in its own content
   * container (each body's ids scoped by its number, src/markdown/scope-ids.ts,
   * so no id repeats there either).
   */
  isPrintedEdition?: boolean;
}

const isElement = (node: Node): node is Element => 'tagName' in node;
const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name && !a.prefix)?.value;
const hasClass = (element: Element, name: string) => (attr(element, 'class') ?? '').split(/\s+/).includes(name);
const describe = (element: Element) => {
  const id = attr(element, 'id');
  return `<${element.tagName}${id ? ` id="${id}"` : ''}>`;
};

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

interface Placed {
  element: Element;
  /** Inside the article content container. */
  inContent: boolean;
  /** `<head>` or inside it. */
  inHead: boolean;
  /** The article content container itself: `.prose` inside `<article>` (where ArticleLayout puts the Markdown). */
  isContainer: boolean;
}

/**
 * Every element under `root`, in document order, with where it is. What is
 * above an element is known on the way down, so nothing walks back up (a walk
 * up from every element, and a generator delegating through every level, were
 * a third of the check's time beside the parser's). A template's content is a
 * fragment of its own, with no parent above it, so below a template "in the
 * head" and "in an article" start afresh; only being in article content
 * carries into it.
 */
function walk(root: Node, inContent = false): Placed[] {
  const placed: Placed[] = [];
  const down = (node: Node, inContent: boolean, inHead: boolean, inArticle: boolean) => {
    for (const child of 'childNodes' in node ? node.childNodes : []) {
      if (!isElement(child)) continue;
      const childInHead = inHead || child.tagName === 'head';
      const isContainer = inArticle && hasClass(child, 'prose');
      placed.push({ element: child, inContent, inHead: childInHead, isContainer });
      const content = inContent || isContainer;
      down(child, content, childInHead, inArticle || child.tagName === 'article');
      if (child.tagName === 'template')
        down((child as DefaultTreeAdapterTypes.Template).content, content, false, false);
    }
  };
  down(root, inContent, false, false);
  return placed;
}

function hasDescendant(node: Node, tagName: string): boolean {
  return (
    'childNodes' in node &&
    node.childNodes.some((child) => (isElement(child) && child.tagName === tagName) || hasDescendant(child, tagName))
  );
}

/**
 * The scheme a browser would use for this URL: the WHATWG URL parser strips
 * leading/trailing spaces and controls and drops tabs and newlines, exactly
 * as a browser does, so `java\tscript:` and ` javascript:` are caught.
 */
export function urlScheme(value: string): string {
  try {
    return new URL(value, 'https://relative.invalid/').protocol;
  } catch {
    return 'unparseable:';
  }
}

function unsafeUrl(value: string): string | undefined {
  const scheme = urlScheme(value);
  return ALLOWED_SCHEMES.includes(scheme) ? undefined : scheme;
}

/** `#caf%C3%A9` targets id `café`; browsers try the fragment as written, then decoded. */
function fragmentTargets(href: string): string[] {
  const raw = href.slice(1);
  try {
    return [raw, decodeURIComponent(raw)];
  } catch {
    return [raw];
  }
}

interface Found {
  problems: string[];
  ids: Map<string, number>;
}

/** The rules for one element and its attributes, wherever it is. */
function checkElement(element: Element, inContent: boolean, inHead: boolean, found: Found) {
  const { problems, ids } = found;
  const tag = element.tagName;
  const where = inContent ? ' in article content' : '';

  if (inContent && FORBIDDEN_IN_CONTENT.has(tag)) problems.push(`${describe(element)} is not allowed${where}`);
  else if (FORBIDDEN_ANYWHERE.has(tag)) problems.push(`${describe(element)} is not allowed on any page`);
  else if (HEAD_ONLY.has(tag) && !inHead) problems.push(`${describe(element)} outside <head>`);
  if (tag === 'meta' && attr(element, 'http-equiv')?.toLowerCase() === 'refresh') {
    problems.push('<meta http-equiv="refresh"> navigates the reader away');
  }

  for (const { name, value, prefix } of element.attrs) {
    const fullName = prefix ? `${prefix}:${name}` : name;
    if (/^on/i.test(name)) problems.push(`${describe(element)} has event handler ${fullName}${where}`);
    if (name === 'style') problems.push(`${describe(element)} has a style attribute${where}`);
    if (name === 'srcdoc') problems.push(`${describe(element)} has srcdoc${where}`);
    const urls =
      URL_ATTRIBUTES.has(name) || (prefix === 'xlink' && name === 'href')
        ? [value]
        : name === 'srcset' || name === 'imagesrcset'
          ? value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
          : name === 'ping'
            ? value.split(/\s+/).filter(Boolean)
            : [];
    for (const url of urls) {
      const scheme = unsafeUrl(url);
      if (scheme) problems.push(`${describe(element)} ${fullName} uses ${scheme} (${JSON.stringify(url)})${where}`);
    }
    if (name === 'id' || name === 'name') {
      if (inContent && !value.startsWith(CONTENT_ID_PREFIX)) {
        problems.push(`${describe(element)} ${name}="${value}" lacks the ${CONTENT_ID_PREFIX} prefix${where}`);
      }
      if (CLOBBERABLE_NAMES.has(value.toLowerCase())) {
        problems.push(`${describe(element)} ${name}="${value}" would clobber a browser global`);
      }
    }
    if (name === 'id') ids.set(value, (ids.get(value) ?? 0) + 1);
  }
}

function duplicateIds(ids: Map<string, number>): string[] {
  return [...ids].filter(([, count]) => count > 1).map(([id, count]) => `id "${id}" is used ${count} times`);
}

/**
 * The content rules alone, for the HTML the Markdown pipeline returns for one
 * article body (used by the property-based test on the pipeline itself).
 */
export function checkArticleHtml(html: string): string[] {
  const found: Found = { problems: [], ids: new Map() };
  for (const { element } of walk(parseFragment(html), true)) checkElement(element, true, false, found);
  return [...found.problems, ...duplicateIds(found.ids)];
}

/** What the check found on one page: errors stop the build, warnings are printed. */
export interface PageReport {
  /** Unsafe or broken: the page must not be published. */
  errors: string[];
  /** Merely imperfect (an in-page link to a missing section): reported, still published. */
  warnings: string[];
  /**
   * The build's own files the page names (`src` and `href` under `<base>_astro/`), relative to the
   * base, sorted: each must be in the same build (`missingAssets`).
   */
  assets: string[];
}

/** Every problem on one page, each a plain sentence; an empty list means the page is safe to publish. */
export function checkPage(html: string, options: CheckOptions): string[] {
  return inspectPage(html, options).errors;
}

/** The errors and warnings of one page. */
export function inspectPage(html: string, options: CheckOptions): PageReport {
  const found: Found = { problems: [], ids: new Map() };
  const warnings: string[] = [];
  const { problems } = found;
  const elements = walk(parse(html));
  const base = options.base.replace(/\/?$/, '/');

  // The page's own CSP: present, and never weakened for scripts or styles.
  const cspMetas = elements.filter(
    ({ element }) =>
      element.tagName === 'meta' && attr(element, 'http-equiv')?.toLowerCase() === 'content-security-policy',
  );
  const [onlyMeta] = cspMetas;
  const policy =
    cspMetas.length === 1 && onlyMeta ? new CspParser(attr(onlyMeta.element, 'content') ?? '').csp : undefined;
  if (cspMetas.length !== 1) problems.push(`has ${cspMetas.length} Content-Security-Policy meta tags, expected 1`);
  if (policy) {
    for (const directive of ['script-src', 'style-src']) {
      const sources = policy.directives[directive];
      if (!sources) problems.push(`CSP has no ${directive}`);
      for (const weak of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'data:', 'http:', 'https:']) {
        if (sources?.includes(weak)) problems.push(`CSP ${directive} allows ${weak}`);
      }
    }
  }
  const scriptHashes = policy?.directives['script-src']?.filter((source) => /^'sha\d+-/.test(source)) ?? [];
  const isHashed = (text: string) =>
    scriptHashes.some((source) => {
      const [, bits, digest] = /^'sha(\d+)-(.+)'$/.exec(source) ?? [];
      return bits !== undefined && digest === digestBase64(`sha${bits}`, text);
    });

  const fragmentLinks = new Set<string>();
  const assets = new Set<string>();
  let contentContainers = 0;
  for (const { element, inContent, inHead, isContainer } of elements) {
    checkElement(element, inContent, inHead, found);
    for (const name of ASSET_ATTRIBUTES) {
      const url = attr(element, name);
      if (url?.startsWith(`${base}_astro/`)) assets.add(url.slice(base.length).replace(/[?#].*$/, ''));
    }

    if (isContainer) {
      contentContainers += 1;
      // Astro logs a Markdown error and publishes the page with an empty body, exit code 0.
      if (textOf(element).trim() === '' && !hasDescendant(element, 'img')) {
        problems.push('article content is empty (did its Markdown fail to render? see the build log above)');
      }
    }

    // Scripts: only data blocks and what Astro bundled or hashed into the page's CSP.
    if (element.tagName === 'script' && !inContent) {
      const type = (attr(element, 'type') ?? '').trim().toLowerCase();
      const src = attr(element, 'src');
      const text = textOf(element);
      if (DATA_SCRIPT_TYPES.has(type)) {
        try {
          JSON.parse(text);
        } catch {
          problems.push(`<script type="${type}"> does not hold valid JSON (has something broken out of it?)`);
        }
      } else if (src !== undefined) {
        if (!src.startsWith(`${base}_astro/`)) problems.push(`<script src="${src}"> was not bundled by the site`);
      } else if (!isHashed(text)) {
        problems.push(`inline <script> whose hash is not in the page's CSP: ${JSON.stringify(text.slice(0, 60))}`);
      }
    }

    const href = attr(element, 'href');
    if (element.tagName === 'a' && href?.startsWith('#')) fragmentLinks.add(href);
  }

  if (options.isPrintedEdition) {
    if (contentContainers === 0)
      problems.push('a printed edition has no article content container (.prose in <article>)');
  } else if (contentContainers > 1 || (options.isArticle && contentContainers === 0)) {
    const expected = options.isArticle ? 'exactly 1' : 'at most 1';
    problems.push(`has ${contentContainers} article content containers (.prose in <article>), expected ${expected}`);
  }
  for (const [id, count] of found.ids) {
    if (count > 1) problems.push(`id "${id}" is used ${count} times`);
  }
  // A link to a section that is not there goes nowhere, but harms no one: a warning.
  for (const href of fragmentLinks) {
    if (href === '#' || href === '#top') continue;
    if (!fragmentTargets(href).some((target) => found.ids.has(target))) {
      warnings.push(`link to ${href} has no matching id on the page`);
    }
  }
  return { errors: problems, warnings, assets: [...assets].sort() };
}

/** Article pages (the output of `src/pages/articles/[slug]/index.astro`) must each have one content container. */
export const ARTICLE_PAGE = /^articles\/[^/]+\/index\.html$/;
/** A day's printed edition (`src/pages/editions/[year]/[month]/[day]/print.astro`): every article of the day in full. */
export const PRINTED_EDITION_PAGE = /^editions\/\d{4}\/\d{2}\/\d{2}\/print\/index\.html$/;

export interface SiteProblem {
  /** The page, relative to the build folder (`articles/x/index.html`). */
  file: string;
  message: string;
  severity: 'error' | 'warning';
}

/** What the check found in one built file: its problems, and the build's files it names (`PageReport.assets`). */
export interface FileReport {
  problems: SiteProblem[];
  assets: string[];
}

/** The report for one built file, by its path relative to the build folder. */
export function inspectFile(file: string, html: string, options: CheckOptions): FileReport {
  const { errors, warnings, assets } = inspectPage(html, {
    ...options,
    isArticle: ARTICLE_PAGE.test(file),
    isPrintedEdition: PRINTED_EDITION_PAGE.test(file),
  });
  const problems = [
    ...errors.map((message) => ({ file, message, severity: 'error' as const })),
    ...warnings.map((message) => ({ file, message, severity: 'warning' as const })),
  ];
  return { problems, assets };
}

/**
 * An error for each of the build's own files (`_astro/…`, content-hashed by
 * Vite, so a new build may name new ones) that some page names and `dir`
 * does not hold, on the first page naming it. A page reused from the build
 * cache still names the files of the build that rendered it: had something
 * that changes their names been left out of the cache's keys (as some Vite
 * options were until 2026-12-07), such a page would be published unstyled or
 * without its scripts. `assetsOf`: each page's `assets`, by its path.
 */
export function missingAssets(dir: string, assetsOf: ReadonlyMap<string, readonly string[]>): SiteProblem[] {
  // Each file, the first page (by path) naming it and how many do: a build's pages name a handful of files.
  const namedBy = new Map<string, { first: string; pages: number }>();
  for (const [file, assets] of assetsOf) {
    for (const asset of assets) {
      const seen = namedBy.get(asset);
      if (!seen) namedBy.set(asset, { first: file, pages: 1 });
      else {
        seen.pages += 1;
        if (file < seen.first) seen.first = file;
      }
    }
  }
  return [...namedBy]
    .filter(([asset]) => !existsSync(join(dir, asset)))
    .map(([asset, { first, pages }]) => {
      const others = pages - 1;
      const alsoOn = others === 0 ? '' : ` (and so ${others === 1 ? 'does 1 other page' : `do ${others} other pages`})`;
      return {
        file: first,
        message:
          `names ${asset}, which this build did not write${alsoOn}: a page reused from an older build's cache? ` +
          "Delete Astro's cache folder (node_modules/.astro, or CACHE_DIR) and build again",
        severity: 'error' as const,
      };
    });
}

/** Every `.html` file under `dir`, relative to it, with `/` separators, sorted. */
export function htmlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) {
      files.push(relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
    }
  }
  return files.sort();
}

/**
 * Checks every `.html` file under `dir` in this thread, and that every file of
 * the build they name is there; `file` in each problem is relative to `dir`.
 */
export function checkSite(dir: string, options: CheckOptions): SiteProblem[] {
  const assetsOf = new Map<string, string[]>();
  const problems = htmlFiles(dir).flatMap((file) => {
    const report = inspectFile(file, readFileSync(join(dir, file), 'utf8'), options);
    assetsOf.set(file, report.assets);
    return report.problems;
  });
  return [...problems, ...missingAssets(dir, assetsOf)];
}
