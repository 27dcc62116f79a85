/**
 * The outlets a Japanese press digest cites, by the short names its labels
 * use ("Sankei, p. 3"), with the full name and home page an entry's `source`
 * records. One table, so a new outlet is one line. Names are compared without
 * case or a leading "The", and also without a trailing "Shimbun", "News" or
 * "Press", so "Sankei", "The Sankei Shimbun" and "SANKEI" are one outlet.
 */
export interface Outlet {
  name: string;
  url: string;
}

const OUTLETS: Record<string, Outlet> = {
  sankei: { name: 'The Sankei Shimbun', url: 'https://www.sankei.com/' },
  yomiuri: { name: 'The Yomiuri Shimbun', url: 'https://www.yomiuri.co.jp/' },
  asahi: { name: 'The Asahi Shimbun', url: 'https://www.asahi.com/' },
  mainichi: { name: 'The Mainichi Shimbun', url: 'https://mainichi.jp/' },
  nikkei: { name: 'Nikkei', url: 'https://www.nikkei.com/' },
  'nihon keizai': { name: 'Nikkei', url: 'https://www.nikkei.com/' },
  tokyo: { name: 'Tokyo Shimbun', url: 'https://www.tokyo-np.co.jp/' },
  'okinawa times': { name: 'Okinawa Times', url: 'https://www.okinawatimes.co.jp/' },
  'ryukyu shimpo': { name: 'Ryukyu Shimpo', url: 'https://ryukyushimpo.jp/' },
  hokkaido: { name: 'The Hokkaido Shimbun', url: 'https://www.hokkaido-np.co.jp/' },
  kyodo: { name: 'Kyodo News', url: 'https://www.kyodo.co.jp/' },
  jiji: { name: 'Jiji Press', url: 'https://www.jiji.com/' },
  'japan news': { name: 'The Japan News', url: 'https://japannews.yomiuri.co.jp/' },
  'japan times': { name: 'The Japan Times', url: 'https://www.japantimes.co.jp/' },
  nhk: { name: 'NHK', url: 'https://www.nhk.or.jp/' },
};

/** The table's keys `name` may stand for: `The Japan News` -> `japan news`, then `japan`. */
function keys(name: string): string[] {
  const plain = name.toLowerCase().replace(/\s+/g, ' ').trim().replace(/^the /, '');
  return [plain, plain.replace(/ (?:shimbun|shinbun|news|press|newspaper)$/, '')];
}

/** The full name and home page of a known outlet, or `undefined`. */
export function knownOutlet(name: string): Outlet | undefined {
  for (const key of keys(name)) if (Object.hasOwn(OUTLETS, key)) return OUTLETS[key];
  return undefined;
}

/**
 * The known outlet that publishes `name`: the outlet itself, or the one its
 * first words name, so "Jiji Press Public Opinion Poll Bulletin" is Jiji's.
 */
export function publisherOf(name: string): Outlet | undefined {
  const words = name.trim().split(/\s+/);
  for (let count = words.length; count > 0; count--) {
    const outlet = knownOutlet(words.slice(0, count).join(' '));
    if (outlet) return outlet;
  }
  return undefined;
}
