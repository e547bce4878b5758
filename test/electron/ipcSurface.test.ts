import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => join(dir, name));
}

describe('the IPC surface', () => {
  it('has exactly one file in electron/main that imports ipcMain', () => {
    const importers = sources('electron/main').filter((file) =>
      /import\s*{[^}]*\bipcMain\b[^}]*}\s*from\s*'electron'/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(importers).toEqual([join('electron/main', 'ipc.ts')]);
  });

  it('never hands ipcRenderer to the page', () => {
    for (const file of sources('electron/preload')) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text, file).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    }
  });
});
