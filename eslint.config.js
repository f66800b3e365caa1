// `npm run lint` (and `npm test`, after tsc): a few typescript-eslint rules, and the layers. Each
// layer below may import only the layers under it, so no two folders can import each other;
// src/report imports nothing of ours and handlers/ no I/O (house-style.md).
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** The layers, top first: a file may import from its own layer and those listed after it. */
const layers = [
  ['./src/main.ts', './src/service.ts', './src/app.ts', './src/cli'],
  ['./src/channels'],
  ['./config'],
  ['./src/jobs'],
  ['./src/publish'],
  ['./src/admin'],
  ['./src/bot'],
  ['./src/wecom'],
  ['./src/db'],
  ['./entities'],
  ['./handlers'],
  ['./src/calendar'],
  ['./src/report'],
  ['./src/app-error.ts', './src/message-keys.ts'],
];

const upward = layers.slice(1).map((target, index) => ({
  target,
  from: layers.slice(0, index + 1).flat(),
  message: 'A layer imports only the layers under it (eslint.config.js): move the shared piece down instead.',
}));

/** The import rules alone (no type information: fast) for the tree at `basePath`; also used by
 * test/lint/layers.test.ts on a copy of the tree. */
export const layerRules = (basePath = import.meta.dirname) => [
  {
    files: ['src/**/*.ts', 'handlers/**/*.ts', 'entities/**/*.ts', 'config/**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: { parser: tseslint.parser },
    settings: { 'import-x/resolver-next': [createNodeResolver()] },
    rules: {
      'import-x/no-restricted-paths': ['error', {
        basePath,
        zones: [
          { target: './src/report', from: './src', except: ['./report'], message: 'src/report is the domain: it imports nothing of ours.' },
          { target: './src/report', from: ['./handlers', './entities', './config'], message: 'src/report is the domain: it imports nothing of ours.' },
          { target: './handlers', from: ['./src/db', './src/bot', './src/wecom', './src/channels'], message: 'Handlers are pure: no database, engine or wire.' },
          { target: './src/wecom', from: './src/bot', message: 'The wire (src/wecom) never imports the engine.' },
          ...upward,
        ],
      }],
    },
  },
  {
    files: ['handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['typeorm', 'koa', '@koa/router', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises']
          .map((name) => ({ name, message: 'Handlers are pure: the engine does the I/O.' })),
      }],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // `import { X, type Y }` for a mix, `import type { Y }` when every name is a type, as the code does.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  {
    // Type-aware, so only where it matters: typing the tests too made lint take minutes here.
    files: ['src/**/*.ts', 'handlers/**/*.ts', 'entities/**/*.ts', 'config/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  ...layerRules(),
);
