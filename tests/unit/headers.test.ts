import { parseAllHeaders } from '@netlify/headers-parser';
import { CspEvaluator } from 'csp_evaluator/dist/evaluator.js';
import { Severity } from 'csp_evaluator/dist/finding.js';
import { CspParser } from 'csp_evaluator/dist/parser.js';
import { beforeAll, describe, expect, it } from 'vitest';

import { CSP_DIRECTIVES } from '../../src/security/csp.ts';

/**
 * public/_headers, read by Netlify's own parser: the security headers on every
 * path, the caching rules, and a Content-Security-Policy that is strict on its
 * own and never blocks what the pages' <meta> policy allows. (The browser
 * test tests/e2e/csp.spec.ts serves every built page with these headers.)
 */

type Rule = { for: string; values: Record<string, string>; forRegExp: RegExp };
let rules: Rule[];

beforeAll(async () => {
  const { headers, errors } = await parseAllHeaders({
    headersFiles: ['public/_headers'],
    configHeaders: undefined,
    minimal: false,
  });
  expect(errors.map(String), 'public/_headers parses without errors').toEqual([]);
  rules = headers as Rule[];
});

/** Every header a host sends for `path`, failing if two matching rules set the same one. */
function headersFor(path: string): Record<string, string> {
  const sent: Record<string, string> = {};
  for (const rule of rules.filter((r) => r.forRegExp.test(path))) {
    for (const [name, value] of Object.entries(rule.values)) {
      expect(sent[name], `${name} is set twice for ${path}; Cloudflare would join the values`).toBeUndefined();
      sent[name] = value;
    }
  }
  return sent;
}

const PAGES = [
  '/',
  '/articles/some-story/',
  '/topics/',
  '/topics/ukraine/',
  '/editions/2016/05/12/',
  '/sources/the-sankei-shimbun/',
  '/search/',
  '/404.html',
];
const policy = () => new CspParser(headersFor('/')['Content-Security-Policy'] ?? '').csp;

describe('public/_headers', () => {
  it.each([...PAGES, '/_astro/page.a1b2c3.css', '/favicon.svg'])('sends every security header for %s', (path) => {
    const sent = headersFor(path);
    expect(sent['Strict-Transport-Security']).toMatch(/^max-age=(\d{8,}); includeSubDomains; preload$/);
    expect(Number(/max-age=(\d+)/.exec(sent['Strict-Transport-Security']!)?.[1])).toBeGreaterThanOrEqual(31536000);
    expect(sent['X-Content-Type-Options']).toBe('nosniff');
    expect(sent['X-Frame-Options']).toBe('DENY');
    expect(sent['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    expect(sent['Permissions-Policy']).toMatch(/camera=\(\)/);
    expect(sent['Permissions-Policy']).toMatch(/geolocation=\(\)/);
    expect(sent['Permissions-Policy']).toMatch(/microphone=\(\)/);
    expect(sent['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(sent['Cross-Origin-Resource-Policy']).toBe('same-origin');
    expect(sent['Content-Security-Policy']).toBeDefined();
  });

  it.each(PAGES)('caches the page %s briefly', (path) => {
    expect(headersFor(path)['Cache-Control']).toBe('public, max-age=300, must-revalidate');
  });

  it('caches hashed assets for a year, immutably', () => {
    expect(headersFor('/_astro/page.a1b2c3.css')['Cache-Control']).toBe('public, max-age=31536000, immutable');
  });

  it('forbids framing, plugins, <base> and posting forms elsewhere', () => {
    const { directives } = policy();
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'self'"]);
    expect(directives['frame-src']).toEqual(["'none'"]);
    expect(directives['upgrade-insecure-requests']).toEqual([]);
  });

  it('never allows unsafe-inline, unsafe-eval or a wildcard', () => {
    for (const [name, sources] of Object.entries(policy().directives)) {
      for (const weak of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'http:', 'data:']) {
        expect(sources ?? [], `${name} allows ${weak}`).not.toContain(weak);
      }
    }
  });

  it('leaves script-src and style-src to the per-page <meta> policy, so its hashed inline styles are not blocked', () => {
    // A browser enforces the header and the <meta> policy together. If the header named
    // style-src, script-src or default-src, it would need every page's hashes to let them through.
    const { directives } = policy();
    for (const name of ['default-src', 'script-src', 'script-src-elem', 'style-src', 'style-src-elem']) {
      expect(directives[name], `${name} in the header would block what the <meta> policy hashes`).toBeUndefined();
    }
  });

  it('allows at least what the <meta> policy allows for every other kind of resource', () => {
    const { directives } = policy();
    for (const directive of CSP_DIRECTIVES) {
      const [name, ...sources] = directive.split(' ');
      if (name === 'default-src') continue;
      expect(directives[name!], `header ${name}`).toEqual(sources);
    }
    for (const name of ['font-src', 'connect-src', 'media-src', 'manifest-src', 'worker-src']) {
      expect(directives[name], `${name} restricted to the site`).toEqual(["'self'"]);
    }
  });

  it('has no high or medium finding from Google’s CSP Evaluator, as a browser applies it with the <meta> policy', () => {
    // A page's policy as Astro writes it (its hashes vary), then the header's directives the <meta> tag lacks
    // (the parser keeps the first of a repeated directive).
    const meta = `${CSP_DIRECTIVES.join('; ')}; script-src 'self' 'sha256-AAAA'; style-src 'self' 'sha256-BBBB'`;
    const combined = `${meta}; ${headersFor('/')['Content-Security-Policy']}`;
    const findings = new CspEvaluator(new CspParser(combined).csp).evaluate();
    const serious = findings.filter((f) => f.severity <= Severity.MEDIUM);
    expect(serious.map((f) => `${f.directive}: ${f.description}`)).toEqual([]);
  });
});
