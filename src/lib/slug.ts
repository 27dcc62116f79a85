import { slug as githubSlug } from 'github-slugger';

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
