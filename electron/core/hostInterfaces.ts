import type { Settings, SettingsPatch } from '../../shared/settings';

/**
 * What a host (Electron, the browser host, the CLI) gives the core service. The core never
 * touches Electron; each host supplies these from what it has.
 */

/** Where API keys live: the OS keychain, safeStorage, or (CLI) the environment. Never SQLite. */
export interface SecretStore {
  get(accountId: number): Promise<string | null>;
  set(accountId: number, secret: string): Promise<void>;
  delete(accountId: number): Promise<void>;
  /** A short description for the UI, e.g. "the system keychain". */
  readonly description: string;
  /**
   * The same store with entries namespaced to one installation (a cache), for stores shared by
   * several installations (the OS keychain, a settings file). Stores that live and die with one
   * process (memory, the environment) have none and are used as they are.
   */
  withScope?(scope: SecretScope): SecretStore;
}

/** Which installation's entries a secret store reads and writes (from the cache, 0070). */
export interface SecretScope {
  installationId: string;
  /** Accounts up to this id predate namespacing: their key may sit under the old entry name. */
  legacyAccountIdMax: number;
}

export interface SettingsStore {
  get(): Settings;
  set(patch: SettingsPatch): Settings;
}

export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
