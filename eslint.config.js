// Lint guards correctness and boundaries, not style: type-aware typescript-eslint
// recommended rules, no floating or misused promises, no import cycles, and no deep
// imports across workspaces (a workspace is used only through its package root).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const typeScriptFiles = ['**/*.ts', '**/*.tsx'];
const testFiles = ['**/*.test.ts', 'e2e/src/**/*.ts', 'bench/src/**/*.ts', '**/testing/**/*.ts'];

const deepImportMessage = "Import another workspace through its package root ('@flow/<pkg>'), never its files.";

/** Subpaths a workspace declares in its package.json `exports` (e.g. '@flow/kit/testing') are public. */
function declaredSubpaths() {
  const readJson = (path) => JSON.parse(readFileSync(join(import.meta.dirname, path), 'utf8'));
  return readJson('package.json').workspaces.flatMap((workspace) => {
    const { name, exports = {} } = readJson(`${workspace}/package.json`);
    return Object.keys(exports)
      .filter((subpath) => subpath !== '.')
      .map((subpath) => `${name}${subpath.slice(1)}`);
  });
}

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const publicSubpaths = declaredSubpaths().map(escapeRegex).join('|');
const deepPackageImport = publicSubpaths ? `^(?!(${publicSubpaths})$)@flow/[^/]+/.+` : '^@flow/[^/]+/.+';

export default defineConfig(
  { ignores: ['**/node_modules/**', '.infra/**', '**/generated/**', '**/dist/**', 'coverage/**'] },
  js.configs.recommended,
  {
    files: typeScriptFiles,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      // Sources import siblings as './x.js' (ESM) while the file is x.ts; workspaces are
      // symlinked packages whose exports point at ./src/index.ts, resolved to their real path.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.json'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
          conditionNames: ['types', 'import', 'default'],
        }),
      ],
    },
    rules: {
      // Ports are async by contract; in-memory twins and hooks without an await stay async
      // so that a throw becomes a rejection. The promise rules below catch the real bugs.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: deepPackageImport, message: deepImportMessage },
            // Climbs out of the importing file's folder and into some workspace's src.
            { regex: '^(\\.\\./)+([^/]+/)*[^/.][^/]*/src(/|$)', message: deepImportMessage },
          ],
        },
      ],
    },
  },
  {
    // Tests poke at untyped JSON responses; `any` there buys brevity, not risk.
    files: testFiles,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain-JavaScript tool configs and CI scripts run on Node.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
