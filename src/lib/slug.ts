import { slug as githubSlug } from 'github-slugger';

/**
 * Every slug the project makes, in one place: a topic's URL from its name, an
 * entry's URL from its file name (as Astro makes it), and a new entry's file
 * name from its headline (`npm run new` / `npm run import`).
 */

/**
 * URL slug for a topic name: lower case, spaces to hyphens, punctuation
 * dropped, letters of any script kept (`Trending Japan` -> `trending-japan`,
 * `北方領土` -> `北方領土`). Stable: it depends on the name alone.
 *
 * Emoji and symbols are dropped too, so the hyphens they leave behind are
 * collapsed and trimmed (`🇯🇵 Japan` -> `japan`, not `-japan`). A name with no
 * letter or digit at all slugs to `''`, which `npm run validate` refuses.
 */
export function topicSlug(name: string): string {
  return githubSlug(name.normalize('NFC').trim()).replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
}

/**
 * A name github-slugger returns unchanged: lower-case ASCII letters, digits
 * and hyphens, as nearly every article's file name is. Its Unicode regex is
 * then skipped, on every file of every build.
 */
const ALREADY_A_SLUG = /^[a-z0-9-]+$/;

/**
 * The URL slug Astro's glob loader gives a file: each folder and the file name
 * run through github-slugger, `/index` dropped (`Foo Bar.md` -> `foo-bar`).
 */
export function entrySlug(relativePath: string): string {
  return relativePath
    .replace(/\.md$/, '')
    .split('/')
    .map((segment) => (ALREADY_A_SLUG.test(segment) ? segment : githubSlug(segment)))
    .join('/')
    .replace(/\/index$/, '');
}

/**
 * The glob loader's `generateId` (src/content.config.ts): Astro's default
 * (a `slug` field, else the file's slug), made with `entrySlug`, so the URL
 * the validation predicts is the one the build gives by construction. The
 * default also turns each path into a file URL and back: with the slugger,
 * about 0.1 s of every 10,000-article build's content sync, against 0.01 s
 * (docs/performance.md, "Three fixed costs taken off every build").
 */
export function entryId({ entry, data }: { entry: string; data: Record<string, unknown> }): string {
  return data['slug'] ? String(data['slug']) : entrySlug(entry);
}

/** Letters that Unicode does not decompose into an ASCII letter plus accents. */
const LATIN_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Default slug length: long enough to be readable, short enough for a URL. */
export const MAX_SLUG = 80;

/**
 * A readable file name and URL slug from a headline: lower case, words joined
 * by hyphens, accents folded to ASCII (`Café Zürich` -> `cafe-zurich`),
 * apostrophes dropped (`Russia’s` -> `russias`), letters of other scripts
 * kept (`北方領土 交渉` -> `北方領土-交渉`), cut at a word boundary.
 */
export function articleSlug(headline: string, maxLength = MAX_SLUG): string {
  const folded = Array.from(headline.normalize('NFC').toLowerCase(), (char) => {
    if (LATIN_FOLDS[char]) return LATIN_FOLDS[char];
    const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
    // Only fold when that leaves plain ASCII: stripping marks from kana or Hangul would change the word.
    return /^[\x20-\x7e]+$/.test(base) ? base.toLowerCase() : char;
  }).join('');
  const slug = folded
    .replace(/['’ʼ‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength + 1);
  const boundary = cut.lastIndexOf('-');
  return boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, maxLength);
}

// Lm too: the katakana long-vowel mark ー (in アプローチ) is a modifier letter.
const SLUG_SHAPE = /^[\p{Ll}\p{Lo}\p{Lm}\p{N}][\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}]*(?:-[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}]+)*$/u;

/**
 * Why `slug` cannot name an entry, or `undefined` if it can. It must survive
 * Astro's own slugging of file names unchanged, or the page would live at a
 * different URL than the file name says.
 */
export function slugProblem(slug: string): string | undefined {
  if (SLUG_SHAPE.test(slug) && githubSlug(slug) === slug) return undefined;
  return `"${slug}" is not a usable slug: use lower-case letters, digits and single hyphens, e.g. harbour-reopens-after-repairs`;
}
