import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

/**
 * `npm run validate` as a writer runs it: one fixture file per broken rule in
 * tests/fixtures/invalid-entries/articles, all reported in one run, each as
 * `path: field: message`.
 */

const DIR = 'tests/fixtures/invalid-entries/articles';

function validate(...args: string[]) {
  const run = spawnSync(process.execPath, ['scripts/validate.ts', ...args], { encoding: 'utf8' });
  return { status: run.status, lines: `${run.stdout}${run.stderr}`.trim().split('\n') };
}

const run = validate('--content-dir', 'tests/fixtures/invalid-entries');

describe('npm run validate on the broken fixtures', () => {
  it.each([
    ['missing title', 'missing-title.md', 'title: is required'],
    ['empty title', 'empty-title.md', 'title: must not be empty'],
    ['bad date', 'bad-date.md', 'date: expected a date like 2016-05-12, got "not-a-date"'],
    ['impossible date', 'impossible-date.md', 'date: expected a date like 2016-05-12, got "2016-02-30"'],
    [
      'future date (a warning)',
      'future-date.md',
      'date: warning: 2999-01-01 is in the future, beyond the 2-day margin; check the date',
    ],
    [
      'javascript: source URL',
      'javascript-source-url.md',
      'source.url: must be an http:// or https:// address, got "javascript:alert(document.cookie)"',
    ],
    [
      'data: via URL',
      'data-via-url.md',
      'via.url: must be an http:// or https:// address, got "data:text/html,<script>alert(1)</script>"',
    ],
    ['tags not a list', 'tags-not-a-list.md', 'tags: must be a list, e.g. [Ukraine, Ambassador]'],
    ['empty tags', 'empty-tags.md', 'tags: must list at least one topic'],
    [
      'unknown key',
      'unknown-key.md',
      'summary: unknown field (allowed: title, dek, date, updated, source, via, tags, author, kind, section, lang, draft)',
    ],
    ['empty body', 'empty-body.md', 'body: is empty; write the article below the closing --- line'],
    [
      'duplicate slug (first file)',
      'Same Story.md',
      `slug: "same-story" is also the URL of ${DIR}/same-story.md; file names differing only in case, spaces or punctuation make the same URL`,
    ],
    [
      'duplicate slug (second file)',
      'same-story.md',
      `slug: "same-story" is also the URL of ${DIR}/Same Story.md; file names differing only in case, spaces or punctuation make the same URL`,
    ],
    [
      'two topics that slug alike (first)',
      'topic-covid-a.md',
      `tags.1: "COVID-19" and "Covid 19" (in ${DIR}/topic-covid-b.md) make the same topic URL, topics/covid-19/; spell the topic the same way everywhere`,
    ],
    [
      'two topics that slug alike (second)',
      'topic-covid-b.md',
      `tags.1: "Covid 19" and "COVID-19" (in ${DIR}/topic-covid-a.md) make the same topic URL, topics/covid-19/; spell the topic the same way everywhere`,
    ],
    [
      'invalid YAML, with its line',
      'invalid-yaml.md',
      'frontmatter: invalid YAML at line 7: bad indentation of a mapping entry',
    ],
    ['a topic with no letters', 'emoji-only-tag.md', 'tags.1: "🎉" has no letter or digit to make a topic URL from'],
    [
      'no frontmatter',
      'no-frontmatter.md',
      'frontmatter: is missing; the file must start with a --- line, the fields, and another --- line',
    ],
  ])('%s', (_name, file, message) => {
    expect(run.lines, `${file} should be reported as "${message}"`).toContain(`${DIR}/${file}: ${message}`);
  });

  it('reports every bad entry in one run, nothing about the good or ignored ones, and exits 1', () => {
    const reported = run.lines.filter((line) => line.startsWith(DIR));
    expect(reported, 'one line per problem: 17 errors and 1 warning').toHaveLength(18);
    expect(run.lines.join('\n')).not.toContain('valid.md');
    expect(run.lines.join('\n'), 'files starting with _ are not articles').not.toContain('_ignored');
    expect(run.lines.at(-1)).toBe('validate: 17 problems in 17 of 19 entries, 1 warning');
    expect(run.status, 'a failed validation must stop the build').toBe(1);
  });

  it('takes the future-date margin from a flag, and refuses a margin that is not a number', () => {
    const wide = validate('--content-dir', 'tests/fixtures/invalid-entries', '--future-margin-days', '400000');
    expect(wide.lines.join('\n')).not.toContain('future-date.md');
    const bad = validate('--future-margin-days', 'soon');
    expect(bad.status).toBe(2);
    expect(bad.lines).toEqual(['validate: the future-date margin must be a whole number of days, got "soon"']);
  });

  it('passes the real articles', () => {
    const real = validate();
    expect(real.lines.join('\n')).toMatch(/^validate: \d+ entr(y|ies) OK$/);
    expect(real.status).toBe(0);
  });
});
