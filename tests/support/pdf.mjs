// Reading PDFs with poppler-utils (pdfinfo, pdftotext, pdftoppm): shared by the
// print tests and `npm run print:preview`. Debian/Ubuntu: apt-get install poppler-utils.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Paper sizes in PostScript points (1/72 in), portrait. */
export const PAPER = {
  A4: { width: 595.28, height: 841.89 },
  Letter: { width: 612, height: 792 },
};

function run(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if (error && error.code === 'ENOENT') {
      throw new Error(`${command} is missing: install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils).`, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Page count and the first page's size in points, from `pdfinfo`.
 * @param {string} file
 * @returns {{ pages: number, width: number, height: number }}
 */
export function pdfInfo(file) {
  const info = run('pdfinfo', [file]);
  const pages = /^Pages:\s+(\d+)/m.exec(info);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  if (!pages || !size) throw new Error(`pdfinfo could not read ${file}:\n${info}`);
  return { pages: Number(pages[1]), width: Number(size[1]), height: Number(size[2]) };
}

/**
 * True when a size in points is the given paper within half a millimetre.
 * @param {{ width: number, height: number }} size
 * @param {keyof typeof PAPER} paper
 */
export function isPaper(size, paper) {
  const tolerance = 1.5;
  const want = PAPER[paper];
  return Math.abs(size.width - want.width) <= tolerance && Math.abs(size.height - want.height) <= tolerance;
}

/**
 * The text of every page, in reading order (`pdftotext`, pages split at form feeds).
 * @param {string} file
 * @returns {string[]}
 */
export function pdfPageTexts(file) {
  const pages = run('pdftotext', ['-enc', 'UTF-8', file, '-']).split('\f');
  // pdftotext ends the last page with a form feed too.
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

/**
 * Every word with its box in points, per page (`pdftotext -bbox`).
 * @param {string} file
 * @returns {{ page: number, pageWidth: number, pageHeight: number, text: string, xMin: number, yMin: number, xMax: number, yMax: number }[]}
 */
export function pdfWords(file) {
  const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']);
  const words = [];
  let page = 0;
  let pageWidth = 0;
  let pageHeight = 0;
  for (const match of html.matchAll(
    /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  )) {
    if (match[1] !== undefined) {
      page += 1;
      pageWidth = Number(match[1]);
      pageHeight = Number(match[2]);
    } else {
      words.push({
        page,
        pageWidth,
        pageHeight,
        text: match[7] ?? '',
        xMin: Number(match[3]),
        yMin: Number(match[4]),
        xMax: Number(match[5]),
        yMax: Number(match[6]),
      });
    }
  }
  return words;
}

/**
 * Renders one page to PNG (`pdftoppm`) and returns the PNG's path.
 * @param {string} file
 * @param {number} page 1-based
 * @param {string} outPrefix path without `.png`
 * @param {number} dpi
 */
export function renderPagePng(file, page, outPrefix, dpi = 60) {
  run('pdftoppm', ['-png', '-singlefile', '-r', String(dpi), '-f', String(page), '-l', String(page), file, outPrefix]);
  return `${outPrefix}.png`;
}

/**
 * How light each page is, 0 (black) to 1 (white): the mean of a small greyscale
 * rendering. Text on white paper stays well above 0.8; a dark background does not.
 * @param {string} file
 * @param {string} outPrefix scratch path for the renderings
 * @returns {number[]}
 */
export function pageLightness(file, outPrefix) {
  const { pages } = pdfInfo(file);
  const result = [];
  for (let page = 1; page <= pages; page += 1) {
    const path = `${outPrefix}-${page}`;
    run('pdftoppm', ['-gray', '-singlefile', '-r', '24', '-f', String(page), '-l', String(page), file, path]);
    result.push(meanOfPgm(readFileSync(`${path}.pgm`)));
  }
  return result;
}

/** Mean sample of a binary (P5) 8-bit PGM image, scaled to 0..1. */
function meanOfPgm(buffer) {
  // Header: "P5", width, height, maxval, each separated by whitespace, then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buffer.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a binary PGM image');
  const [, width, height, max] = header.map(Number);
  const pixels = buffer.subarray(header[0].length, header[0].length + width * height);
  let sum = 0;
  for (const value of pixels) sum += value;
  return sum / pixels.length / max;
}
