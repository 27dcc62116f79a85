import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A class of Astro's own, exported by `module` (a path under astro/dist/),
 * from the Astro the project resolves (the one `astro build` runs). Loaded
 * with `require` by its path: the package exports no such entry, and at hook
 * time the config's Vite module runner, which an `import()` here would go
 * through, is closed. Node's `require` of an ES module returns the instance
 * already loaded (or loads the one Astro then imports), so this is Astro's
 * own class, and a change to its prototype is a change to the build.
 * Undefined where it is not there.
 *
 * The build changes three such classes (./content-store.ts,
 * ./incremental-cache.ts), each checked for the shape it expects first.
 */
export function astroClass<T>(root: string, module: string, name: string): T | undefined {
  const require = createRequire(join(root, 'package.json'));
  try {
    const file = join(dirname(require.resolve('astro')), module);
    return (require(file) as Record<string, T | undefined>)[name];
  } catch {
    return undefined;
  }
}
