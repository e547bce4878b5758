import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createConsentingPlainSecretStore,
  createEncryptedSecretStore,
  type SecretCipher,
  type SecretRecords,
} from '../../electron/core/secrets/encryptedStore';

function memoryRecords(): SecretRecords & { all: Map<string, string> } {
  const all = new Map<string, string>();
  return {
    all,
    get: (key) => all.get(key),
    set: (key, value) => void all.set(key, value),
    delete: (key) => void all.delete(key),
  };
}

/** A real cipher standing in for safeStorage, which needs Electron. */
function aesCipher(key = randomBytes(32)): SecretCipher {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('the encrypted fallback store', () => {
  it('round-trips a key', async () => {
    const store = createEncryptedSecretStore({ records: memoryRecords(), cipher: aesCipher(), description: 'safeStorage' });
    await store.set(3, 'sk-test-123');
    expect(await store.get(3)).toBe('sk-test-123');
  });

  it('writes only ciphertext', async () => {
    const records = memoryRecords();
    const store = createEncryptedSecretStore({ records, cipher: aesCipher(), description: 'safeStorage' });
    await store.set(3, 'sk-test-123');
    expect([...records.all.values()].join()).not.toContain('sk-test-123');
  });

  it('reads a record it cannot decrypt as absent', async () => {
    const records = memoryRecords();
    await createEncryptedSecretStore({ records, cipher: aesCipher(), description: 'a' }).set(3, 'sk-test-123');
    const otherProfile = createEncryptedSecretStore({ records, cipher: aesCipher(), description: 'b' });
    expect(await otherProfile.get(3)).toBeNull();
  });

  it('never reads a plain-text record as if it were encrypted', async () => {
    const records = memoryRecords();
    records.set('account-3', 'plain:v1:sk-test-123');
    const store = createEncryptedSecretStore({ records, cipher: aesCipher(), description: 'safeStorage' });
    expect(await store.get(3)).toBeNull();
  });

  it('forgets a deleted key', async () => {
    const records = memoryRecords();
    const store = createEncryptedSecretStore({ records, cipher: aesCipher(), description: 'safeStorage' });
    await store.set(3, 'sk-test-123');
    await store.delete(3);
    expect(await store.get(3)).toBeNull();
    expect(records.all.size).toBe(0);
  });
});

describe('the plain-text last resort', () => {
  it('asks before storing and stores when allowed', async () => {
    const records = memoryRecords();
    let asked = 0;
    const store = createConsentingPlainSecretStore({ records, confirm: async () => (asked++, true) });
    await store.set(1, 'sk-plain');
    expect(asked).toBe(1);
    expect(await store.get(1)).toBe('sk-plain');
    expect(records.all.get('account-1')).toBe('plain:v1:sk-plain');
  });

  it('keeps the key in memory only when the user declines', async () => {
    const records = memoryRecords();
    const store = createConsentingPlainSecretStore({ records, confirm: async () => false });
    await store.set(1, 'sk-plain');
    expect(await store.get(1)).toBe('sk-plain');
    expect(records.all.size).toBe(0);
    const afterRestart = createConsentingPlainSecretStore({ records, confirm: async () => false });
    expect(await afterRestart.get(1)).toBeNull();
  });

  it('forgets a deleted key in memory and on disk', async () => {
    const records = memoryRecords();
    const store = createConsentingPlainSecretStore({ records, confirm: async () => true });
    await store.set(1, 'sk-plain');
    await store.delete(1);
    expect(await store.get(1)).toBeNull();
  });
});
