import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

import { articleSchema } from './lib/article-schema.ts';
import { entryId } from './lib/slug.ts';

/**
 * Folder holding `articles/`. Tests build fixture sites (hostile Markdown,
 * Unicode, broken entries, the long print article) by pointing this elsewhere,
 * so fixtures are never published with the real site:
 * `CONTENT_DIR=tests/fixtures/x npm run build`. `npm run bench` points it at a
 * synthetic corpus.
 */
const contentDir = (process.env['CONTENT_DIR'] || './content').replace(/\/+$/, '');

/** News articles: one Markdown file each; files whose name starts with `_` are not published. */
const articles = defineCollection({
  // `retainBody: false`: pages use the rendered HTML, never the raw Markdown, and
  // keeping it would make the content store every build loads 40% bigger.
  loader: glob({ pattern: '**/[^_]*.md', base: `${contentDir}/articles`, retainBody: false, generateId: entryId }),
  schema: articleSchema,
});

export const collections = { articles };
