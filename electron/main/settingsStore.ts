import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { Settings, SettingsPatch, defaultSettings } from '../../shared/settings';
import type { Logger, SettingsStore } from '../core/hostInterfaces';

/**
 * Options for every electron-store file (settings, window, credentials): 0600 on each write, so
 * the plain-text key fallback and the rest are readable by the user only.
 */
export const privateStoreFile = { configFileMode: 0o600 } as const;

/** Where settings persist: electron-store in the app, a plain object in tests. */
export interface SettingsBacking {
  read(): unknown;
  write(settings: Settings): void;
}

export type SettingsListener = (next: Settings, previous: Settings) => void;

export interface ObservableSettingsStore extends SettingsStore {
  onChange(listener: SettingsListener): () => void;
}

/**
 * The SettingsStore the service uses, validated by the contract's zod schema. A file written by
 * an older version, or edited by hand, still loads: each field that does not parse falls back
 * to its default instead of the whole file being thrown away.
 */
export function createSettingsStore(backing: SettingsBacking, logger?: Logger): ObservableSettingsStore {
  let current = parseSettingsLeniently(backing.read(), logger);
  const listeners = new Set<SettingsListener>();
  return {
    get: () => current,
    set(patch) {
      const parsed = SettingsPatch.safeParse(patch);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError('VALIDATION', `Invalid setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'not accepted'}.`);
      }
      const previous = current;
      const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
      current = Settings.parse({ ...current, ...defined });
      backing.write(current);
      for (const listener of listeners) listener(current, previous);
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function parseSettingsLeniently(raw: unknown, logger?: Logger): Settings {
  const whole = Settings.safeParse(raw ?? {});
  if (whole.success) return whole.data;
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const fields: Record<string, unknown> = {};
  const shape = Settings.shape as Record<string, z.ZodType>;
  for (const [key, schema] of Object.entries(shape)) {
    const field = schema.safeParse(source[key]);
    if (field.success) fields[key] = field.data;
    else logger?.warn('a setting did not parse; using its default', { setting: key });
  }
  return { ...defaultSettings, ...Settings.parse(fields) };
}
