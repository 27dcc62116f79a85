import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

import { articleSchema } from './lib/article-schema.ts';

/**
 * Where the content lives. `CONTENT_DIR` points a build at another tree so
 * test-only articles (the long print fixture) are built in isolation and never
 * published with the real site.
 */
const contentDir = (process.env['CONTENT_DIR'] || './content').replace(/\/+$/, '');

/** News articles: one Markdown file each; files whose name starts with `_` are not published. */
const articles = defineCollection({
  loader: glob({ pattern: '**/[^_]*.md', base: `${contentDir}/articles` }),
  schema: articleSchema,
});

export const collections = { articles };
