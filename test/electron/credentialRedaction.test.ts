import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { encodeCredentials } from '../../electron/core/accounts';
import { createFileLogger } from '../../electron/main/logger';
import { scratchDir } from '../support/fixtures';

// The keychain answers (in memory), so the desktop store keeps keys there.
vi.mock('keytar', () => {
  const entries = new Map<string, string>();
  return {
    default: {
      getPassword: async (service: string, account: string) => entries.get(`${service}/${account}`) ?? null,
      setPassword: async (service: string, account: string, password: string) => void entries.set(`${service}/${account}`, password),
      deletePassword: async (service: string, account: string) => entries.delete(`${service}/${account}`),
      findCredentials: async () => [],
    },
  };
});
vi.mock('electron', () => ({
  dialog: { showMessageBox: async () => ({ response: 0 }) },
  safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
}));

const { createDesktopSecretStore } = await import('../../electron/main/credentials');

const scratch = scratchDir('textdesk-redaction-');
afterAll(() => scratch.cleanup());

describe('keys in main.log', () => {
  it('are masked part by part for a two-part key (Sendblue\'s key id and secret)', async () => {
    const file = join(scratch.dir, 'main.log');
    const logger = createFileLogger(file);
    const records = new Map<string, string>();
    const secrets = await createDesktopSecretStore({
      records: { get: (k) => records.get(k), set: (k, v) => void records.set(k, v), delete: (k) => void records.delete(k) },
      window: () => null,
      logger,
    });
    const keyId = 'sb-key-id-0123456789abcdef';
    const secret = 'sb-secret-fedcba9876543210';
    await secrets.set(7, encodeCredentials({ apiKey: keyId, apiSecret: secret }));

    logger.error('Sendblue refused', { error: `401 for key ${keyId} with secret ${secret}` });

    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(keyId);
    expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
