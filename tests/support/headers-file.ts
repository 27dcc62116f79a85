import { parseAllHeaders } from '@netlify/headers-parser';

type Rule = { for: string; values: Record<string, string>; forRegExp: RegExp };

/**
 * The headers `public/_headers` makes a host send for each path, as Netlify's
 * own parser reads the file, so a browser test can serve pages with them.
 */
export async function headersFile(): Promise<(path: string) => Record<string, string>> {
  const { headers, errors } = await parseAllHeaders({
    headersFiles: ['public/_headers'],
    configHeaders: undefined,
    minimal: false,
  });
  if (errors.length > 0) throw new Error(`public/_headers: ${errors.join('; ')}`);
  const rules = headers as Rule[];
  return (path) => Object.assign({}, ...rules.filter((rule) => rule.forRegExp.test(path)).map((rule) => rule.values));
}
