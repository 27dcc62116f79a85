// `npm run validate`: checks every article before anything is built and
// reports every problem in every file at once, one per line:
//   content/articles/x.md: date: expected a date like 2016-05-12, got "not-a-date"
// Exits 1 when there is any error; warnings (dates in the future) are printed
// but do not fail. The build runs the same check first (src/integrations/publish.ts).
//
// Options: --content-dir <dir> (default: $CONTENT_DIR or ./content)
//          --future-margin-days <n> (default: $FUTURE_MARGIN_DAYS or 2)
import { parseArgs } from 'node:util';

import { futureMarginDays, printValidation, validateContent } from '../src/lib/validate-content.ts';

if (import.meta.main) {
  const { values } = parseArgs({
    options: { 'content-dir': { type: 'string' }, 'future-margin-days': { type: 'string' } },
  });
  let margin: number;
  try {
    margin = futureMarginDays(values['future-margin-days'] ?? process.env['FUTURE_MARGIN_DAYS']);
  } catch (error) {
    console.error(`validate: ${(error as Error).message}`);
    process.exit(2);
  }
  process.exit(printValidation(validateContent(values['content-dir'], margin)) ? 0 : 1);
}
