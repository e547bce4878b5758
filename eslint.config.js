import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * The folder a file is in says which process it runs in (docs/architecture.md); these rules keep the
 * imports honest. Beyond that, the recommended sets and nothing else.
 */

const electron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron; core, cli, web and shared run without it.',
};
const electronSubpaths = { group: ['electron/*'], message: electron.message };

// Globals that exist in every runtime shared/ is loaded in (Node, the renderer, the browser).
const universal = new Set([
  'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'structuredClone',
  'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'Intl', 'crypto',
]);
const es = new Set(Object.keys(globals.es2025 ?? globals.es2021));
const hostOnlyGlobals = [...new Set([...Object.keys(globals.browser), ...Object.keys(globals.node)])].filter(
  (name) => !es.has(name) && !universal.has(name),
);

export default defineConfig(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'bench-results/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // A leading underscore marks a value left unused on purpose (a skipped tuple slot, say).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['electron/core/**', 'electron/cli/**', 'electron/web/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron], patterns: [electronSubpaths] }] },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, ...builtinModules.map((name) => ({ name, message: 'shared/ runs in the renderer too: no Node built-ins.' }))],
          patterns: [electronSubpaths, { group: ['node:*'], message: 'shared/ runs in the renderer too: no Node built-ins.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...hostOnlyGlobals.map((name) => ({ name, message: 'shared/ runs in Node and the browser: no DOM or Node globals.' })),
      ],
    },
  },
  {
    // Served to a browser page as it is (the UI benchmark's stand-in for main).
    files: ['bench/ui/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // One pattern covers both the electron module and our electron/ folder.
          patterns: [
            {
              regex: '(^|/)electron(/|$)',
              message: 'The renderer imports only shared/ and itself (never electron or electron/); it talks to main through window.textdesk.',
            },
          ],
        },
      ],
    },
  },
);
