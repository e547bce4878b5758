import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../support/fixtures';

/**
 * The built app, driven by Playwright's Electron mode. The Electron binary cannot be downloaded
 * on the CI machines, so this skips itself there and runs on a developer's computer. The
 * binary's location is read from the electron package's path.txt: importing the package would
 * try to download it.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function electronBinary(): string | null {
  const packageDir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = join(dist, relative);
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

describe.skipIf(binary === null)('the desktop app', () => {
  const profile = scratchDir('textdesk-e2e-');
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'out', 'main', 'index.js'))) {
      const build = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stderr}`);
    }
    app = await _electron.launch({
      executablePath: binary ?? undefined,
      args: [repoRoot],
      cwd: repoRoot,
      env: { ...process.env, TEXTDESK_USER_DATA: profile.dir, ELECTRON_RENDERER_URL: '' },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    profile.cleanup();
  });

  it('loads the renderer from its own scheme', () => {
    expect(page.url()).toBe('textdesk://app/index.html');
  });

  it('runs the page sandboxed and isolated, with no Node in reach', async () => {
    const reach = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      textdesk: Object.keys((globalThis as unknown as { textdesk: object }).textdesk).sort(),
    }));
    expect(reach).toEqual({ require: 'undefined', process: 'undefined', textdesk: ['invoke', 'on'] });
  });

  it('answers a contract call through the preload', async () => {
    const info = await page.evaluate(() =>
      (globalThis as unknown as { textdesk: { invoke(c: string): Promise<unknown> } }).textdesk.invoke('app:info'),
    );
    expect(info).toMatchObject({ ok: true, value: { host: 'electron' } });
  });

  it('answers VALIDATION to a malformed call', async () => {
    const answer = await page.evaluate(() =>
      (globalThis as unknown as { textdesk: { invoke(c: string, i: unknown): Promise<unknown> } }).textdesk.invoke('thread:page', {
        conversationId: 'one',
      }),
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('opens no new windows', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  it('enforces the CSP: no eval, no remote scripts', async () => {
    const evalBlocked = await page.evaluate(() => {
      try {
        return new Function('return 1')() !== 1;
      } catch {
        return true;
      }
    });
    expect(evalBlocked).toBe(true);
  });

  it('refuses media by anything but a content hash', async () => {
    const status = await page.evaluate(() =>
      fetch('textdesk-media://file/..%2f..%2fcache.db').then(
        (response) => response.status,
        () => 0,
      ),
    );
    expect([0, 404]).toContain(status);
  });
});
