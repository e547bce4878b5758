import { describe, expect, it } from 'vitest';
import { createSettingsStore, parseSettingsLeniently } from '../../electron/main/settingsStore';
import { AppError } from '../../shared/errors';
import { Settings, SettingsPatch, defaultSettings } from '../../shared/settings';

function memoryBacking(initial: unknown) {
  const backing = { stored: initial, read: () => backing.stored, write: (value: unknown) => void (backing.stored = value) };
  return backing;
}

describe('the settings schema', () => {
  it('fills every setting with its default', () => {
    expect(Settings.parse({})).toEqual({
      syncIntervalSeconds: 30,
      reconcileIntervalMinutes: 10,
      notifications: true,
      notificationPreview: true,
      doNotDisturb: false,
      theme: 'system',
      startAtLogin: false,
      closeToTray: true,
      mediaCacheMb: 2048,
    });
  });

  it.each([
    { syncIntervalSeconds: 1 },
    { syncIntervalSeconds: 30.5 },
    { syncIntervalSeconds: '30' },
    { theme: 'purple' },
    { notifications: 'yes' },
    { mediaCacheMb: -1 },
    { reconcileIntervalMinutes: 0 },
  ])('rejects %j', (patch) => {
    expect(SettingsPatch.safeParse(patch).success).toBe(false);
  });

  it('reads a file from an older version that lacks newer settings', () => {
    expect(Settings.parse({ syncIntervalSeconds: 60, notifications: false })).toEqual({
      ...defaultSettings,
      syncIntervalSeconds: 60,
      notifications: false,
    });
  });

  it('ignores settings it no longer knows', () => {
    expect(Settings.parse({ retiredSetting: 1 })).toEqual(defaultSettings);
  });
});

describe('the settings store', () => {
  it('starts from the defaults when there is no file', () => {
    expect(createSettingsStore(memoryBacking(undefined)).get()).toEqual(defaultSettings);
  });

  it('keeps the good fields of a damaged file and defaults the rest', () => {
    const store = createSettingsStore(memoryBacking({ syncIntervalSeconds: 'soon', theme: 'dark', doNotDisturb: 3 }));
    expect(store.get()).toEqual({ ...defaultSettings, theme: 'dark' });
  });

  it('reads a file that is not an object at all as the defaults', () => {
    expect(parseSettingsLeniently('garbage')).toEqual(defaultSettings);
    expect(parseSettingsLeniently(null)).toEqual(defaultSettings);
  });

  it('writes a change and returns the whole settings', () => {
    const backing = memoryBacking({});
    const store = createSettingsStore(backing);
    expect(store.set({ doNotDisturb: true })).toEqual({ ...defaultSettings, doNotDisturb: true });
    expect(backing.stored).toEqual({ ...defaultSettings, doNotDisturb: true });
  });

  it('refuses a bad value with VALIDATION and keeps what it had', () => {
    const backing = memoryBacking({});
    const store = createSettingsStore(backing);
    expect(() => store.set({ theme: 'purple' } as never)).toThrow(AppError);
    expect(store.get()).toEqual(defaultSettings);
  });

  it('tells listeners what changed from what', () => {
    const store = createSettingsStore(memoryBacking({}));
    const seen: Array<[boolean, boolean]> = [];
    const stop = store.onChange((next, previous) => seen.push([previous.startAtLogin, next.startAtLogin]));
    store.set({ startAtLogin: true });
    stop();
    store.set({ startAtLogin: false });
    expect(seen).toEqual([[false, true]]);
  });
});
