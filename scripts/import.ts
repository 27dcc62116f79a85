/** `npm run import -- <file|folder>... [flags]`: see src/import/cli.ts and docs/importing.md. */
import { fileURLToPath } from 'node:url';

import { localToday, runImport } from '../src/import/cli.ts';

process.exitCode = await runImport(process.argv.slice(2), {
  // npm runs scripts from the project root; INIT_CWD is where the command was typed.
  cwd: process.env['INIT_CWD'] ?? process.cwd(),
  contentDir: fileURLToPath(new URL('../content/articles', import.meta.url)),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  today: localToday,
  // A line rewritten in place (carriage return, erase to end of line); a log gets the report alone.
  progress: process.stderr.isTTY ? (text) => process.stderr.write(`\r\x1b[K${text}`) : undefined,
});
