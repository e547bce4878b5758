import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKeytarSecretStore, loadKeytarSecretStore, type KeytarLike } from '../../electron/core/secrets/keytarStore';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const script = fileURLToPath(new URL('./keytarRoundTrip.script.ts', import.meta.url));
const hasDbusSession = ['/usr/bin/dbus-run-session', '/bin/dbus-run-session', '/usr/local/bin/dbus-run-session'].some(existsSync);
// CI installs the keychain tools; there a missing tool is a failure, not a skip.
const runRealKeychain = hasDbusSession || Boolean(process.env.CI);

/** An in-memory keychain with keytar's shape, for the behaviour around keytar rather than keytar itself. */
function memoryKeytar(): KeytarLike & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    async getPassword(service, account) {
      return entries.get(`${service}/${account}`) ?? null;
    },
    async setPassword(service, account, password) {
      entries.set(`${service}/${account}`, password);
    },
    async deletePassword(service, account) {
      return entries.delete(`${service}/${account}`);
    },
    async findCredentials() {
      return [];
    },
  };
}

describe('the keytar secret store', () => {
  it.skipIf(!runRealKeychain)('round-trips a key through the real keychain in a private D-Bus session', () => {
    const command = `printf textdesk | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "${process.execPath}" --import tsx "${script}"`;
    // A fresh home gives a fresh keyring, unlocked by the password piped in, and leaves the
    // developer's own keyring alone.
    const home = mkdtempSync(join(tmpdir(), 'textdesk-keyring-'));
    const result = spawnSync('dbus-run-session', ['--', 'sh', '-c', command], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_RUNTIME_DIR: home, DISPLAY: '' },
    });
    rmSync(home, { recursive: true, force: true });
    const line = result.stdout.trim().split('\n').at(-1) ?? '';
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(line)).toEqual({ available: true, description: 'the system keychain', read: 'sk-live-round-trip', afterDelete: null });
  });

  it('is unavailable when keytar cannot be loaded', async () => {
    const store = await loadKeytarSecretStore({
      load: () => Promise.reject(new Error("Cannot find module 'keytar'")),
    });
    expect(store).toBeNull();
  });

  it('is unavailable when the keychain refuses', async () => {
    const keytar = { ...memoryKeytar(), findCredentials: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')) };
    expect(await loadKeytarSecretStore({ load: async () => ({ default: keytar }) })).toBeNull();
  });

  it('is unavailable when the keychain never answers', async () => {
    const keytar = { ...memoryKeytar(), findCredentials: () => new Promise<never>(() => {}) };
    expect(await loadKeytarSecretStore({ load: async () => keytar, probeTimeoutMs: 50 })).toBeNull();
  });

  it('is unavailable when the module is not keytar', async () => {
    expect(await loadKeytarSecretStore({ load: async () => ({ default: {} }) })).toBeNull();
  });

  it('keeps each account under its own keychain entry', async () => {
    const keytar = memoryKeytar();
    const store = createKeytarSecretStore(keytar, 'Textdesk');
    await store.set(1, 'one');
    await store.set(2, 'two');
    await store.delete(1);
    expect(await store.get(1)).toBeNull();
    expect(await store.get(2)).toBe('two');
    expect([...keytar.entries.keys()]).toEqual(['Textdesk/account-2']);
  });
});
