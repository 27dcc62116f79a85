import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

import { articleSchema } from './lib/article-schema.ts';

/** News articles: one Markdown file each; files whose name starts with `_` are not published. */
const articles = defineCollection({
  loader: glob({ pattern: '**/[^_]*.md', base: './content/articles' }),
  schema: articleSchema,
});

export const collections = { articles };
