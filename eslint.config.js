import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * The folder a file is in says which process it runs in and which layer it belongs to
 * (docs/architecture.md); these rules keep the imports honest, and the SQL in the cache and
 * search. Beyond that, the recommended sets and nothing else. test/electron/lintBoundaries.test.ts
 * shows every rule failing on a bad import and passing on a good one.
 */

const electron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron; core, cli, web, worker, the demo and shared run without it.',
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

/*
 * The engine's layers (docs/architecture.md), bottom to top: shared, foundation, cache, search,
 * provider kit, sync, provider slices, registry, service; the hosts and the demo above them. A
 * module imports only from its own layer or below. Imports are relative, so each pattern matches
 * the folder an import names from where the importing files sit: `(../)+sync/` from
 * core/<folder>/, `../../sync/` from a provider slice.
 *
 * ESLint keeps one set of options per rule and file (the last matching block wins), so each
 * block below carries every restriction for its files: the narrower zones spread the wider ones'.
 */

/** Matches an import of the core folder or module `name` from a file anywhere inside electron/core. */
const coreFolder = (names) => `^(\\./|(\\.\\./)+)(${names.join('|')})(/|$)`;
const forbid = (regex, message) => ({ regex, message });

const noElectron = forbid('^electron(/|$)', electron.message);
const noStatements = forbid(
  '(^|/)cache/statements$',
  'Only the cache and search may use cache/statements (prepared SQL): every other module reads and writes through repository functions.',
);
const noHostsInCore = forbid(
  '^(\\.\\./)+(demo|cli|web|worker|main|preload)(/|$)',
  'electron/core may not import the demo or a host (cli, web, worker, main): the engine is what hosts start, so it cannot know them.',
);
const core = [noElectron, noHostsInCore, noStatements];
// The cache and search own the SQL: the same as core, without the statements rule.
const coreOwningSql = [noElectron, noHostsInCore];

const foundationMessage =
  'The foundation (paths, files, secrets, notify, phone and names, media files) may not import the layers above it: everything builds on it, so it builds on nothing but shared/.';
const slice = [
  ...core,
  forbid(
    '^\\.\\./(?!\\.\\./)[^/]+/',
    'A provider folder may not import another provider folder: slices stand side by side, and wire helpers two of them need go to the provider kit (providers/*.ts).',
  ),
  forbid('^\\.\\./registry$', 'A provider folder may not import the registry: the registry imports the slices.'),
  forbid('^\\.\\./\\.\\./(search|service)(/|$)', 'A provider folder may not import search or the service: the service composes the slices\' adapters, never the reverse.'),
];
const sliceWire = '`client.ts`, `schemas.ts`, `map.ts`, `contacts.ts` and `errorDetail.ts`';

const zones = [
  { files: ['electron/**'], ignores: ['electron/core/cache/**', 'electron/core/search/**'], restrict: [noStatements] },
  { files: ['electron/cli/**', 'electron/web/**', 'electron/worker/**'], restrict: [noElectron, noStatements] },
  {
    files: ['electron/demo/**'],
    restrict: [
      noElectron,
      noStatements,
      forbid(
        '^(\\.\\./)+(core|cli|web|worker|main|preload)(/|$)',
        'electron/demo may not import electron/core or a host: the demo servers stand in for vendors and speak only HTTP, so they import shared/ and Node alone.',
      ),
    ],
  },
  { files: ['electron/core/**'], restrict: core },
  {
    // Layer 2, the foundation: pure helpers everything may use, so they use nothing above them.
    files: [
      'electron/core/{privateFiles,atomicFile,paths,version,hostInterfaces}.ts',
      'electron/core/secrets/**',
      'electron/core/notify/**',
      'electron/core/contacts/{phone,names,vcard,csv}.ts',
      'electron/core/media/{filename,store}.ts',
    ],
    restrict: [
      ...core,
      forbid(
        coreFolder(['cache', 'search', 'providers', 'sync', 'service', 'accounts', 'dispatch', 'export', 'serviceTypes', 'media/fetcher', 'contacts/importBook', 'contacts/refresh']),
        foundationMessage,
      ),
      forbid('^\\./(fetcher|importBook|refresh)$', foundationMessage),
    ],
  },
  {
    files: ['electron/core/cache/**'],
    restrict: [
      ...coreOwningSql,
      forbid(
        '^(\\.\\./)+(providers|sync|search|service)(/|$)',
        'The cache may not import providers, sync, search or the service: it stores the model of shared/, and what a provider\'s data means is decided in the sync layer above it.',
      ),
    ],
  },
  {
    files: ['electron/core/search/**'],
    restrict: [
      ...coreOwningSql,
      forbid(
        '^(\\.\\./)+(providers|sync|service)(/|$)',
        'Search may not import providers, sync or the service: it is SQL over the cache and knows nothing of where the texts came from.',
      ),
    ],
  },
  {
    // Layer 5, the provider kit: wire-level pieces every slice shares.
    files: ['electron/core/providers/*.ts'],
    ignores: ['electron/core/providers/registry.ts'],
    restrict: [
      ...core,
      forbid(
        '^\\./[^/]+/',
        'The provider kit (providers/*.ts) may not import a provider folder: the slices build on the kit, and what two slices share belongs in the kit itself.',
      ),
      forbid('^\\./registry$', 'The provider kit may not import the registry: the registry lists the slices, which build on the kit.'),
      forbid(
        '^(\\.\\./)+(cache|sync|search|service)(/|$)',
        'The provider kit may not import the cache, sync, search or the service: it speaks HTTP and the wire types, and the layers that store and merge build on it.',
      ),
    ],
  },
  {
    files: ['electron/core/sync/**'],
    restrict: [
      ...core,
      forbid(
        '^(\\.\\./)+providers/registry$',
        'Sync may not import the registry: it is provider-neutral and is handed the adapter it works with.',
      ),
      forbid(
        '^(\\.\\./)+providers/[^/]+/',
        'Sync may not import a provider folder: it is provider-neutral (the merge policy, walks, pushers) and the slices call into it, not the other way.',
      ),
      forbid('^(\\.\\./)+(search|service)(/|$)', 'Sync may not import search or the service: the service composes sync, and sync writes through the cache\'s repositories only.'),
    ],
  },
  {
    // Layer 7, one folder per provider.
    files: ['electron/core/providers/*/**'],
    restrict: slice,
  },
  {
    // A slice's wire-level files; only its sync.ts and adapter.ts reach the cache and sync.
    files: ['electron/core/providers/*/*.ts'],
    ignores: ['electron/core/providers/*/sync.ts', 'electron/core/providers/*/adapter.ts'],
    restrict: [
      ...slice,
      forbid(
        '^\\.\\./\\.\\./(cache|sync)(/|$)',
        `A provider's ${sliceWire} may not import the cache or sync: they speak the vendor's wire; only the folder's sync.ts and adapter.ts store and merge.`,
      ),
    ],
  },
  {
    files: ['electron/core/providers/registry.ts'],
    restrict: [...core, forbid(coreFolder(['service']), 'The registry may not import the service: the service picks adapters from the registry.')],
  },
];

const layerRules = zones.map(({ files, ignores, restrict }) => ({
  files,
  ...(ignores ? { ignores } : {}),
  rules: { 'no-restricted-imports': ['error', { patterns: restrict }] },
}));

/*
 * SQL lives in the cache and search only: elsewhere no prepare/exec/pragma on a database and no
 * cached()/cachedPluck() from cache/statements. `.exec(` is also RegExp's, so it counts only with
 * SQL text (a string or template literal) or a receiver named db/database, never on a /regex/.
 */
const sqlMessage = 'SQL lives in the cache and search only (core/cache/**, core/search/**): call a repository function there instead.';
const sqlRules = [
  {
    files: ['electron/**/*.ts', 'electron/**/*.tsx'],
    ignores: ['electron/core/cache/**', 'electron/core/search/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name=/^(prepare|pragma)$/]", message: sqlMessage },
        {
          selector:
            "CallExpression[callee.property.name='exec']:matches([arguments.0.type=/^(Literal|TemplateLiteral)$/], [callee.object.name=/^(db|database)$/], [callee.object.property.name=/^(db|database)$/]):not([callee.object.regex])",
          message: sqlMessage,
        },
        { selector: 'CallExpression[callee.name=/^cached(Pluck)?$/]', message: sqlMessage },
      ],
    },
  },
];

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
  ...layerRules,
  ...sqlRules,
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
