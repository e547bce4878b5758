import type { Logger, SecretStore } from '../hostInterfaces';
import { secretStoreOver } from './scoped';

/** The part of keytar Textdesk uses; keytar is optional, so its types are not imported. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeytarStoreOptions {
  /** The keychain service name entries are filed under. */
  service?: string;
  /** How keytar is loaded; tests and hosts without the native module pass their own. */
  load?: () => Promise<unknown>;
  /** A locked or absent Secret Service can leave keytar's calls pending; give up after this. */
  probeTimeoutMs?: number;
  logger?: Logger;
}

export const defaultKeychainService = 'Textdesk';

/**
 * The OS keychain through keytar, or null when keytar is not installed or the keychain does not
 * answer (no Secret Service on Linux, a locked keychain), so the host can fall back.
 */
export async function loadKeytarSecretStore(options: KeytarStoreOptions = {}): Promise<SecretStore | null> {
  const service = options.service ?? defaultKeychainService;
  const load = options.load ?? (() => import('keytar'));
  let keytar: KeytarLike;
  try {
    keytar = asKeytar(await load());
  } catch (error) {
    options.logger?.info('keytar is not available; using the fallback secret store', { reason: reasonOf(error) });
    return null;
  }
  try {
    // Listing our own service touches the keychain without creating anything in it.
    await withTimeout(keytar.findCredentials(service), options.probeTimeoutMs ?? 3_000);
  } catch (error) {
    options.logger?.info('the system keychain did not answer; using the fallback secret store', { reason: reasonOf(error) });
    return null;
  }
  return createKeytarSecretStore(keytar, service);
}

export function createKeytarSecretStore(keytar: KeytarLike, service = defaultKeychainService): SecretStore {
  return secretStoreOver('the system keychain', {
    get: (name) => keytar.getPassword(service, name),
    set: (name, secret) => keytar.setPassword(service, name, secret),
    delete: async (name) => void (await keytar.deletePassword(service, name)),
  });
}

/** keytar is CommonJS: a dynamic import puts its functions on `default` (and some on the namespace). */
function asKeytar(module: unknown): KeytarLike {
  const candidate = (module as { default?: unknown }).default ?? module;
  const keytar = candidate as Partial<KeytarLike>;
  for (const name of ['getPassword', 'setPassword', 'deletePassword', 'findCredentials'] as const) {
    if (typeof keytar[name] !== 'function') throw new Error(`keytar has no ${name}`);
  }
  return keytar as KeytarLike;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
