import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';

import { getArticles } from '../lib/content.ts';
import { feedEntries } from '../lib/feed.ts';
import { isoDateTime } from '../lib/metadata.ts';
import { absoluteUrl, articleUrl, withBase } from '../lib/urls.ts';
import { SITE } from '../site.config.ts';

/** RSS 2.0 with each article's full, sanitized body in `content:encoded`, and `atom:updated` on a changed article. */
export const GET: APIRoute = async () => {
  const entries = feedEntries(await getArticles(), (id) => absoluteUrl(articleUrl(id)));
  const self = absoluteUrl(withBase('rss.xml'));
  return rss({
    title: SITE.name,
    description: SITE.description,
    site: absoluteUrl(withBase('/')),
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: `<language>en</language><atom:link href="${self}" rel="self" type="application/rss+xml"/>`,
    items: entries.map((entry) => ({
      title: entry.title,
      link: entry.url,
      pubDate: entry.published,
      description: entry.summary,
      content: entry.html,
      categories: entry.topics,
      // RSS 2.0 has no update date; Atom's <updated> is the usual extension, here only when corrected or updated.
      ...(entry.updated.getTime() !== entry.published.getTime()
        ? { customData: `<atom:updated>${isoDateTime(entry.updated)}</atom:updated>` }
        : {}),
    })),
  });
};
