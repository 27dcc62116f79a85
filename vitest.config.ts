import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // tests/build runs the real build (Astro, the validator) in child processes.
    include: ['tests/unit/**/*.test.ts', 'tests/build/**/*.test.ts'],
    environment: 'node',
    // Rendering Markdown and spawning the validator can take seconds on a busy two-core CI machine.
    testTimeout: 30_000,
  },
});
