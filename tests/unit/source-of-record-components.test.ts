import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { describe, expect, it } from 'vitest';

import ArticleMeta from '../../src/components/ArticleMeta.astro';
import CiteThis from '../../src/components/CiteThis.astro';
import Corrections from '../../src/components/Corrections.astro';

const container = await AstroContainer.create({ astroConfig: { site: 'http://localhost:4321' } });
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** Tag-free text with spaces collapsed: what a reader sees. */
const visible = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<\/(h2|li|p|dt|dd|div|pre|button)>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('ArticleMeta', () => {
  const base = {
    date: day('2016-05-12'),
    source: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' },
    minutes: 2,
  };

  it.each([
    ['the Sankei entry as seeded', {}, 'Source: The Sankei Shimbun · original'],
    [
      'a page, a time and a kind',
      { source: { ...base.source, page: '3', time: '19:37' }, kind: 'summary' },
      'Source: The Sankei Shimbun, p. 3, 19:37 · Summary · original',
    ],
  ])('shows the attribution for %s', async (_name, props, line) => {
    const html = await container.renderToString(ArticleMeta, { props: { ...base, ...props } });
    expect(visible(html)).toContain(line);
    expect(html).toContain('href="/sources/the-sankei-shimbun/"');
  });

  it('says Corrected with the latest correction, and Updated only when later', async () => {
    const corrected = await container.renderToString(ArticleMeta, {
      props: { ...base, corrected: day('2016-05-20'), updated: day('2016-05-20') },
    });
    expect(visible(corrected)).toContain('May 12, 2016 · Corrected May 20, 2016 · 2 min read');
    const both = await container.renderToString(ArticleMeta, {
      props: { ...base, corrected: day('2016-05-20'), updated: day('2016-06-01') },
    });
    expect(visible(both)).toContain('Corrected May 20, 2016 · Updated June 1, 2016');
  });
});

describe('Corrections', () => {
  it('lists corrections newest first, dated, and nothing when there are none', async () => {
    const html = await container.renderToString(Corrections, {
      props: {
        corrections: [
          { date: day('2016-05-13'), text: 'First.' },
          { date: day('2016-05-20'), text: 'Second, *emphasised*.' },
        ],
      },
    });
    expect(visible(html)).toBe('Corrections May 20, 2016: Second, emphasised. May 13, 2016: First.');
    expect(html).toContain('<em>emphasised</em>');
    expect(await container.renderToString(Corrections, { props: {} })).not.toContain('Corrections');
  });
});

describe('CiteThis', () => {
  it('shows every format, and leaves the Copy buttons to the script (no button that cannot work)', async () => {
    const html = await container.renderToString(CiteThis, {
      props: {
        citations: {
          apa: 'A <i>x</i>',
          mla: 'M',
          chicago: 'C',
          bibtex: '@article{k,\n\ttitle = {T},\n}',
          ris: 'TY  - NEWS',
        },
      },
    });
    expect(visible(html)).toContain('APA (7th edition) A x MLA (9th edition) M');
    expect(html).toContain('<i>x</i>');
    expect(html).toContain('@article{k,\n\ttitle = {T},\n}');
    expect(html, 'no Copy button in the HTML: the script makes them where a clipboard exists').not.toContain('<button');
  });
});
