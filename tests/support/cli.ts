import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach } from 'vitest';

import type { CliIo } from '../../src/import/cli.ts';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A throwaway content directory per test, so the CLIs never write into the
 * real content/articles. `cwd` is the project root, like `npm run`'s.
 */
export function useTempContent() {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    make(): { dir: string; files: () => string[]; run: (cli: Cli, argv: string[]) => Promise<Run> } {
      const dir = mkdtempSync(join(tmpdir(), 'news-import-'));
      dirs.push(dir);
      return {
        dir,
        files: () => readdirSync(dir).sort(),
        run: (cli, argv) => runCli(cli, argv, dir),
      };
    },
  };
}

type Cli = (argv: readonly string[], io: CliIo) => Promise<number>;

export async function runCli(cli: Cli, argv: string[], contentDir: string, today = '2024-03-05'): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, {
    cwd: process.cwd(),
    contentDir,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    today: () => today,
  });
  return { code, stdout, stderr };
}
