import type { Options as SanitizeSchema } from 'rehype-sanitize';

import { sanitizeSchema } from '../markdown/sanitize-schema.ts';

/** Page furniture whose text must go with it, not be unwrapped into the article. */
const CHROME_ELEMENTS = ['nav', 'header', 'footer', 'aside', 'form', 'dialog', 'menu', 'label', 'input'];
/** Media is not imported: an entry must not hot-link another site's images or players. */
const MEDIA_ELEMENTS = ['img', 'picture', 'video', 'audio', 'source', 'track', 'canvas', 'map'];

/**
 * What an imported page may bring into an entry: the site's own allow-list
 * (src/markdown/sanitize-schema.ts), stricter. The importer drops chrome
 * before sanitizing; this is the safety net if a page hides it somewhere the
 * importer does not look, because the sanitizer would otherwise unwrap an
 * unknown element and keep its text. Ids are dropped too: Markdown has no
 * place for them, and the site sanitizer prefixes whatever ids it makes.
 */
export const importSanitizeSchema: SanitizeSchema = {
  ...sanitizeSchema,
  // A page's own `<h1>` is dropped as the headline; any other becomes `#`, which the site demotes.
  tagNames: [...(sanitizeSchema.tagNames ?? []), 'h1'].filter((tag) => !MEDIA_ELEMENTS.includes(tag)),
  strip: [...(sanitizeSchema.strip ?? []), ...CHROME_ELEMENTS, ...MEDIA_ELEMENTS],
  attributes: Object.fromEntries(
    Object.entries(sanitizeSchema.attributes ?? {}).map(([tag, allowed]) => [
      tag,
      allowed.filter((attribute) => attribute !== 'id'),
    ]),
  ),
  clobber: [],
};
