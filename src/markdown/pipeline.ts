import type { UnifiedProcessorOptions } from '@astrojs/markdown-remark';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';

import {
  rehypeDemoteH1,
  rehypeHeadingSlugs,
  rehypeResolvePrefixedFragments,
  rehypeUniqueIds,
  remarkRawTextAsWritten,
  remarkReadingTime,
  remarkSmartypantsWhenNeeded,
} from './plugins.ts';
import { sanitizeSchema } from './sanitize-schema.ts';

/**
 * The project's Markdown pipeline, shared by `astro.config.ts` and the tests
 * that render hostile input, so both exercise exactly the same steps.
 *
 * Order matters: Astro runs these rehype plugins before its own `rehype-raw`,
 * so raw HTML is still unparsed `raw` nodes here. `rehype-raw` turns it into
 * elements first, then the sanitizer sees everything.
 */
export const markdownOptions = {
  gfm: true,
  // Smart punctuation is on, through a step that skips text with nothing to
  // change (see `remarkSmartypantsWhenNeeded`); Astro's own would always run.
  smartypants: false,
  remarkPlugins: [remarkSmartypantsWhenNeeded, remarkRawTextAsWritten, remarkReadingTime],
  remarkRehype: {
    // Footnote ids are left unprefixed here because the sanitizer prefixes every
    // id; prefixing twice would make `user-content-user-content-fn-1`.
    clobberPrefix: '',
    footnoteLabel: 'Notes',
    footnoteBackLabel: (referenceIndex: number) => `Back to reference ${referenceIndex + 1}`,
  },
  rehypePlugins: [
    rehypeRaw,
    rehypeDemoteH1,
    rehypeHeadingSlugs,
    [rehypeSanitize, sanitizeSchema],
    rehypeUniqueIds,
    rehypeResolvePrefixedFragments,
  ],
} satisfies UnifiedProcessorOptions;
