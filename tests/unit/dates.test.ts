import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { formatDate, isoDay, parseIsoDate } from '../../src/lib/dates.ts';

describe('parseIsoDate', () => {
  it.each([
    ['2016-05-12', '2016-05-12T00:00:00.000Z'],
    [' 2016-05-12 ', '2016-05-12T00:00:00.000Z'],
    ['2016-02-29', '2016-02-29T00:00:00.000Z'],
  ])('reads %j as midnight UTC', (input, expected) => {
    expect(parseIsoDate(input)?.toISOString(), `"${input}" should be a valid day`).toBe(expected);
  });

  it.each(['2016-02-30', '2015-02-29', '2016-13-01', '2016-00-10', 'not-a-date', '12/05/2016', '2016-5-12', ''])(
    'refuses %j',
    (input) => {
      expect(parseIsoDate(input), `"${input}" is not a real YYYY-MM-DD day`).toBeUndefined();
    },
  );
});

describe('formatDate and isoDay', () => {
  const may12 = new Date(Date.UTC(2016, 4, 12));

  it.each([
    ['en-US', 'May 12, 2016'],
    ['en-GB', '12 May 2016'],
    ['ja-JP', '2016年5月12日'],
  ])('formats in %s', (locale, expected) => {
    expect(formatDate(may12, locale)).toBe(expected);
  });

  it('gives the machine-readable day for <time datetime>', () => {
    expect(isoDay(may12)).toBe('2016-05-12');
  });

  // The process's TZ is fixed at start-up, so each zone runs in its own Node process.
  const zones = ['UTC', 'America/Los_Angeles', 'Pacific/Honolulu', 'Asia/Tokyo', 'Pacific/Kiritimati'];
  it.each(zones)('shows the same day when the build machine is in %s', (zone) => {
    const module = fileURLToPath(new URL('../../src/lib/dates.ts', import.meta.url));
    const script = `import { formatDate, isoDay } from ${JSON.stringify(module)};
      const d = new Date(Date.UTC(2016, 4, 12));
      process.stdout.write(formatDate(d) + '|' + isoDay(d) + '|' + new Date().getTimezoneOffset());`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TZ: zone },
      encoding: 'utf8',
    });
    const [shown, iso] = out.split('|');
    expect(shown, `date text shifted under TZ=${zone}`).toBe('May 12, 2016');
    expect(iso, `datetime attribute shifted under TZ=${zone}`).toBe('2016-05-12');
  });
});
