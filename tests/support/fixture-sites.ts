/**
 * The fixture sites the browser tests read: content folders that are never
 * published, each built ONCE per `playwright test` run by the global setup
 * (tests/support/global-setup.ts) with the real build, and handed to the
 * workers through the environment (set in the global setup, inherited by every
 * worker). A spec asks for one with `fixtureSite(name)`.
 */

export const FIXTURE_SITES = {
  /** Hostile Markdown and frontmatter (tests/e2e/untrusted-content.spec.ts), served by the spec itself at its origin. */
  untrusted: {
    content: 'tests/fixtures/untrusted-site',
    env: { BASE_PATH: '/', SITE_URL: 'http://untrusted.test' },
    serve: false,
  },
  /** The long article that must print whole (tests/e2e/print-long-article.spec.ts), at the main site's base. */
  print: { content: 'tests/fixtures/print-content', env: {}, serve: true },
} as const satisfies Record<string, { content: string; env: Record<string, string>; serve: boolean }>;

export type FixtureName = keyof typeof FIXTURE_SITES;

export interface FixtureSite {
  /** The built site's folder. */
  dir: string;
  /** Its home page, when the global setup serves it. */
  url?: string;
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

/** The fixture site the global setup built; fails the calling test with the build's output if it did not build. */
export function fixtureSite(name: FixtureName): FixtureSite {
  const value = process.env[envName(name)];
  if (!value) {
    throw new Error(
      `the ${name} fixture site was not built: run the browser tests with playwright.config.ts (its globalSetup builds it)`,
    );
  }
  const site = JSON.parse(value) as Handed;
  if (site.failure !== undefined) throw new Error(`the ${name} fixture site failed to build:\n${site.failure}`);
  return site;
}
