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
  const pending = new Set<Request>();
  let settled: (() => void) | undefined;
  const started = (request: Request) => {
    requests.push(request);
    pending.add(request);
  };
  const ended = (request: Request) => {
    pending.delete(request);
    if (pending.size === 0) settled?.();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    await page.goto(url, { waitUntil: 'load' });
    // Late requests (a lazy image, a font) start after `load`, once the page is laid out and painted:
    // two frames later they have started, and `document.fonts.ready` waits for every font face it uses.
    await page.evaluate(async () => {
      await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
      await document.fonts.ready;
    });
    // Then every request started so far has to be answered (or fail) before the figures are read.
    if (pending.size > 0) {
      await new Promise<void>((resolve, reject) => {
        settled = resolve;
        page.once('close', () => reject(new Error(`${url}: the page closed with requests unanswered`)));
      });
    }
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
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
    // `buffered: true` copies the shifts recorded so far into the observer's buffer as `observe()` runs;
    // `takeRecords()` reads them there at once, instead of waiting for the callback's task.
    const observer = new PerformanceObserver(() => {});
    observer.observe({ type: 'layout-shift', buffered: true });
    const shifts = observer.takeRecords() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[];
    observer.disconnect();
    const layoutShift = shifts.filter((entry) => !entry.hadRecentInput).reduce((sum, entry) => sum + entry.value, 0);
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
