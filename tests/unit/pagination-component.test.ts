import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { describe, expect, it } from 'vitest';

import Pagination from '../../src/components/Pagination.astro';
import ListingLayout from '../../src/layouts/ListingLayout.astro';
import { pageUrls } from '../../src/lib/pagination.ts';

type Element = DefaultTreeAdapterTypes.Element;

const container = await AstroContainer.create({ astroConfig: { site: 'http://localhost:4321' } });

/** Every element of an HTML document, in document order. */
function elements(html: string): Element[] {
  const out: Element[] = [];
  const walk = (node: { childNodes?: DefaultTreeAdapterTypes.ChildNode[] }) => {
    for (const child of node.childNodes ?? []) {
      if ('tagName' in child) out.push(child);
      walk(child as { childNodes?: DefaultTreeAdapterTypes.ChildNode[] });
    }
  };
  walk(parse(html));
  return out;
}
const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const text = (el: Element): string =>
  el.childNodes.map((c) => ('value' in c ? c.value : 'tagName' in c ? text(c) : '')).join('');

/** The visible links of the pagination: [accessible text, href, rel, aria-current]. */
async function links(current: number, last: number, first = '/topics/ukraine/') {
  const html = await container.renderToString(Pagination, { props: { current, last, first } });
  return elements(html)
    .filter((el) => el.tagName === 'a')
    .map((a) => [text(a).replace(/\s+/g, ' ').trim(), attr(a, 'href'), attr(a, 'rel'), attr(a, 'aria-current')]);
}

describe('Pagination', () => {
  it('renders nothing for a listing of one page', async () => {
    expect(await container.renderToString(Pagination, { props: { current: 1, last: 1, first: '/' } })).not.toContain(
      '<nav',
    );
  });

  it('links the previous, numbered and next pages, marking the current one', async () => {
    expect(await links(2, 3)).toEqual([
      ['‹ Previous page', '/topics/ukraine/', 'prev', undefined],
      ['Page 1', '/topics/ukraine/', undefined, undefined],
      ['Page 2', '/topics/ukraine/page/2/', undefined, 'page'],
      ['Page 3', '/topics/ukraine/page/3/', undefined, undefined],
      ['Next page ›', '/topics/ukraine/page/3/', 'next', undefined],
    ]);
  });

  it('has no previous link on the first page and no next link on the last', async () => {
    const onFirst = await links(1, 12);
    expect(onFirst.map((l) => l[2]).filter(Boolean), 'first page: only rel=next').toEqual(['next']);
    const onLast = await links(12, 12);
    expect(onLast.map((l) => l[2]).filter(Boolean), 'last page: only rel=prev').toEqual(['prev']);
    expect(
      onLast.map((l) => l[0]),
      'pages left out show as a gap',
    ).toEqual(['‹ Previous page', 'Page 1', 'Page 11', 'Page 12']);
  });
});

describe('ListingLayout', () => {
  const articles = Array.from({ length: 3 }, (_, i) => ({
    id: `a${i}`,
    collection: 'articles' as const,
    data: {
      title: `Headline ${i}`,
      dek: 'Dek.',
      date: new Date(Date.UTC(2016, 4, 12 - i)),
      source: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' },
      tags: ['Ukraine'],
      lang: 'en',
      draft: false,
    },
  }));
  const render = (currentPage: number, lastPage: number) =>
    container.renderToString(ListingLayout, {
      props: {
        title: 'Ukraine: 43 articles',
        description: 'Articles on Ukraine, newest first.',
        heading: 'Ukraine',
        first: '/topics/ukraine/',
        page: {
          data: articles,
          start: (currentPage - 1) * 20,
          end: (currentPage - 1) * 20 + 2,
          size: 20,
          total: 43,
          currentPage,
          lastPage,
          url: pageUrls('/topics/ukraine/', currentPage, lastPage),
        },
      },
      partial: false,
    });

  it('puts rel=prev and rel=next links in the head of a middle page and names the page in the title', async () => {
    const page = elements(await render(2, 3));
    const head = page.filter((el) => el.tagName === 'link' && ['prev', 'next'].includes(attr(el, 'rel') ?? ''));
    expect(head.map((el) => [attr(el, 'rel'), attr(el, 'href')])).toEqual([
      ['prev', '/topics/ukraine/'],
      ['next', '/topics/ukraine/page/3/'],
    ]);
    expect(text(page.find((el) => el.tagName === 'title')!)).toMatch(/^Ukraine: 43 articles, page 2 of 3 · /);
    expect(page.filter((el) => el.tagName === 'h2').map(text), 'the page’s articles').toEqual([
      'Headline 0',
      'Headline 1',
      'Headline 2',
    ]);
  });

  it('has only rel=next on the first page and no "page 1 of" in its title', async () => {
    const page = elements(await render(1, 3));
    const rels = page.filter((el) => el.tagName === 'link' && ['prev', 'next'].includes(attr(el, 'rel') ?? ''));
    expect(rels.map((el) => attr(el, 'rel'))).toEqual(['next']);
    expect(text(page.find((el) => el.tagName === 'title')!)).not.toContain('page 1');
  });
});
