import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Settings, type SettingsPatch } from '../../shared/settings';
import type { SecretStore, SettingsStore } from '../core/hostInterfaces';

/** Settings as a JSON file in the data dir; a missing or damaged file falls back to defaults. */
export function createFileSettingsStore(path: string): SettingsStore {
  let current: Settings;
  try {
    current = Settings.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    current = Settings.parse({});
  }
  return {
    get: () => current,
    set(patch: SettingsPatch) {
      current = Settings.parse({ ...current, ...patch });
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(`${path}.tmp`, JSON.stringify(current, null, 2), { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
      return current;
    },
  };
}

/**
 * Keys held only for the life of the process: the browser host never writes an API key to disk
 * in plain text, so without a keychain an account added here must be added again next time.
 */
export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<number, string>();
  return {
    description: 'memory, for this session only',
    async get(accountId) {
      return secrets.get(accountId) ?? null;
    },
    async set(accountId, secret) {
      secrets.set(accountId, secret);
    },
    async delete(accountId) {
      secrets.delete(accountId);
    },
  };
}
