import { defaultSettings, type Settings } from '../../shared/settings';
import type { Logger, SecretStore, SettingsStore } from '../../electron/core/hostInterfaces';
import { createService, type TextdeskService } from '../../electron/core/service';

/** A secret store holding one key for every account, as the CLI's environment does. */
export function fixedSecrets(apiKey: string): SecretStore {
  return { description: 'a test key', get: async () => apiKey, set: async () => {}, delete: async () => {} };
}

export function memorySettings(initial: Partial<Settings> = {}): SettingsStore {
  let settings: Settings = { ...defaultSettings, ...initial };
  return { get: () => settings, set: (patch) => (settings = { ...settings, ...patch }) };
}

/** The real core service on a data folder, with the host pieces a test can hold. */
export function startService(
  dataDir: string,
  apiKey: string,
  settings: SettingsStore = memorySettings(),
  logger: Logger = consoleErrors,
): Promise<TextdeskService> {
  return createService({
    logger,
    dataDir,
    host: 'cli',
    version: 'test',
    platform: process.platform,
    secrets: fixedSecrets(apiKey),
    settings,
    mediaUrl: (hash) => `media://${hash}`,
    schedule: false,
  });
}

/** Calls a channel the way a host does, throwing the error an envelope would carry. */
export async function call<C extends keyof TextdeskService['handlers']>(
  service: TextdeskService,
  channel: C,
  input: Parameters<TextdeskService['handlers'][C]>[0],
): Promise<Awaited<ReturnType<TextdeskService['handlers'][C]>>> {
  return (await (service.handlers[channel] as (value: unknown) => Promise<unknown>)(input)) as Awaited<
    ReturnType<TextdeskService['handlers'][C]>
  >;
}

/** Unexpected errors are printed, so a failing test shows why; the rest stays quiet. */
export const consoleErrors: Logger = {
  info() {},
  warn() {},
  error: (message, details) => console.error(message, details),
};
