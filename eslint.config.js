/**
 * Lint: correctness rules for TypeScript, and the architecture's boundaries as rules that fail the
 * build (`npm run lint`, run by .ci/run):
 *  - the domain package depends on nothing (no package, no Node module);
 *  - the bot's core imports the domain and its own files only (adapters implement its interfaces);
 *  - the venue layer holds no storage;
 *  - a package imports only the packages its package.json declares, never another package's files
 *    by path (no `../../<pkg>/src`, no `@polymarket-arb/<pkg>/<deep path>`);
 *  - no import cycles.
 * Formatting is Prettier's (`npm run format`), not a lint rule.
 */
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

const PACKAGES = ['domain', 'common', 'venue', 'sim', 'collect', 'import', 'bot'];

/** Forbid every import specifier the regex matches, with a sentence saying why. */
const only = (regex, message) => ['error', { patterns: [{ regex, message }] }];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly',
        global: 'readonly',
        globalThis: 'readonly',
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x cannot read the TypeScript files it resolves to, and no-cycle sees no edge.
      'import-x/extensions': ['.ts', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: 'tsconfig.test.json', conditionNames: ['source', 'types', 'import', 'node', 'default'] }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-relative-packages': 'error',
      'import-x/no-self-import': 'error',
      'no-restricted-imports': only(
        '^@polymarket-arb/[^/]+/.+',
        'Import a package by its name only (@polymarket-arb/<pkg>), never a file inside it.',
      ),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // Each package imports only what its own package.json declares (tests and benches may use devDependencies).
  ...PACKAGES.map((pkg) => ({
    files: [`packages/${pkg}/**/*.{ts,mts,js,mjs}`],
    rules: {
      'import-x/no-extraneous-dependencies': [
        'error',
        { packageDir: [`packages/${pkg}`, '.'], devDependencies: [`packages/${pkg}/{test,bench}/**`] },
      ],
    },
  })),
  {
    files: ['packages/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': only('^(?!\\.{1,2}/)', 'The domain depends on nothing: no package and no Node module, only its own files.'),
    },
  },
  {
    files: ['packages/bot/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': only(
        '^(?!\\./|@polymarket-arb/domain$)',
        'The core is pure: it imports @polymarket-arb/domain and its own files only; adapters (executors, observability, storage, config) implement interfaces the core defines.',
      ),
    },
  },
  {
    files: ['packages/venue/src/**/*.ts'],
    rules: {
      'no-restricted-imports': only(
        '^(@clickhouse/|chdb$|@polymarket-arb/(common|collect|import|bot|sim)$)',
        'The venue layer speaks the protocols and holds no storage: no ClickHouse, no collector, importer, bot or simulator.',
      ),
    },
  },
  {
    // Tests and their helpers read loosely typed JSON (fixtures, wire captures, manifests).
    files: ['packages/*/test/**/*.ts', 'scripts/*.d.mts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain Node scripts (benches, bins, tools): JavaScript, so no TypeScript-only rules.
    files: ['**/*.{js,mjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
