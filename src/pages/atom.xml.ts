import type { APIRoute } from 'astro';
import { generateAtomFeed } from 'feedsmith';

import { getArticles } from '../lib/content.ts';
import { feedEntries, lastUpdated } from '../lib/feed.ts';
import { absoluteUrl, articleUrl, withBase } from '../lib/urls.ts';
import { SITE } from '../site.config.ts';

/** Atom 1.0, the same entries as the RSS feed, for readers that prefer it. */
export const GET: APIRoute = async () => {
  const entries = feedEntries(await getArticles(), (id) => absoluteUrl(articleUrl(id)));
  const home = absoluteUrl(withBase('/'));
  const xml = generateAtomFeed({
    id: home,
    title: { value: SITE.name, type: 'text' },
    subtitle: { value: SITE.description, type: 'text' },
    updated: lastUpdated(entries),
    links: [
      { href: absoluteUrl(withBase('atom.xml')), rel: 'self', type: 'application/atom+xml' },
      { href: home, rel: 'alternate', type: 'text/html' },
    ],
    entries: entries.map((entry) => ({
      id: entry.url,
      title: { value: entry.title, type: 'text' },
      summary: { value: entry.summary, type: 'text' },
      content: { value: entry.html, type: 'html' },
      published: entry.published,
      updated: entry.updated,
      links: [{ href: entry.url, rel: 'alternate', type: 'text/html' }],
      categories: entry.topics.map((term) => ({ term })),
      authors: [entry.author.url ? { name: entry.author.name, uri: entry.author.url } : { name: entry.author.name }],
    })),
  });
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
