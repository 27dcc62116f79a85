import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Root of the built site the browser tests read. */
export const DIST = join(process.cwd(), 'dist');

/** Every built HTML page as the URL path a static host serves it at (respecting BASE_PATH). */
export function builtPages(dir = DIST): string[] {
  const base = (process.env['BASE_PATH'] ?? '/').replace(/\/?$/, '/');
  const pages: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) {
        const rel = relative(dir, path).split(sep).join('/');
        pages.push(base + rel.replace(/(^|\/)index\.html$/, '$1'));
      }
    }
  };
  walk(dir);
  return pages.sort();
}
