/**
 * The fixture sites the browser tests read: content folders that are never
 * published, each built ONCE per `playwright test` run by the global setup
 * (tests/support/global-setup.ts) with the real build, and handed to the
 * workers through the environment (set in the global setup, inherited by every
 * worker). A spec asks for one with `fixtureSite(name)`.
 */

export const FIXTURE_SITES = {
  /**
   * Hostile Markdown and frontmatter: opened in a browser by tests/e2e/untrusted-content.spec.ts (served by the
   * spec itself at its origin), its files read by tests/e2e/untrusted-site-files.spec.ts.
   */
  untrusted: {
    content: 'tests/fixtures/untrusted-site',
    env: { BASE_PATH: '/', SITE_URL: 'http://untrusted.test' },
    serve: false,
    usedBy: ['untrusted-content.spec.ts', 'untrusted-site-files.spec.ts'],
  },
  /** The long article that must print whole (tests/e2e/print-long-article.spec.ts), at the main site's base. */
  print: { content: 'tests/fixtures/print-content', env: {}, serve: true, usedBy: ['print-long-article.spec.ts'] },
  /** Four days over two years, three sections, three sources (the daily-editions specs), at the main site's base. */
  editions: {
    content: 'tests/fixtures/editions',
    // A search-index shard per month (src/search/shards.ts), so the search test covers merging them.
    env: { SEARCH_SHARD_ARTICLES: '1' },
    serve: true,
    usedBy: ['editions.spec.ts', 'print-edition.spec.ts'],
  },
  /** Three outlets, three kinds, an article corrected twice (tests/e2e/sources.spec.ts), at the domain root. */
  sources: {
    content: 'tests/fixtures/sources',
    env: { SITE_URL: 'https://news.example.org/', BASE_PATH: '/' },
    serve: true,
    usedBy: ['sources.spec.ts'],
  },
} as const satisfies Record<
  string,
  {
    content: string;
    env: Record<string, string>;
    serve: boolean;
    /** The spec files that read it: a run naming only other spec files skips the build. */
    usedBy: readonly string[];
  }
>;

export type FixtureName = keyof typeof FIXTURE_SITES;

export interface FixtureSite {
  /** The built site's folder. */
  dir: string;
  /** Its home page, when the global setup serves it. */
  url?: string;
  /** A file holding what the build printed (stdout and stderr). */
  log: string;
}

interface Handed extends FixtureSite {
  /** Set when the build failed: what it printed. */
  failure?: string;
}

export const envName = (name: FixtureName) => `E2E_FIXTURE_SITE_${name.toUpperCase()}`;

/** What the global setup records for a fixture site, as one environment variable. */
export function handOver(name: FixtureName, site: Handed): void {
  process.env[envName(name)] = JSON.stringify(site);
}

/**
 * Which fixture sites a run needs, from the command line the runner was given
 * (`config.argv`). A build takes a minute on a busy machine, so a run that
 * names spec files (`npx playwright test tests/e2e/article.spec.ts`) builds
 * only the sites those files read; any other run (no files named, or a filter
 * that is not a spec file name) builds them all.
 */
export function neededFixtureSites(argv: readonly string[]): FixtureName[] {
  const all = Object.keys(FIXTURE_SITES) as FixtureName[];
  const specs = argv.filter((arg) => !arg.startsWith('-') && /\.spec\.ts(:\d+)*$/.test(arg));
  if (specs.length === 0) return all;
  return all.filter((name) =>
    FIXTURE_SITES[name].usedBy.some((file) => specs.some((spec) => spec.replace(/(:\d+)+$/, '').endsWith(file))),
  );
}

/** The fixture site the global setup built; fails the calling test with the build's output if it did not build. */
export function fixtureSite(name: FixtureName): FixtureSite {
  const value = process.env[envName(name)];
  if (!value) {
    throw new Error(
      `the ${name} fixture site was not built: the global setup of playwright.config.ts builds it for the spec files listed in its usedBy (tests/support/fixture-sites.ts)`,
    );
  }
  const site = JSON.parse(value) as Handed;
  if (site.failure !== undefined) throw new Error(`the ${name} fixture site failed to build:\n${site.failure}`);
  return site;
}
