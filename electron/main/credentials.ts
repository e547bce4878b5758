import { dialog, safeStorage, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { secretParts } from '../core/accounts';
import type { Logger, SecretStore } from '../core/hostInterfaces';
import { createConsentingPlainSecretStore, createEncryptedSecretStore, type SecretRecords } from '../core/secrets/encryptedStore';
import { loadKeytarSecretStore } from '../core/secrets/keytarStore';

/**
 * Where API keys go, best first: the OS keychain through keytar; else safeStorage-encrypted
 * values in an electron-store file; else, only after the user agrees, that file unencrypted.
 * Keys read or stored are handed to the logger's redaction, so they cannot surface in a log.
 */
export async function createDesktopSecretStore(options: {
  records: SecretRecords;
  window: () => BrowserWindow | null;
  logger: Logger & { redact(secret: string): void };
}): Promise<SecretStore> {
  const { logger } = options;
  const chosen =
    (await loadKeytarSecretStore({ logger })) ??
    (canEncrypt()
      ? createEncryptedSecretStore({
          records: options.records,
          cipher: { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (data) => safeStorage.decryptString(data) },
          description: 'an encrypted file (Electron safeStorage)',
          logger,
        })
      : createConsentingPlainSecretStore({ records: options.records, confirm: () => askToStorePlain(options.window()), logger }));
  logger.info('API keys are kept in ' + chosen.description);
  const redact = (secret: string) => secretParts(secret).forEach((part) => logger.redact(part));
  const redacting = (store: SecretStore): SecretStore => ({
    description: store.description,
    async get(accountId) {
      const secret = await store.get(accountId);
      if (secret) redact(secret);
      return secret;
    },
    async set(accountId, secret) {
      redact(secret);
      await store.set(accountId, secret);
    },
    delete: (accountId) => store.delete(accountId),
    withScope: (scope) => redacting(store.withScope?.(scope) ?? store),
  });
  return redacting(chosen);
}

function canEncrypt(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  // On Linux without a keyring, safeStorage "encrypts" with a fixed, public password.
  return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

async function askToStorePlain(window: BrowserWindow | null): Promise<boolean> {
  const options: MessageBoxOptions = {
    type: 'warning',
    title: 'Store the API key without encryption?',
    message: 'This system has no keychain or encryption Textdesk can use.',
    detail:
      'Textdesk can keep the API key in its settings file as plain text, readable by anything running as you. ' +
      'If you choose "This session only", the key is kept in memory and asked for again after Textdesk quits.',
    buttons: ['This session only', 'Store without encryption'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const result = window && !window.isDestroyed() ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return result.response === 1;
}
