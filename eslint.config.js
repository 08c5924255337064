// Lint = the generic recommended rules plus the layer boundaries from docs/STYLE:
// shared/ runs anywhere, renderer/ sees only shared/, and only electron/app/ imports 'electron'.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node built-ins by bare name (fs, path, …) and with the node: prefix. */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const NODE = [
  { group: ['node:*'], message: 'Node built-ins are not available here; move this code to db/ or electron/.' },
  { regex: `^(${nodeBuiltins.map((n) => n.replace(/[/]/g, '\\/')).join('|')})(\\/.*)?$`, message: 'Node built-ins are not available here; move this code to db/ or electron/.' },
];
const ELECTRON = { regex: '^electron(\\/.*)?$', message: "Only electron/app/ may import 'electron'." };
/** A relative import that climbs into one of the named top-level folders. */
const into = (folders, message) => ({ regex: `^(\\.\\.?\\/)+(${folders.join('|')})(\\/|$)`, message });

const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', '__dirname', '__filename', 'require', 'module'].map((g) => [g, 'readonly']),
);

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/results/', '.tmp/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Chinese text legitimately contains U+3000 (ideographic space); flag it only in code.
      'no-irregular-whitespace': ['error', { skipComments: true, skipStrings: true, skipTemplates: true, skipRegExps: true, skipJSXText: true }],
      // Stripping control characters from file names and imported cells is deliberate here.
      'no-control-regex': 'off',
    },
  },
  {
    // Migrations are frozen in time and typed Kysely<any> on purpose; tests poke at raw envelopes.
    files: ['db/migrations/**', 'tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // Later entries replace this one for their folders; each repeats ELECTRON except electron/app.
  restrict(['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'], [ELECTRON]),
  restrict(['shared/**'], [...NODE, ELECTRON, into(['db', 'electron', 'renderer', 'build', 'tests'], 'shared/ runs everywhere and imports only shared/ (and zod).')]),
  restrict(['renderer/**'], [...NODE, ELECTRON, into(['db', 'electron', 'build', 'tests'], 'The renderer talks to the core through shared/api only (window.desk or HTTP).')]),
  restrict(['db/**'], [ELECTRON, into(['electron', 'renderer'], 'db/ is persistence only: it must not reach into electron/ or renderer/.')]),
  restrict(['electron/core/**', 'electron/server/**'], [ELECTRON, into(['renderer', 'app'], "electron/core and electron/server run under plain Node: no 'electron', no electron/app, no renderer/.")]),
  restrict(['electron/app/**'], [into(['renderer'], 'The main process must not import renderer code.')]),

  // All SQL lives in db/ (repositories, migrations): elsewhere the database packages may be
  // named in types only. Tests and benchmarks open files directly on purpose.
  {
    files: ['electron/**', 'shared/**', 'renderer/**', 'build/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['better-sqlite3', 'kysely'].map((name) => ({
            name,
            allowTypeImports: true,
            message: `SQL belongs in db/: import ${name} there, and only its types here (import type …).`,
          })),
        },
      ],
    },
  },
);
