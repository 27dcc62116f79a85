import { expect, type Page } from '@playwright/test';

/**
 * Records every CSP violation the page reports (`securitypolicyviolation`
 * events, from any policy: the page's <meta> or a server header). The
 * listener is installed before any page script runs.
 */
export async function recordCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} on ${event.documentURI}`);
    });
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

/** Whether this page's CSP lets it compile WebAssembly (Pagefind needs it; nothing else should). */
export function canCompileWasm(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    // The smallest valid module: magic number and version.
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    try {
      await WebAssembly.compile(empty);
      return true;
    } catch {
      return false;
    }
  });
}

/** An address no policy of this site allows an image from (img-src is 'self' and https:), and no test loads. */
const BARRIER_IMAGE = 'http://csp-barrier.invalid/marker.png';

/** Whether a violation or console line is the barrier's own, and not the page's. */
export const isBarrier = (line: string) => line.includes('csp-barrier.invalid');

/**
 * Every violation the page has reported so far, read without a fixed sleep.
 * Browsers queue each `securitypolicyviolation` event as a task, so a list
 * read at once can miss the last ones. Instead, once the page has loaded, an
 * image is asked for from an address the policy must refuse; its violation is
 * queued after every earlier one, so when it has arrived (expect.poll) so has
 * everything the page caused. The barrier's own entry is left out.
 */
export async function violationsAfterLoad(page: Page, read: () => Promise<string[]>): Promise<string[]> {
  await page.waitForLoadState('load');
  await page.evaluate((src) => {
    new Image().src = src;
  }, BARRIER_IMAGE);
  await expect
    .poll(async () => (await read()).some(isBarrier), {
      message: 'the barrier image was never refused: is the page without a CSP?',
    })
    .toBe(true);
  return (await read()).filter((line) => !isBarrier(line));
}

/**
 * Resolves after the page's load event and two rendering frames: load waits
 * for every image and frame (their onload/onerror handlers have run), the first
 * frame after it runs autofocus, the second sees the focus handlers it set off.
 * For pages with no CSP to put a barrier through (see `violationsAfterLoad`).
 */
export async function afterLoadAndTwoFrames(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}
