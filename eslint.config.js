import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'dist/',
      '.dist-*/',
      '.test-builds/',
      '.astro/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'lighthouse-report/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.strict,
  astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Tests assert on elements they have just checked exist; a failed `!` throws a clear TypeError in the test.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
