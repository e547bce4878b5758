import { z } from 'zod';

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** User settings; every field has a default so a missing or older settings file still parses. */
export const Settings = z.object({
  /** Head sync interval. */
  syncIntervalSeconds: z.number().int().min(10).max(3600).default(30),
  /** Full reconciliation interval (read state and deletions made elsewhere). */
  reconcileIntervalMinutes: z.number().int().min(1).max(1440).default(10),
  notifications: z.boolean().default(true),
  /** Show the text in notifications, or only who it is from. */
  notificationPreview: z.boolean().default(true),
  doNotDisturb: z.boolean().default(false),
  theme: Theme.default('system'),
  startAtLogin: z.boolean().default(false),
  closeToTray: z.boolean().default(true),
  /** Cap on the media cache on disk, in megabytes. */
  mediaCacheMb: z.number().int().min(50).max(100_000).default(2048),
  /**
   * No single attachment is downloaded past this, whatever size the provider declares; unset
   * means DEFAULT_MEDIA_MAX_FILE_MB (optional so settings files and fixtures without it parse).
   */
  mediaMaxFileMb: z.number().int().min(1).max(4096).optional(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_MEDIA_MAX_FILE_MB = 100;

export const SettingsPatch = Settings.partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const defaultSettings: Settings = Settings.parse({});
