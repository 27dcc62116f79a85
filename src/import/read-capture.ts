import { extname } from 'node:path';

import { type Capture, ImportError, type ParseOptions } from './capture.ts';
import { parseHtmlPage } from './html-page.ts';
import { parseTextCapture } from './text-capture.ts';

const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml']);
const HTML_START = /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>])/i;

/**
 * Decodes a capture file, refusing what is not text: an empty file, bytes
 * that are not UTF-8, or control characters no text capture contains (NUL,
 * most C0 codes), which is what images, PDFs and archives look like.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ImportError('the file is empty');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError('this is binary data, not a text capture or an HTML page (it is not UTF-8 text)');
  }
  // Tab, line feed, form feed and carriage return are text; other C0 controls are not.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\x00-\x08\x0b\x0e-\x1f\x7f]/.test(text)) {
    throw new ImportError('this is binary data, not a text capture or an HTML page (it contains control characters)');
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new ImportError('the file is empty (only whitespace)');
  return text;
}

/** HTML by file extension, else by how the file starts. */
export function isHtml(fileName: string, text: string): boolean {
  const extension = extname(fileName).toLowerCase();
  return HTML_EXTENSIONS.has(extension) || HTML_START.test(text.replace(/^\uFEFF/, ''));
}

/** Reads a capture of either kind from its bytes. */
export async function parseCapture(fileName: string, bytes: Uint8Array, options: ParseOptions = {}): Promise<Capture> {
  const text = decodeText(bytes);
  return isHtml(fileName, text) ? parseHtmlPage(text, options) : parseTextCapture(text, options);
}
