import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Astro this project resolves (the one `astro build` runs), for tests that
 * compare the build's own code with Astro's: its `dist/` folder, and a
 * `require` that resolves packages as Astro does (its `devalue`, for one).
 */
export const astroDir = dirname(createRequire(join(process.cwd(), 'package.json')).resolve('astro'));
export const astroRequire = createRequire(join(astroDir, 'index.js'));

/** The `devalue` Astro writes and reads its content store with. */
export const devalue = astroRequire('devalue') as { stringify(value: unknown): string; parse(text: string): unknown };
