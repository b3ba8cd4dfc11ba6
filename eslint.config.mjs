import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = {
  group: ['@mikro-orm/*', 'pg', 'nodemailer', 'express', 'node:*', 'fs', 'zod', '@temporalio/client'],
  message: 'Workflow and domain code must stay free of I/O and heavy modules.',
};

/** The project's I/O folders at any relative depth ('../db', '../../activities/…'); a workflow's own './activities' proxy is fine. */
const ioFolders = (more) => ({
  regex: `^((\\.\\./)+(activities|api|db|config|embedded|reports|temporal)(/|$)${more})`,
  message: 'Import activities only through proxyActivities and `import type`; no I/O, no time-zone database.',
  allowTypeImports: true,
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      'tools/',
      'web/console/dist/',
      'web/console/src/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // The production build emits CommonJS, where these names are the module's own: tsc refuses
      // them only when it emits (TS2441), which the type check (--noEmit) never does.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Program > VariableDeclaration > VariableDeclarator[id.name=/^(exports|require|module|__filename|__dirname)$/], Program > FunctionDeclaration[id.name=/^(exports|require|module|__filename|__dirname)$/]',
          message: 'CommonJS reserves this name at the top of a module (the production build fails on it).',
        },
      ],
    },
  },
  {
    // Workflow code is replayed deterministically, and `domain/` is what it shares with the
    // rest: neither may reach I/O, at whatever relative depth the import is written.
    // tests/unit/workflow-bundle.test.ts checks what actually lands in the bundle.
    files: ['domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ioModules, ioFolders('')] }] },
  },
  {
    // Workflows also keep the time-zone database out: office time is domain/time.ts arithmetic.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [ioModules, ioFolders('|dayjs(/|$)|(\\.\\./)+domain/time-zone$')] },
      ],
    },
  },
);
