import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Textdesk';

/**
 * The folder Electron's app.getPath('userData') gives an app named Textdesk, so the CLI and the
 * browser host open the same cache as the desktop app by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.TEXTDESK_DATA_DIR) return env.TEXTDESK_DATA_DIR;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}
