import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HtmlValidate } from 'html-validate';
import { check, LinkState } from 'linkinator';

import { buildSiteSync, tempDir } from './build-site.ts';
import { builtPages } from './built-pages.ts';

/**
 * Helpers for the deployment tests: build the site for a given SITE_URL and
 * BASE_PATH into a temporary directory, serve it as a static host would
 * (nginx with the committed config), crawl it and validate its HTML.
 */

const PROJECT = process.cwd();

export interface Build {
  dir: string;
  site: string;
  base: string;
  /** Absolute URL of the site's home, e.g. `http://127.0.0.1:4355/news/`. */
  home: string;
}

/**
 * `astro build` (validation, Astro, the page check, Pagefind: the publish integration) for one
 * SITE_URL/BASE_PATH, into a fresh temporary directory with its own Astro
 * cache so it never races another build of the same checkout.
 */
export function buildSite(site: string, base: string): Build {
  const dir = tempDir('deploy-e2e-site');
  buildSiteSync(dir, { env: { SITE_URL: site, BASE_PATH: base } });
  return { dir, site, base, home: new URL(base, site).href };
}

/** Every built page's URL path under the build's base, as a static host serves it. */
export function pagesOf(build: Build): string[] {
  const previous = process.env['BASE_PATH'];
  process.env['BASE_PATH'] = build.base;
  try {
    return builtPages(build.dir);
  } finally {
    if (previous === undefined) delete process.env['BASE_PATH'];
    else process.env['BASE_PATH'] = previous;
  }
}

export interface CrawlResult {
  /** How many links (URL and linking page) were checked; external ones are not counted. */
  checked: number;
  /** Every distinct URL the crawl reached with a success status. */
  reached: Set<string>;
  broken: string[];
}

/**
 * Crawls from the given start URLs (or paths under `serverRoot`) with
 * linkinator: every link, asset and `#fragment` must resolve. Links leaving
 * `origin` (the original publishers) are skipped: this machine has no internet.
 */
export async function crawl(options: {
  origin: string;
  paths: string[];
  serverRoot?: string;
  port?: number;
}): Promise<CrawlResult> {
  const result = await check({
    path: options.paths,
    ...(options.serverRoot ? { serverRoot: options.serverRoot, port: options.port } : {}),
    recurse: true,
    checkFragments: true,
    concurrency: 4,
    timeout: 10_000,
    linksToSkip: async (link: string) => !link.startsWith(options.origin),
  });
  // Under `serverRoot` linkinator reports URLs relative to the server's root.
  const absolute = (url: string) => new URL(url, `${options.origin}/`).href;
  const checked = result.links.filter((link) => link.state !== LinkState.SKIPPED);
  const broken = checked
    .filter((link) => link.state === LinkState.BROKEN)
    .map((link) => {
      const why = link.failureDetails?.map((detail) => (detail instanceof Error ? detail.message : '')).join(' ');
      return `${link.url} (status ${link.status ?? '?'}${why ? `: ${why}` : ''}) linked from ${link.parent ?? 'the start'}`;
    });
  const reached = new Set(checked.filter((link) => link.state === LinkState.OK).map((link) => absolute(link.url)));
  return { checked: checked.length, reached, broken };
}

/** html-validate's recommended rules over every built page; one line per error. */
export async function validateHtml(build: Build): Promise<string[]> {
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
  const errors: string[] = [];
  for (const path of pagesOf(build)) {
    const file = join(build.dir, path.slice(build.base.length).replace(/(^|\/)$/, '$1index.html'));
    const report = await validator.validateString(readFileSync(file, 'utf8'), file);
    for (const result of report.results) {
      for (const message of result.messages) {
        errors.push(`${path}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`);
      }
    }
  }
  return errors;
}

export interface Nginx {
  url: string;
  stop(): Promise<void>;
  errorLog(): string;
}

const NGINX_CONF = join(PROJECT, 'deploy/nginx/news.conf');
const HEADERS_CONF = join(PROJECT, 'deploy/nginx/news-security-headers.conf');

/**
 * Starts nginx (as root, in the foreground, all state in a temp directory)
 * with a copy of the committed site config: only the listen address, the
 * deploy root and the snippet's path are changed. Each substitution must
 * match, so the test fails if the committed config drifts from what it checks.
 */
/** The nginx binary, if installed (Debian puts it in /usr/sbin). */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].find((path) => existsSync(path));

export async function startNginx(deployRoot: string, port: number): Promise<Nginx> {
  const nginx = NGINX;
  if (!nginx) throw new Error('nginx is not installed: apt-get install nginx (.ci/run does this in CI)');
  const prefix = mkdtempSync(join(tmpdir(), 'deploy-e2e-nginx-'));
  const headers = join(prefix, 'news-security-headers.conf');
  writeFileSync(headers, readFileSync(HEADERS_CONF, 'utf8'));

  let site = readFileSync(NGINX_CONF, 'utf8');
  const substitutions: [string | RegExp, string][] = [
    [/^\s*listen \[::\]:80;\n/m, ''],
    [/listen 80;/, `listen 127.0.0.1:${port};`],
    [/\/var\/www\/news\//g, `${deployRoot}/`],
    [/\/etc\/nginx\/snippets\/news-security-headers\.conf/g, headers],
  ];
  for (const [pattern, replacement] of substitutions) {
    if (!site.match(pattern)) throw new Error(`deploy/nginx/news.conf no longer contains ${pattern}: update the test`);
    site = site.replace(pattern, replacement);
  }
  writeFileSync(join(prefix, 'news.conf'), site);
  const temp = (name: string) => `${name}_temp_path ${join(prefix, name)};`;
  writeFileSync(
    join(prefix, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(prefix, 'error.log')} warn;`,
      'events { worker_connections 64; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      `  access_log ${join(prefix, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${temp(name)}`),
      `  include ${join(prefix, 'news.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  // Workers run as an unprivileged user: the deploy root must be readable, as on a real server.
  chmodSync(deployRoot, 0o755);

  const child: ChildProcess = spawn(nginx, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited at start:\n${stderr}`);
    try {
      await fetch(`${url}/`, { redirect: 'manual' });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not answer on ${url} within 10 s:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const errorLog = () => readFileSync(join(prefix, 'error.log'), 'utf8');
  return {
    url,
    errorLog,
    async stop() {
      // QUIT: graceful stop of the master and its workers.
      child.kill('SIGQUIT');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** deploy/release.sh: copy a build into <root>/releases/… and switch <root>/current to it. */
export function release(buildDir: string, deployRoot: string): string {
  return execFileSync('bash', [join(PROJECT, 'deploy/release.sh'), buildDir, deployRoot], { encoding: 'utf8' });
}
