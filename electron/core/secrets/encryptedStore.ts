import { AppError } from '../../../shared/errors';
import type { Logger, SecretStore } from '../hostInterfaces';
import { secretStoreOver } from './scoped';

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
  return secretStoreOver(options.description, {
    async get(name) {
      const stored = records.get(name);
      if (stored === undefined || !stored.startsWith(encryptedPrefix)) return null;
      try {
        return cipher.decrypt(Buffer.from(stored.slice(encryptedPrefix.length), 'base64'));
      } catch {
        options.logger?.warn('a stored API key could not be decrypted', { entry: name });
        return null;
      }
    },
    async set(name, secret) {
      records.set(name, encryptedPrefix + cipher.encrypt(secret).toString('base64'));
    },
    async delete(name) {
      records.delete(name);
    },
  });
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
  const sessionOnly = new Map<string, string>();
  return secretStoreOver('the settings file, unencrypted (no keychain or encryption is available)', {
    async get(name) {
      if (sessionOnly.has(name)) return sessionOnly.get(name) ?? null;
      const stored = records.get(name);
      return stored !== undefined && stored.startsWith(plainPrefix) ? stored.slice(plainPrefix.length) : null;
    },
    async set(name, secret) {
      let allowed: boolean;
      try {
        allowed = await options.confirm();
      } catch (error) {
        throw new AppError('INTERNAL', 'Could not ask where to keep the API key.', { cause: error });
      }
      if (allowed) {
        sessionOnly.delete(name);
        records.set(name, plainPrefix + secret);
        return;
      }
      options.logger?.warn('the API key is kept in memory only for this session, as the user chose', { entry: name });
      records.delete(name);
      sessionOnly.set(name, secret);
    },
    async delete(name) {
      sessionOnly.delete(name);
      records.delete(name);
    },
  });
}

// The prefix says how a record was written, so switching stores never misreads one kind as the other.
const encryptedPrefix = 'enc:v1:';
const plainPrefix = 'plain:v1:';
