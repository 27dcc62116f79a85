/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

export default getViteConfig({
  test: {
    // tests/build runs the real build (Astro, the validator) in child processes.
    include: ['tests/unit/**/*.test.ts', 'tests/build/**/*.test.ts'],
    environment: 'node',
    // Some tests start a fresh Node process (time zones, the CLIs); on a busy
    // two-core machine that alone can take several seconds.
    testTimeout: 30_000,
  },
});
