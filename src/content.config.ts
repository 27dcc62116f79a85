import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

import { articleSchema } from './lib/article-schema.ts';

/**
 * Where the Markdown lives. `CONTENT_DIR` points a build at another corpus
 * (the synthetic one `npm run bench` generates) without touching this project.
 */
const CONTENT_DIR = process.env['CONTENT_DIR'] || './content';

/** News articles: one Markdown file each; files whose name starts with `_` are not published. */
const articles = defineCollection({
  // `retainBody: false`: pages use the rendered HTML, never the raw Markdown, and
  // keeping it would make the content store every build loads 40% bigger.
  loader: glob({ pattern: '**/[^_]*.md', base: `${CONTENT_DIR}/articles`, retainBody: false }),
  schema: articleSchema,
});

export const collections = { articles };
