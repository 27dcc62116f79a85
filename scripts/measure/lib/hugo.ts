/**
 * The same synthetic corpus built by Hugo, on a minimal layout with the same
 * pages (articles, home and topic listings paginated by 20, a topics index),
 * as a yardstick for what Astro itself costs. The article pages have no
 * related articles: Hugo's `.Related` scores every article sharing a topic
 * with each page, so on a topic that grows with the archive it is quadratic
 * (80% of Hugo's time at 3,000 articles, `hugo --templateMetrics`; 83 s at
 * 10,000), which would make the yardstick slow and the ratios to it easy.
 * Without it, Hugo is faster and the ratios stricter. Only when
 * a `hugo` binary is installed (Debian: `apt-get install hugo`); nothing in
 * the project depends on it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type BuildFigures, diskUsage, resourceFigures } from './astro-build.ts';

/** Hugo's version as [major, minor], or undefined when it is not installed. */
export function hugoVersion(): [number, number] | undefined {
  const result = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  const match = /v(\d+)\.(\d+)/.exec(result.stdout ?? '');
  return result.status === 0 && match ? [Number(match[1]), Number(match[2])] : undefined;
}

const PAGE = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>\n`;

const LIST_ITEMS = `{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Params.dek }}</p><p>{{ .Date.Format "January 2, 2006" }} · {{ .Params.source.name }}</p></article>{{ end }}
<nav>{{ with .Paginator.Prev }}<a rel="prev" href="{{ .URL }}">Previous</a>{{ end }} {{ range .Paginator.Pagers }}<a href="{{ .URL }}">{{ .PageNumber }}</a> {{ end }}{{ with .Paginator.Next }}<a rel="next" href="{{ .URL }}">Next</a>{{ end }}</nav>`;

const LAYOUTS: Record<string, string> = {
  'layouts/_default/single.html': PAGE(
    '{{ .Title }}',
    `<article><h1>{{ .Title }}</h1><p>{{ .Params.dek }}</p><p>{{ .Date.Format "January 2, 2006" }} · {{ .ReadingTime }} min read · <a href="{{ .Params.source.url }}">{{ .Params.source.name }}</a></p>{{ .Content }}
<ul>{{ range .Params.tags }}<li><a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul></article>`,
  ),
  'layouts/index.html': PAGE(
    'Latest articles',
    `<h1>Latest articles</h1>{{ $paginator := .Paginate .Site.RegularPages }}${LIST_ITEMS.replaceAll('.Paginator', '$paginator')}`,
  ),
  'layouts/_default/list.html': PAGE('{{ .Title }}', `<h1>{{ .Title }}</h1>${LIST_ITEMS}`),
  'layouts/_default/terms.html': PAGE(
    'Topics',
    '<h1>Topics</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>',
  ),
};

/**
 * A cold Hugo build of the Markdown in `contentDir` (its `articles/` folder)
 * in a new site at `root`, timed like the Astro builds.
 */
export function hugoBuild(root: string, contentDir: string): BuildFigures {
  const version = hugoVersion();
  if (!version) throw new Error('hugo is not installed');
  rmSync(root, { recursive: true, force: true });
  // Hugo 0.128 moved `paginate` into a `[pagination]` table.
  const modern = version[0] > 0 || version[1] >= 128;
  const config = [
    'baseURL = "http://localhost/"',
    'languageCode = "en"',
    'disableKinds = ["RSS", "sitemap", "robotsTXT"]',
    `contentDir = ${JSON.stringify(contentDir)}`,
    ...(modern ? [] : ['paginate = 20']),
    '[taxonomies]',
    'tag = "tags"',
    // Raw HTML is dropped, as the sanitizer drops what it doesn't allow.
    '[markup.goldmark.renderer]',
    'unsafe = false',
    ...(modern ? ['[pagination]', 'pagerSize = 20'] : []),
    '',
  ].join('\n');
  for (const [path, text] of Object.entries({ 'hugo.toml': config, ...LAYOUTS })) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const useGnuTime = existsSync('/usr/bin/time');
  const args = ['--quiet', '--ignoreCache', '--destination', 'public'];
  const started = process.hrtime.bigint();
  const result = useGnuTime
    ? spawnSync('/usr/bin/time', ['-v', 'hugo', ...args], { cwd: root, encoding: 'utf8' })
    : spawnSync('hugo', args, { cwd: root, encoding: 'utf8' });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`hugo failed (exit ${result.status}):\n${result.stderr.slice(-3000)}`);
  return {
    wallSeconds,
    ...resourceFigures(result.stderr),
    rssSource: '/usr/bin/time -v',
    ...diskUsage(join(root, 'public')),
    reused: 0,
    waitedSeconds: 0,
  };
}
