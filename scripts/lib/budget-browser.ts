/**
 * The page budget measured in a real browser: Chromium loads the page and
 * reports every request it made, which of them blocked the first render
 * (Resource Timing's `renderBlockingStatus`), the web fonts it loaded and the
 * layout shift it saw. Used by the browser test and by `npm run budget -- --browser`.
 */
import type { Page, Request } from '@playwright/test';

import { type Exemption, EXEMPTIONS, gzipSize } from './budget.ts';

export interface BrowserRequest {
  url: string;
  /** Playwright's resource type: document, stylesheet, script, image, font, … */
  type: string;
  /** Body bytes as received, and gzip-compressed as a server would send them. */
  bytes: number;
  gzip: number;
  blocking: boolean;
  exempt: boolean;
}

export interface BrowserFigures {
  url: string;
  requests: BrowserRequest[];
  /** Document + stylesheets + scripts, gzip. */
  totalGzip: number;
  jsGzip: number;
  /** The document plus every request Chromium marked render-blocking. */
  requestsBeforeRender: number;
  thirdParty: string[];
  webFonts: string[];
  /** Cumulative layout shift while loading (0 when nothing moved). */
  layoutShift: number;
}

const RENDER_TYPES = new Set(['document', 'stylesheet', 'script']);

/**
 * Loads the page at `path` (relative to the site's base, like `/articles/x/`)
 * of the site at `siteUrl` (its origin and base, like `http://127.0.0.1:4321/`)
 * in `page`, nothing cached, and measures it.
 */
export async function measureInBrowser(
  page: Page,
  siteUrl: string,
  path: string,
  exemptions: readonly Exemption[] = EXEMPTIONS,
): Promise<BrowserFigures> {
  const site = new URL(siteUrl);
  const url = new URL(path.slice(1), site).href;
  const requests: Request[] = [];
  const listener = (request: Request) => requests.push(request);
  page.on('request', listener);
  try {
    await page.goto(url, { waitUntil: 'load' });
    // Late requests (a lazy image, a font) start after `load`; give them a moment.
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('request', listener);
  }
  const origin = site.origin;
  const active = exemptions.filter((e) => e.page.test(path));

  const timing = await page.evaluate(async () => {
    const blocking = performance
      .getEntriesByType('resource')
      .filter(
        (entry) =>
          (entry as PerformanceResourceTiming & { renderBlockingStatus?: string }).renderBlockingStatus === 'blocking',
      )
      .map((entry) => entry.name);
    const layoutShift = await new Promise<number>((resolve) => {
      let sum = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) sum += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
      // Buffered entries are delivered in the next task.
      setTimeout(() => resolve(sum), 50);
    });
    // Scripts the browser runs: not data blocks such as JSON-LD (`application/ld+json`), which budget.ts leaves out too.
    const runs = new Set(['', 'text/javascript', 'application/javascript', 'module']);
    const inlineScripts = [...document.scripts]
      .filter((script) => !script.src && runs.has(script.type.trim().toLowerCase()))
      .map((script) => script.text);
    return { blocking, layoutShift, inlineScripts, fontFaces: [...document.fonts].map((font) => font.family) };
  });

  const measured: BrowserRequest[] = [];
  for (const request of requests) {
    const requestUrl = new URL(request.url());
    if (requestUrl.protocol === 'data:' || requestUrl.protocol === 'blob:') continue;
    const local = requestUrl.origin === origin ? `/${requestUrl.pathname.slice(site.pathname.length)}` : '';
    const exempt = requestUrl.origin === origin && active.some((e) => e.asset.test(local));
    const response = await request.response();
    const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
    measured.push({
      url: request.url(),
      type: request.resourceType(),
      bytes: body.length,
      gzip: gzipSize(body),
      blocking: timing.blocking.includes(request.url()),
      exempt,
    });
  }
  const counted = measured.filter((r) => !r.exempt);
  return {
    url,
    requests: measured,
    totalGzip: counted.filter((r) => RENDER_TYPES.has(r.type)).reduce((sum, r) => sum + r.gzip, 0),
    jsGzip:
      counted.filter((r) => r.type === 'script').reduce((sum, r) => sum + r.gzip, 0) +
      timing.inlineScripts.filter((code) => code.trim()).reduce((sum, code) => sum + gzipSize(code), 0),
    requestsBeforeRender: 1 + counted.filter((r) => r.blocking && r.type !== 'document').length,
    thirdParty: measured.filter((r) => new URL(r.url).origin !== origin).map((r) => r.url),
    webFonts: [...counted.filter((r) => r.type === 'font').map((r) => r.url), ...timing.fontFaces],
    layoutShift: timing.layoutShift,
  };
}
