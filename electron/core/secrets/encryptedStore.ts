import { AppError } from '../../../shared/errors';
import type { Logger, SecretStore } from '../hostInterfaces';

/** A small persistent map (electron-store in the desktop app); values are opaque strings. */
export interface SecretRecords {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** Encryption the host can offer without a keychain (Electron's safeStorage). */
export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

/**
 * Keys encrypted by the host's cipher and kept in its records, for when the keychain is missing.
 * Only ciphertext is written; a record that no longer decrypts (a new OS user profile) reads as
 * absent, so the account asks for its key again instead of failing to start.
 */
export function createEncryptedSecretStore(options: {
  records: SecretRecords;
  cipher: SecretCipher;
  description: string;
  logger?: Logger;
}): SecretStore {
  const { records, cipher } = options;
  return {
    description: options.description,
    async get(accountId) {
      const stored = records.get(recordKey(accountId));
      if (stored === undefined || !stored.startsWith(encryptedPrefix)) return null;
      try {
        return cipher.decrypt(Buffer.from(stored.slice(encryptedPrefix.length), 'base64'));
      } catch {
        options.logger?.warn('a stored API key could not be decrypted', { accountId });
        return null;
      }
    },
    async set(accountId, secret) {
      records.set(recordKey(accountId), encryptedPrefix + cipher.encrypt(secret).toString('base64'));
    },
    async delete(accountId) {
      records.delete(recordKey(accountId));
    },
  };
}

/**
 * The last resort where nothing can encrypt: the user is asked first. Declining keeps the key in
 * memory for this session only, so the account works until Textdesk quits.
 */
export function createConsentingPlainSecretStore(options: {
  records: SecretRecords;
  /** Asks the user whether the key may be stored unencrypted; true means yes. */
  confirm: () => Promise<boolean>;
  logger?: Logger;
}): SecretStore {
  const { records } = options;
  const sessionOnly = new Map<number, string>();
  return {
    description: 'the settings file, unencrypted (no keychain or encryption is available)',
    async get(accountId) {
      if (sessionOnly.has(accountId)) return sessionOnly.get(accountId) ?? null;
      const stored = records.get(recordKey(accountId));
      return stored !== undefined && stored.startsWith(plainPrefix) ? stored.slice(plainPrefix.length) : null;
    },
    async set(accountId, secret) {
      let allowed: boolean;
      try {
        allowed = await options.confirm();
      } catch (error) {
        throw new AppError('INTERNAL', 'Could not ask where to keep the API key.', { cause: error });
      }
      if (allowed) {
        sessionOnly.delete(accountId);
        records.set(recordKey(accountId), plainPrefix + secret);
        return;
      }
      options.logger?.warn('the API key is kept in memory only for this session, as the user chose', { accountId });
      records.delete(recordKey(accountId));
      sessionOnly.set(accountId, secret);
    },
    async delete(accountId) {
      sessionOnly.delete(accountId);
      records.delete(recordKey(accountId));
    },
  };
}

// The prefix says how a record was written, so switching stores never misreads one kind as the other.
const encryptedPrefix = 'enc:v1:';
const plainPrefix = 'plain:v1:';

function recordKey(accountId: number): string {
  return `account-${accountId}`;
}
