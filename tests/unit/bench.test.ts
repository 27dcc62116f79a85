import { describe, expect, it } from 'vitest';

import {
  benchChart,
  benchTable,
  bytesTable,
  chartPath,
  DOCS_CHART,
  type Measurement,
  type Scenario,
  targetReport,
} from '../../scripts/measure/bench.ts';

/** The bench's report: the figures it was given, and each target judged against them. */

const figures = (wallSeconds: number, extra: Partial<Measurement['figures']> = {}) => ({
  wallSeconds,
  cpuSeconds: wallSeconds * 1.5,
  peakRssBytes: 1024 ** 3,
  rssSource: '/usr/bin/time -v' as const,
  pages: 12_000,
  files: 20_000,
  bytes: 250 * 1024 ** 2,
  reused: 0,
  waitedSeconds: 0,
  ...extra,
});
const at = (n: number, scenario: Scenario, wall: number, extra = {}): Measurement => ({
  n,
  scenario,
  figures: figures(wall, extra),
  load: '1.00 1.00 1.00',
});

const run = [
  at(4000, 'cold', 30),
  at(4000, 'hugo', 2),
  at(10_000, 'cold', 70),
  at(10_000, 'edit', 12, { reused: 11_990 }),
  at(10_000, 'editNewest', 9, { reused: 11_990 }),
  at(10_000, 'newDay', 16),
  at(10_000, 'hugo', 4),
];

describe('targetReport', () => {
  it.each([
    [
      'an edit within 15 s and 4× Hugo',
      /one article edited at 10,000: 12\.0 s \(target ≤ 15 s: met\), 3\.0× Hugo.*: met\)/,
    ],
    [
      'the newest article edited within 15 s',
      /the newest article edited at 10,000: 9\.0 s \(target ≤ 15 s: met\), 2\.3× Hugo.*: met\)/,
    ],
    ['a new day over 15 s', /added on a new day at 10,000: 16\.0 s \(target ≤ 15 s: MISSED\), 4\.0× Hugo.*: met\)/],
    ['a cold build over 60 s', /Cold build at 10,000: 70\.0 s \(target ≤ 60 s: MISSED\), 1024 MB peak RSS .*: met\)/],
    ['4,000 cold over 10× Hugo', /Cold build at 4,000: 15\.0× Hugo \(CPU: 15\.0×\) \(target ≤ 10×: MISSED\)/],
    [
      'the output per article',
      /Output at 10,000: 25\.6 KB and 2\.00 files per article \(targets ≤ 30 KB: met, ≤ 2\.5: met\)/,
    ],
  ])('judges %s', (_name, line) => {
    expect(
      targetReport(run).some((l) => line.test(l)),
      targetReport(run).join('\n'),
    ).toBe(true);
  });
});

describe('benchTable and benchChart', () => {
  it('give a row per build with its ratio to Hugo, and a line per scenario', () => {
    const table = benchTable(run).split('\n');
    expect(table).toHaveLength(2 + run.length);
    expect(table[5]).toMatch(
      /^\| 10,000 \| Astro warm, one article edited \| 12\.0 \| 18\.0 \| 1024 \| .* \| 3\.0× \|/,
    );
    const svg = benchChart(run);
    expect(svg.match(/<polyline/g)).toHaveLength(5);
    expect(svg).toContain('Hugo cold (minimal layout)');
  });

  it('fits every legend label inside the chart (at 7 px a character of its 12 px sans-serif)', () => {
    const svg = benchChart(run);
    const width = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
    for (const [, x, label] of svg.matchAll(/<text x="([\d.]+)" y="[\d.]+">([^<]+)<\/text>/g)) {
      expect(
        Number(x) + (label as string).length * 7,
        `"${label}" at x=${x} in a chart ${width} wide`,
      ).toBeLessThanOrEqual(width);
    }
  });
});

describe('bytesTable', () => {
  it('shows where each size’s bytes go per article, largest folder first, from its last build', () => {
    const table = bytesTable([
      at(1000, 'cold', 10, { bytes: 30 * 1024 * 1000, bytesByFolder: { articles: 20 * 1024 * 1000 } }),
      at(1000, 'newDay', 2, {
        bytes: 40 * 1024 * 1000,
        bytesByFolder: { pagefind: 8 * 1024 * 1000, articles: 25 * 1024 * 1000, '/': 1024 * 1000 },
      }),
    ]);
    expect(table, 'folders in order of size, per article, and the total').toContain(
      '| N | articles/ | pagefind/ | top level | all |\n| ---: | ---: | ---: | ---: | ---: |\n| 1,000 | 25.0 | 8.0 | 1.0 | 40.0 |',
    );
  });
});

describe('chartPath', () => {
  it.each([
    ['a full run redraws the docs chart', {}, DOCS_CHART],
    ['a run of some sizes writes none', { sizes: '1000' }, undefined],
    ['a run of some builds writes none', { scenarios: 'hugo,cold' }, undefined],
    ['--svg wins on a partial run', { sizes: '1000', svg: '/tmp/x.svg' }, '/tmp/x.svg'],
    ['--svg wins on a full run', { svg: '/tmp/y.svg' }, '/tmp/y.svg'],
  ])('%s', (_name, args, expected) => {
    expect(chartPath(args), 'where the bench would write its chart').toBe(expected);
  });
});
