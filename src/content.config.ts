import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

import { articleSchema } from './lib/article-schema.ts';

/**
 * Folder holding `articles/`. Tests build fixture sites (hostile Markdown,
 * Unicode, broken entries, the long print article) by pointing this elsewhere,
 * so fixtures are never published with the real site:
 * `CONTENT_DIR=tests/fixtures/x npm run build`.
 */
const contentDir = (process.env['CONTENT_DIR'] || './content').replace(/\/+$/, '');

/** News articles: one Markdown file each; files whose name starts with `_` are not published. */
const articles = defineCollection({
  loader: glob({ pattern: '**/[^_]*.md', base: `${contentDir}/articles` }),
  schema: articleSchema,
});

export const collections = { articles };
