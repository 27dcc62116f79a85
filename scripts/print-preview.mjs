// Prints an article of the built site to PDF the way a reader's browser would
// (Chromium, print media, the stylesheet's A4 page) and saves page 1 as a PNG
// for the README. Prints the measured figures.
//
//   npm run print:preview                  # the newest article -> docs/print-page-1.png
//   npm run print:preview -- <slug> <png>  # another article or output file
//
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { chromium } from '@playwright/test';
import { preview } from 'astro';

import { isPaper, pdfInfo, renderPagePng } from '../tests/support/pdf.mjs';
import { findChromium, playwrightLaunchOptions } from './browser.mjs';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const base = (process.env.BASE_PATH ?? '/').replace(/\/?$/, '/');

/** The newest article: the first one the built home page lists (it lists them newest first). */
function newestArticle() {
  let home;
  try {
    home = readFileSync(join(dist, 'index.html'), 'utf8');
  } catch {
    throw new Error('No build in dist/: run `npm run build` first (npm run print:preview does).');
  }
  const slug = /href="[^"]*\/articles\/([^/"]+)\/"/.exec(home)?.[1];
  if (!slug) throw new Error('dist/index.html lists no article: there is nothing to print.');
  return slug;
}

const slug = process.argv[2] ?? newestArticle();
const png = resolve(root, process.argv[3] ?? 'docs/print-page-1.png');
const work = mkdtempSync(join(tmpdir(), 'news-reader-print-preview-'));
const pdf = join(work, `${slug}.pdf`);

const executablePath = findChromium();
if (!executablePath) throw new Error('No Chromium found: run `npm test` once, or set CHROMIUM_PATH.');
// Port 0: the system picks a free port and the server reports it.
const server = await preview({ root, server: { host: '127.0.0.1', port: 0 }, logLevel: 'error' });
const browser = await chromium.launch(playwrightLaunchOptions(executablePath));
try {
  const page = await browser.newPage();
  const url = `http://127.0.0.1:${server.port}${base}articles/${slug}/`;
  const response = await page.goto(url);
  if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
  await page.pdf({ path: pdf, preferCSSPageSize: true });
} finally {
  await browser.close();
  await server.stop();
}

const info = pdfInfo(pdf);
mkdirSync(dirname(png), { recursive: true });
renderPagePng(pdf, 1, png.replace(/\.png$/, ''), 80);
const paper = isPaper(info, 'A4') ? 'A4' : isPaper(info, 'Letter') ? 'Letter' : `${info.width} x ${info.height} pt`;
console.log(`Article:    ${slug}`);
console.log(`Pages:      ${info.pages} (${paper})`);
console.log(`PDF:        ${pdf} (${statSync(pdf).size} bytes)`);
console.log(`Page 1 PNG: ${png} (${statSync(png).size} bytes)`);
