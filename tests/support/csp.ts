import type { Page } from '@playwright/test';

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
