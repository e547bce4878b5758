import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.ruleId ?? '');
}

describe('the folder boundaries the linter enforces', () => {
  it.each(['electron/core/x.ts', 'electron/cli/x.ts', 'electron/web/x.ts', 'electron/worker/x.ts', 'electron/demo/x.ts', 'shared/x.ts'])('keeps electron out of %s', async (file) => {
    expect(await restricted(file, "import { app } from 'electron';\nexport const a = app;\n")).toEqual(['no-restricted-imports']);
    expect(await restricted(file, "import { x } from 'electron/main';\nexport const a = x;\n")).toEqual(['no-restricted-imports']);
  });

  it('lets the main process and the preload import electron', async () => {
    expect(await restricted('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await restricted('electron/preload/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toEqual([]);
  });

  it('keeps Node built-ins out of shared', async () => {
    expect(await restricted('shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual(['no-restricted-imports']);
    expect(await restricted('shared/x.ts', "import path from 'path';\nexport const a = path;\n")).toEqual(['no-restricted-imports']);
  });

  it('keeps DOM and Node globals out of shared', async () => {
    expect(await restricted('shared/x.ts', 'export const a = () => document.title;\n')).toEqual(['no-restricted-globals']);
    expect(await restricted('shared/x.ts', 'export const a = () => process.env;\n')).toEqual(['no-restricted-globals']);
    expect(await restricted('shared/x.ts', 'export const a = () => new URL("https://x").host + JSON.stringify(1);\n')).toEqual([]);
  });

  it('keeps the renderer off electron and electron/', async () => {
    expect(await restricted('renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toEqual(['no-restricted-imports']);
    expect(await restricted('renderer/x.ts', "import { dispatch } from '../electron/core/dispatch';\nexport const a = dispatch;\n")).toEqual(['no-restricted-imports']);
    expect(await restricted('renderer/x.ts', "import { channels } from '../shared/contract';\nexport const a = channels;\n")).toEqual([]);
  });
});

/** The rules an import of `source` breaks in a file at `filePath`. */
function importing(filePath: string, source: string): Promise<string[]> {
  return restricted(filePath, `import { a } from '${source}';\nexport const b = a;\n`);
}

/** Each layer with imports it may not make and imports it may (docs/architecture.md, eslint.config.js). */
const layers: { layer: string; file: string; bad: string[]; good: string[] }[] = [
  {
    layer: 'the cache',
    file: 'electron/core/cache/messages.ts',
    bad: ['../providers/types', '../providers/sentLookup', '../sync/apply', '../search', '../search/compile', '../service', '../service/scheduler'],
    good: ['./statements', './conversations', '../paths', '../media/filename', '../../../shared/model'],
  },
  {
    layer: 'a cache migration',
    file: 'electron/core/cache/migrations/0990-x.ts',
    bad: ['../../providers/types', '../../sync/apply', '../../service'],
    good: ['../statements', '../../../../shared/model'],
  },
  {
    layer: 'search',
    file: 'electron/core/search/search.ts',
    bad: ['../providers/types', '../sync/apply', '../service'],
    good: ['../cache/statements', '../cache/messages', './compile', '../../../shared/search'],
  },
  {
    layer: 'the provider kit',
    file: 'electron/core/providers/http.ts',
    bad: ['./inkbox/client', './linq/schemas', './registry', '../cache/messages', '../sync/apply', '../search', '../service'],
    good: ['./errors', './types', '../paths', '../../../shared/model', 'better-sqlite3'],
  },
  {
    layer: 'sync',
    file: 'electron/core/sync/apply.ts',
    bad: ['../providers/inkbox/client', '../providers/linq/sync', '../providers/registry', '../search', '../service', '../service/scheduler'],
    good: ['../providers/types', '../providers/adapter', '../cache/messages', './walk', '../../../shared/model'],
  },
  {
    layer: "a provider's sync strategy and adapter",
    file: 'electron/core/providers/linq/adapter.ts',
    bad: ['../inkbox/parse', '../sendblue/client', '../registry', '../../service', '../../search'],
    good: ['./client', './sync', '../types', '../http', '../../cache/messages', '../../sync/walk', '../../../../shared/model'],
  },
  {
    layer: "a provider's wire-level files",
    file: 'electron/core/providers/linq/client.ts',
    bad: ['../inkbox/parse', '../registry', '../../cache/messages', '../../sync/walk', '../../service'],
    good: ['./schemas', './map', '../http', '../errors', '../../paths', '../../../../shared/model'],
  },
  {
    layer: 'the registry',
    file: 'electron/core/providers/registry.ts',
    bad: ['../service', '../service/scheduler'],
    good: ['./inkbox/adapter', './types', '../cache/accounts'],
  },
  {
    layer: 'the foundation',
    file: 'electron/core/paths.ts',
    bad: ['./cache/open', './providers/types', './sync/apply', './service', './accounts'],
    good: ['./privateFiles', '../../shared/model', 'node:path'],
  },
  {
    layer: 'the foundation in a folder',
    file: 'electron/core/contacts/phone.ts',
    bad: ['./refresh', './importBook', '../cache/contacts', '../sync/apply', '../providers/types'],
    good: ['./names', '../paths', '../../../shared/model'],
  },
  {
    layer: 'the service',
    file: 'electron/core/service/handlers.ts',
    bad: ['../../demo/fleet', '../../demo/inkbox', '../../cli/main', '../../web/host', '../../worker/engine', '../../main/index', '../cache/statements'],
    good: ['../cache/messages', '../providers/registry', '../sync/walk', '../search', '../../../shared/model'],
  },
  {
    layer: 'a module at the root of core',
    file: 'electron/core/accounts.ts',
    bad: ['../demo/fleet', '../demo/inkbox', '../cli/main', '../web/host', '../worker/engine', '../main/index', './cache/statements'],
    good: ['./cache/accounts', './providers/registry', './service', '../../shared/model'],
  },
  {
    layer: 'the demo',
    file: 'electron/demo/fakes/linq/index.ts',
    bad: ['../../../core/accounts', '../../../core/providers/linq/schemas', '../../../cli/format'],
    good: ['./dataset', '../../inkbox/server', '../../../../shared/model', 'node:http'],
  },
  {
    layer: 'the demo fleet',
    file: 'electron/demo/fleet.ts',
    bad: ['../core/accounts', '../core/paths'],
    good: ['./inkbox', './fakes/linq', '../../shared/providers'],
  },
  {
    layer: 'a host',
    file: 'electron/cli/commands/x.ts',
    bad: ['../../core/cache/statements'],
    good: ['../../core/service', '../../core/cache/errors', '../../demo/inkbox', '../service'],
  },
];

describe('the layers the linter enforces', () => {
  for (const { layer, file, bad, good } of layers) {
    it.each(bad)(`keeps ${layer} (${file}) from importing %s`, async (source) => {
      expect(await importing(file, source)).toEqual(['no-restricted-imports']);
    });
    it.each(good)(`lets ${layer} (${file}) import %s`, async (source) => {
      expect(await importing(file, source)).toEqual([]);
    });
  }

  it('says which layer may not import which, and why', async () => {
    const [result] = await eslint.lintText("import { a } from '../providers/types';\nexport const b = a;\n", { filePath: 'electron/core/cache/x.ts' });
    expect(result?.messages[0]?.message).toMatch(/The cache may not import providers.*: it stores the model/);
  });
});

describe('SQL lives in the cache and search only', () => {
  const sql = [
    "db.prepare('SELECT 1').get();",
    "db.exec('DELETE FROM messages');",
    'db.exec(`DELETE FROM messages`);',
    'this.db.exec(statements);',
    'database.exec(statements);',
    "db.pragma('user_version');",
    "cached(db, 'SELECT 1').get();",
    "cachedPluck(db, 'SELECT id FROM messages').get();",
  ];
  const notSql = ['/^a(b)$/.exec(text);', 'pattern.exec(text);', 'db.transaction(() => 1)();', "child.send('x');"];
  const code = (line: string) => `declare const db: any, database: any, pattern: RegExp, text: string, child: any, statements: string, cached: any, cachedPluck: any;\nexport function f(this: { db: any }) {\n  ${line}\n}\n`;
  const outside = ['electron/core/sync/apply.ts', 'electron/core/service/x.ts', 'electron/core/providers/linq/sync.ts', 'electron/core/media/fetcher.ts', 'electron/cli/x.ts'];
  const inside = ['electron/core/cache/messages.ts', 'electron/core/cache/migrations/0990-x.ts', 'electron/core/search/search.ts', 'test/cache/x.test.ts', 'bench/x.ts'];

  it.each(outside.flatMap((file) => sql.map((line) => [file, line])))('keeps SQL out of %s: %s', async (file, line) => {
    expect(await restricted(file, code(line))).toEqual(['no-restricted-syntax']);
  });
  it.each(inside.flatMap((file) => sql.map((line) => [file, line])))('allows SQL in %s: %s', async (file, line) => {
    expect(await restricted(file, code(line))).toEqual([]);
  });
  it.each(notSql)('does not mistake %s for SQL', async (line) => {
    expect(await restricted('electron/core/sync/apply.ts', code(line))).toEqual([]);
  });
});
