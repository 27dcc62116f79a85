/**
 * `npm run audit`: Lighthouse (mobile preset: a mid-range phone on a slow 4G
 * connection, simulated) on the home, an article, a topic, an edition and a source page of
 * the last build, served by Astro's preview server on a free port. Prints a Markdown table of the
 * scores and writes it, with each page's full HTML report, to
 * `lighthouse-report/`.
 *
 * Accessibility, Best Practices and SEO must be 100 on every page (they are
 * deterministic: the same build gives the same score); the run exits 1 and
 * names the failing audits otherwise. Performance depends on the machine's
 * load, so it is reported, not asserted.
 *
 *   npm run build && npm run audit [-- --out <dir>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

import { findChromium, SYSTEM_CHROMIUM_ARGS } from '../browser.mjs';
import { builtPagePaths, pageKind, type PageKind } from './lib/budget.ts';
import { startPreview } from '../lib/preview.ts';

/** Categories that must score 100. */
export const ASSERTED = ['accessibility', 'best-practices', 'seo'] as const;
const CATEGORIES = ['performance', ...ASSERTED] as const;

/** Lighthouse drives Chromium itself (chrome-launcher), headless, with the project's one list of flags. */
export const CHROME_FLAGS = ['--headless=new', ...SYSTEM_CHROMIUM_ARGS];

/** The first page of each kind the audit covers. */
export function auditedPages(paths: readonly string[]): { kind: PageKind; path: string }[] {
  const wanted: PageKind[] = ['home', 'article', 'topic', 'edition', 'source'];
  return wanted.flatMap((kind) => {
    const path = paths.find((p) => pageKind(p) === kind);
    return path ? [{ kind, path }] : [];
  });
}

export interface AuditResult {
  kind: PageKind;
  path: string;
  scores: Record<(typeof CATEGORIES)[number], number>;
  metrics: { fcp: string; lcp: string; tbt: string; cls: string };
  /** Audits that cost an asserted category points, as `category: audit title`. */
  failures: string[];
}

export function auditTable(results: readonly AuditResult[]): string {
  const header = ['page', 'path', 'Performance', 'Accessibility', 'Best Practices', 'SEO', 'FCP', 'LCP', 'TBT', 'CLS'];
  const rows = [header, header.map((_, i) => (i < 2 ? '---' : '---:'))];
  for (const r of results) {
    rows.push([
      r.kind,
      r.path,
      String(r.scores.performance),
      String(r.scores.accessibility),
      String(r.scores['best-practices']),
      String(r.scores.seo),
      r.metrics.fcp,
      r.metrics.lcp,
      r.metrics.tbt,
      r.metrics.cls,
    ]);
  }
  return rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'lighthouse-report' } } });
  const base = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/').replace(/^\/?/, '/');
  const pages = auditedPages(builtPagePaths(resolve('dist')));
  if (pages.length === 0) throw new Error('No built pages in dist/: run `npm run build` first.');
  const chromePath = process.env['CHROME_PATH'] ?? findChromium();
  if (!chromePath) throw new Error('No Chromium found: set CHROME_PATH or install chromium.');
  mkdirSync(values.out, { recursive: true });

  const server = await startPreview(resolve('dist'), base);
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS });
  const results: AuditResult[] = [];
  let version = '';
  try {
    for (const { kind, path } of pages) {
      const url = `${server.url}${path.slice(1)}`;
      console.log(`Lighthouse: ${url}`);
      const run = await lighthouse(url, {
        port: chrome.port,
        output: 'html',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      if (!run) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = run;
      version = lhr.lighthouseVersion;
      if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.message}`);
      writeFileSync(join(values.out, `${kind}.html`), String(run.report));
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const metric = (id: string) => lhr.audits[id]?.displayValue ?? '–';
      const failures = ASSERTED.flatMap((category) =>
        (lhr.categories[category]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => `${category}: ${lhr.audits[ref.id]?.title ?? ref.id}`),
      );
      results.push({
        kind,
        path,
        scores: {
          performance: score('performance'),
          accessibility: score('accessibility'),
          'best-practices': score('best-practices'),
          seo: score('seo'),
        },
        metrics: {
          fcp: metric('first-contentful-paint'),
          lcp: metric('largest-contentful-paint'),
          tbt: metric('total-blocking-time'),
          cls: metric('cumulative-layout-shift'),
        },
        failures,
      });
    }
  } finally {
    chrome.kill();
    await server.stop();
  }

  const belowTarget = results.filter((r) => ASSERTED.some((category) => r.scores[category] < 100));
  const summary = [
    `Lighthouse ${version}, mobile preset (simulated slow 4G, 4× CPU slowdown), ${new Date().toISOString().slice(0, 10)}.`,
    auditTable(results),
    belowTarget.length === 0
      ? 'Accessibility, Best Practices and SEO are 100 on every page.'
      : `Below 100:\n${belowTarget.flatMap((r) => r.failures.map((f) => `- ${r.path}: ${f}`)).join('\n')}`,
  ].join('\n\n');
  console.log(`\n${summary}`);
  writeFileSync(join(values.out, 'summary.md'), `${summary}\n`);
  process.exitCode = belowTarget.length === 0 ? 0 : 1;
}

if (import.meta.main) await main();
