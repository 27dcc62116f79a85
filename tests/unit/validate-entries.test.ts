import { describe, expect, it } from 'vitest';

import { formatIssue, validateEntries } from '../../src/lib/validate-entries.ts';

const NOW = new Date('2024-06-01T12:00:00Z');

function entry(name: string, frontmatter: string, body = 'Body text.') {
  return { path: `content/articles/${name}`, relativePath: name, text: `---\n${frontmatter}\n---\n\n${body}\n` };
}

const fields = (overrides: Record<string, string> = {}) =>
  Object.entries({
    title: 'A headline',
    dek: 'A summary.',
    date: '2016-05-12',
    source: '{ name: Wire, url: "https://wire.example/" }',
    tags: '[Ukraine]',
    ...overrides,
  })
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');

const lines = (files: ReturnType<typeof entry>[], futureMarginDays = 2) =>
  validateEntries(files, { now: NOW, futureMarginDays }).map(formatIssue);

describe('validateEntries', () => {
  it('passes a good entry silently', () => {
    expect(lines([entry('good.md', fields())])).toEqual([]);
  });

  it('reads YAML as Astro does, so a date-shaped title fails here as it would in the build', () => {
    expect(lines([entry('x.md', fields({ title: '2016-05-12' }))])).toEqual([
      'content/articles/x.md: title: must be text, got "2016-05-12T00:00:00.000Z"',
    ]);
  });

  it('catches a date YAML would roll over to the next month', () => {
    expect(lines([entry('x.md', fields({ date: '2016-02-30' }))])).toEqual([
      'content/articles/x.md: date: expected a date like 2016-05-12, got "2016-02-30"',
    ]);
  });

  it.each([
    ['2015-02-29', 'not a leap year'],
    ['2016-04-31', 'April has 30 days'],
    ['2016-13-01', 'no 13th month'],
    ['2016-00-10', 'no month 0'],
    ['2016-05-00', 'no day 0'],
    ['2016-04-31 # a comment', 'April has 30 days, with a comment after it'],
  ])('catches %s, which YAML would roll over to another day (%s)', (written) => {
    expect(lines([entry('x.md', fields({ date: written }))])).toEqual([
      `content/articles/x.md: date: expected a date like 2016-05-12, got "${written.split(' ')[0]}"`,
    ]);
  });

  it.each([
    ['2016-02-29', 'a leap day'],
    ['2016-12-31', 'the last day of the year'],
    ['2016-05-13T10:29:00+09:00', 'a date and time with its zone'],
    ["'2016-05-12'", 'a quoted date'],
  ])('accepts %s (%s)', (written) => {
    expect(lines([entry('x.md', fields({ date: written }))])).toEqual([]);
  });

  it('gives the line of a YAML error counted in the whole file', () => {
    const file = { path: 'p.md', relativePath: 'p.md', text: '\n---\ntitle: x\n  bad: indent\n---\nBody' };
    expect(lines([file])).toEqual(['p.md: frontmatter: invalid YAML at line 4: bad indentation of a mapping entry']);
  });

  it('refuses TOML frontmatter and a file without frontmatter', () => {
    expect(lines([{ path: 't.md', relativePath: 't.md', text: '+++\ntitle = "x"\n+++\nBody' }])).toEqual([
      't.md: frontmatter: is TOML (+++); write it as YAML between --- lines',
    ]);
    expect(lines([{ path: 'n.md', relativePath: 'n.md', text: 'Just text.' }])[0]).toMatch(
      /^n\.md: frontmatter: is missing/,
    );
  });

  it('warns, without failing, about a date beyond the margin, and the margin is configurable', () => {
    const soon = entry('soon.md', fields({ date: '2024-06-03' }));
    const later = entry('later.md', fields({ date: '2024-06-10' }));
    const issues = validateEntries([soon, later], { now: NOW, futureMarginDays: 2 });
    expect(issues.map(formatIssue)).toEqual([
      'content/articles/later.md: date: warning: 2024-06-10 is in the future, beyond the 2-day margin; check the date',
    ]);
    expect(issues.every((issue) => issue.severity === 'warning')).toBe(true);
    expect(lines([soon, later], 30), 'a 30-day margin allows both').toEqual([]);
    expect(lines([soon], 0), 'no margin warns about the day after tomorrow').toHaveLength(1);
  });

  it('reports an empty body, even one that is only an HTML comment', () => {
    expect(lines([entry('e.md', fields(), '  <!-- nothing -->  ')])).toEqual([
      'content/articles/e.md: body: is empty; write the article below the closing --- line',
    ]);
  });

  it('reports both files that make the same URL', () => {
    expect(lines([entry('Same Story.md', fields()), entry('same-story.md', fields())])).toEqual([
      'content/articles/Same Story.md: slug: "same-story" is also the URL of content/articles/same-story.md; file names differing only in case, spaces or punctuation make the same URL',
      'content/articles/same-story.md: slug: "same-story" is also the URL of content/articles/Same Story.md; file names differing only in case, spaces or punctuation make the same URL',
    ]);
  });

  it('reports every entry using one of two topics that make the same URL', () => {
    const a = entry('a.md', fields({ tags: '[Ukraine, COVID-19]' }));
    const b = entry('b.md', fields({ tags: '[Covid 19]' }));
    const c = entry('c.md', fields({ tags: '[COVID-19]' }));
    expect(lines([a, b, c])).toEqual([
      'content/articles/a.md: tags[1]: "COVID-19" and "Covid 19" (in content/articles/b.md) make the same topic URL, topics/covid-19/; spell the topic the same way everywhere',
      'content/articles/b.md: tags[0]: "Covid 19" and "COVID-19" (in content/articles/a.md) make the same topic URL, topics/covid-19/; spell the topic the same way everywhere',
      'content/articles/c.md: tags[0]: "COVID-19" and "Covid 19" (in content/articles/b.md) make the same topic URL, topics/covid-19/; spell the topic the same way everywhere',
    ]);
  });

  it('reports every entry using one of two outlet names that make the same source URL', () => {
    const a = entry('a.md', fields({ source: '{ name: The Sankei Shimbun, url: "https://www.sankei.com/" }' }));
    const b = entry('b.md', fields({ source: '{ name: The Sankei shimbun, url: "https://www.sankei.com/" }' }));
    expect(lines([a, b])).toEqual([
      'content/articles/a.md: source.name: "The Sankei Shimbun" and "The Sankei shimbun" (in content/articles/b.md) make the same source URL, sources/the-sankei-shimbun/; spell the outlet the same way everywhere',
      'content/articles/b.md: source.name: "The Sankei shimbun" and "The Sankei Shimbun" (in content/articles/a.md) make the same source URL, sources/the-sankei-shimbun/; spell the outlet the same way everywhere',
    ]);
  });

  it('reports a correction dated before the article, by its place in the list', () => {
    const file = entry(
      'a.md',
      fields({ corrections: '[{ date: 2016-05-13, text: Fixed. }, { date: 2016-05-01, text: Too early. }]' }),
    );
    expect(lines([file])).toEqual([
      "content/articles/a.md: corrections[1].date: 2016-05-01 is before the article's date, 2016-05-12; a correction comes after publication",
    ]);
  });

  it('reports a topic or file name with nothing to make a URL from, and a file in a sub-folder', () => {
    expect(lines([entry('x.md', fields({ tags: '[Ukraine, "🎉"]' }))])).toEqual([
      'content/articles/x.md: tags[1]: "🎉" has no letter or digit to make a topic URL from',
    ]);
    expect(lines([entry('🎉.md', fields())])).toEqual([
      'content/articles/🎉.md: slug: the file name has no letter or digit to make a URL from; rename the file',
    ]);
    expect(lines([entry('2016/x.md', fields())])[0]).toMatch(/slug: "2016\/x" has a "\/"/);
  });

  it('reports every problem of every file in one run, in file order', () => {
    const issues = lines([
      entry('one.md', fields({ title: '', date: 'not-a-date' })),
      entry('two.md', fields({ tags: '[]', source: '{ name: X, url: "javascript:alert(1)" }' })),
    ]);
    expect(issues).toEqual([
      'content/articles/one.md: title: is required',
      'content/articles/one.md: date: expected a date like 2016-05-12, got "not-a-date"',
      'content/articles/two.md: source.url: must be an http:// or https:// address, got "javascript:alert(1)"',
      'content/articles/two.md: tags: must list at least one topic',
    ]);
  });
});

describe('invalid UTF-8 is a warning naming the file and the line', () => {
  const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
  const good = `---\n${fields()}\n---\n\nBody text.\n`;
  // "Café" and "naïve" saved as Latin-1: é is 0xE9, ï is 0xEF, neither valid UTF-8 on its own.
  const bytes = latin1(`${good}Caf\u00e9 on line 10.\nFine line.\nna\u00efve on line 12.\n`);
  const decoded = new TextDecoder().decode(bytes);

  it('warns from the bytes, with every line that holds one', () => {
    const file = { path: 'content/articles/latin1.md', relativePath: 'latin1.md', text: decoded, bytes };
    expect(lines([file])).toEqual([
      'content/articles/latin1.md: encoding: warning: invalid UTF-8 on lines 10, 12: those bytes are shown as U+FFFD (\uFFFD); re-save the file as UTF-8',
    ]);
  });

  it('warns from text already decoded (what readFileSync(file, "utf8") gives) when no bytes are passed', () => {
    const file = { path: 'content/articles/latin1.md', relativePath: 'latin1.md', text: decoded };
    expect(lines([file])).toEqual([
      'content/articles/latin1.md: encoding: warning: invalid UTF-8 on lines 10, 12: those bytes are shown as U+FFFD (\uFFFD); re-save the file as UTF-8',
    ]);
  });

  it('does not fail the entry: a warning only, and the other checks still run', () => {
    const file = { path: 'x.md', relativePath: 'x.md', text: decoded.replace('Body text.', ''), bytes };
    const issues = validateEntries([file], { now: NOW, futureMarginDays: 2 });
    expect(issues.map((issue) => `${issue.field} ${issue.severity}`)).toEqual(['encoding warning']);
  });

  it('stays silent on valid UTF-8, including a U+FFFD the writer typed', () => {
    const typed = `${good}The \uFFFD sign, on purpose.\n`;
    const file = { path: 'x.md', relativePath: 'x.md', text: typed, bytes: new TextEncoder().encode(typed) };
    expect(lines([file])).toEqual([]);
    expect(lines([entry('jp.md', fields({ title: '"北方領土 交渉"' }))])).toEqual([]);
  });
});
