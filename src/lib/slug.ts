import { slug as githubSlug } from 'github-slugger';

/**
 * URL slug for a topic name: lower case, spaces to hyphens, punctuation
 * dropped, letters of any script kept (`Trending Japan` -> `trending-japan`,
 * `北方領土` -> `北方領土`). Stable: it depends on the name alone.
 */
export function topicSlug(name: string): string {
  return githubSlug(name.normalize('NFC').trim());
}
