// @ts-check
// Lints our own code (`npm run lint`). Type-checked rules where a tsconfig covers the file, so that
// `no-floating-promises` and `no-misused-promises` (handlers never drop a promise) can see promise types.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The sources that belong to a tsconfig project (server, client, bench). */
const typeCheckedFiles = ['server/src/**/*.ts', 'server/test/**/*.ts', 'client/src/**/*.ts', 'client/test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'];

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/dist/', '**/out/', 'test-fixtures/', '.bench-cache/', '**/*.vsix']),
  {
    // Build scripts and this file: plain ESM run by Node.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // TypeScript outside any tsconfig (e.g. helper templates): syntax-only rules.
    files: ['**/*.{ts,mts,cts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
  },
  {
    files: typeCheckedFiles,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // `_`-prefixed names are deliberately unused (callbacks with a fixed signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Custom messages are declared once as `namespace X { method; type }` (vscode-eslint's pattern).
    files: ['server/src/shared/protocol.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
);
