import { readFileSync } from 'node:fs';

import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

import { articleSchema } from '../../src/lib/article-schema.ts';
import { SANKEI } from '../support/sankei.ts';

const file = `content/articles/${SANKEI.slug}.md`;
const [, frontmatter = '', body = ''] = readFileSync(file, 'utf8').split(/^---$/m);
const data = articleSchema.parse(yaml.load(frontmatter));
// The entry escapes the square brackets of the gloss so Markdown never reads them as a link.
const paragraphs = body
  .split(/\n{2,}/)
  .map((p) => p.trim().replace(/\\([[\]])/g, '$1'))
  .filter(Boolean);

describe(`${file} is the capture, word for word`, () => {
  it('has the captured headline, curly quotes included', () => {
    expect(data.title).toBe(SANKEI.headline);
    expect(data.title).toBe('“New approach” to territorial talks will not mention Russia’s illegal occupation');
  });

  it('has exactly the seven captured body paragraphs, in order', () => {
    expect(SANKEI.paragraphs).toHaveLength(7);
    expect(paragraphs).toEqual(SANKEI.paragraphs);
  });

  it('keeps the bracketed gloss and typographic quotes', () => {
    expect(paragraphs[4]).toContain('A Kantei [Prime Minister’s Official Residence] source');
    expect(body).not.toMatch(/"|'/);
  });

  it('leaves the page chrome out of the body', () => {
    expect(body, 'the "Print PRINT" line is page chrome').not.toContain('Print PRINT');
    expect(body, 'the topic bullets are page chrome').not.toContain('•');
  });

  it('carries the source page’s four related topics as tags', () => {
    expect(SANKEI.topics).toEqual(['Ambassador', 'Ukraine', 'COVID-19', 'Trending Japan']);
    expect(data.tags.slice(0, 4)).toEqual(SANKEI.topics);
  });

  it('is dated and attributed as the issue records', () => {
    expect(data.date.toISOString().slice(0, 10)).toBe('2016-05-12');
    expect(data.source.name).toBe('The Sankei Shimbun');
    expect(data.via?.url).toBe('https://jmh.usembassy.gov/201605131029/');
  });

  it('claims no print page, time, kind or correction: the seed text gives none', () => {
    expect(data.source.page).toBeUndefined();
    expect(data.source.time).toBeUndefined();
    expect(data.kind).toBeUndefined();
    expect(data.corrections).toBeUndefined();
  });
});
