/**
 * Builds the site from a throw-away copy of the project, so a large synthetic
 * build (`npm run bench`, `npm run budget:scale`) never touches this
 * project's own `dist/`, `.astro/` or content cache, and can run while the
 * normal build and tests do.
 *
 * The copy holds `src/`, `public/` and the configuration; `node_modules/` is
 * a folder of links to this project's packages, so Astro's cache (which lives
 * in `node_modules/.astro`) stays private to the copy. The articles come from
 * `CONTENT_DIR`, read by `src/content.config.ts`.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** This project's root (scripts/lib/ is two levels down). */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

const COPIED = ['src', 'public', 'astro.config.ts', 'tsconfig.json', 'package.json'];
/** Caches that must not be shared between the copy and the project. */
const PRIVATE = new Set(['.astro', '.vite', '.cache']);

/**
 * A fresh copy of the project in a new folder `$TMPDIR/<prefix>-XXXXXX`
 * (unique, so runs side by side never meet). Remove it with `removeScratch`.
 */
export function scratchProject(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  mkdirSync(join(root, 'node_modules'));
  for (const entry of COPIED) cpSync(join(PROJECT_ROOT, entry), join(root, entry), { recursive: true });
  for (const entry of readdirSync(join(PROJECT_ROOT, 'node_modules'))) {
    if (!PRIVATE.has(entry)) symlinkSync(join(PROJECT_ROOT, 'node_modules', entry), join(root, 'node_modules', entry));
  }
  return root;
}

/** Deletes a scratch copy (its `node_modules` holds links only: the project's packages are untouched). */
export function removeScratch(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/**
 * A configuration beside the real one that differs only in using Astro's
 * default Markdown processor (no `unified()` pipeline, so no sanitizer), to
 * show what sanitizing costs.
 */
export function writeDefaultProcessorConfig(root: string): string {
  const file = 'astro.default-markdown.config.ts';
  writeFileSync(
    join(root, file),
    [
      "import config from './astro.config.ts';",
      '// Everything as configured, except `markdown.processor`: Astro then uses its default processor.',
      'const { processor: _unused, ...markdown } = config.markdown ?? {};',
      'export default { ...config, markdown };',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * A configuration with the project's own unified() pipeline less its two
 * sanitizing steps (rehype-raw, rehype-sanitize): raw HTML then passes through
 * untouched. Beside the real build, it shows what sanitizing itself costs.
 */
export function writeUnsanitizedConfig(root: string): string {
  const file = 'astro.unsanitized.config.ts';
  writeFileSync(
    join(root, file),
    [
      "import { unified } from '@astrojs/markdown-remark';",
      "import rehypeRaw from 'rehype-raw';",
      "import rehypeSanitize from 'rehype-sanitize';",
      "import config from './astro.config.ts';",
      "import { markdownOptions } from './src/markdown/pipeline.ts';",
      'const rehypePlugins = markdownOptions.rehypePlugins.filter(',
      '  (plugin) => plugin !== rehypeRaw && !(Array.isArray(plugin) && plugin[0] === rehypeSanitize),',
      ');',
      'export default { ...config, markdown: { ...config.markdown, processor: unified({ ...markdownOptions, rehypePlugins }) } };',
      '',
    ].join('\n'),
  );
  return file;
}

export interface BuildFigures {
  /** Wall-clock time of the whole `astro build` process. */
  wallSeconds: number;
  /** User plus system CPU time: less disturbed than wall time when other work shares the machine. */
  cpuSeconds: number | undefined;
  /** Peak resident memory of the build, in bytes. */
  peakRssBytes: number;
  /** How the peak was measured. */
  rssSource: '/usr/bin/time -v' | 'process.resourceUsage()';
  /** HTML pages written. */
  pages: number;
}

const GNU_TIME = '/usr/bin/time';

/** HTML files under `dir`. */
export function countPages(dir: string): number {
  let pages = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.html')) pages += 1;
  }
  return pages;
}

/**
 * A cold `astro build` of the copy at `root` with the articles in
 * `contentDir`: every cache is emptied first, so each build does all the
 * work. Peak RSS comes from GNU time where it is installed, else from the
 * build process's own accounting (a preloaded module reports
 * `process.resourceUsage().maxRSS` as it exits).
 */
export function astroBuild(root: string, contentDir: string, options: { config?: string } = {}): BuildFigures {
  for (const cache of ['dist', '.astro', 'node_modules/.astro', 'node_modules/.vite']) {
    rmSync(join(root, cache), { recursive: true, force: true });
  }
  const rssFile = join(root, '.peak-rss');
  rmSync(rssFile, { force: true });
  const useGnuTime = existsSync(GNU_TIME);
  const astro = [
    ...(useGnuTime ? [] : ['--import', join(PROJECT_ROOT, 'scripts/lib/report-rss.mjs')]),
    join(root, 'node_modules/astro/bin/astro.mjs'),
    'build',
    ...(options.config ? ['--config', options.config] : []),
  ];
  const [command, args] = useGnuTime ? [GNU_TIME, ['-v', process.execPath, ...astro]] : [process.execPath, astro];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, CONTENT_DIR: contentDir, ASTRO_TELEMETRY_DISABLED: '1', PEAK_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(
      `astro build of ${contentDir} failed (exit ${result.status}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
    );
  }
  let peakRssBytes: number;
  let cpuSeconds: number | undefined;
  if (useGnuTime) {
    const user = /User time \(seconds\): ([\d.]+)/.exec(result.stderr);
    const system = /System time \(seconds\): ([\d.]+)/.exec(result.stderr);
    cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : undefined;
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
    if (!match) throw new Error(`no "Maximum resident set size" in the output of ${GNU_TIME} -v`);
    peakRssBytes = Number(match[1]) * 1024;
  } else {
    peakRssBytes = Number(readFileSync(rssFile, 'utf8')) * 1024;
  }
  return {
    wallSeconds,
    cpuSeconds,
    peakRssBytes,
    rssSource: useGnuTime ? '/usr/bin/time -v' : 'process.resourceUsage()',
    pages: countPages(join(root, 'dist')),
  };
}
