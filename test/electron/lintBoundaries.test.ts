import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.ruleId ?? '');
}

describe('the folder boundaries the linter enforces', () => {
  it.each(['electron/core/x.ts', 'electron/cli/x.ts', 'electron/web/x.ts', 'shared/x.ts'])('keeps electron out of %s', async (file) => {
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
