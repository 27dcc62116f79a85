import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Some tests start a fresh Node process (time zones, the CLIs); on a busy
    // two-core machine that alone can take several seconds.
    testTimeout: 30_000,
  },
});
