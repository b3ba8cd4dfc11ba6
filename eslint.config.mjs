import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'tools/', 'web/console/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Workflow code is replayed deterministically: no I/O modules, no wall clock.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@mikro-orm/*', 'pg', 'nodemailer', 'express', 'node:*', 'fs', 'zod'],
              message: 'Workflow code must stay free of I/O and heavy modules.',
            },
            {
              group: ['../activities/*', '../api/*', '../db/*'],
              message: 'Workflows import activities only through proxyActivities and `import type`.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
