import { app, BrowserWindow, dialog, nativeTheme, protocol, session } from 'electron';
import Store from 'electron-store';
import { join } from 'node:path';
import { makePrivate } from '../core/privateFiles';
import { startEngineClient, type EngineClient } from '../worker/engineClient';
import type { Settings } from '../../shared/settings';
import { appPageUrl, appScheme } from './appOrigin';
import { contentSecurityPolicy } from './contentSecurity';
import { createDesktopSecretStore } from './credentials';
import { forwardEvents, registerIpc } from './ipc';
import { createFileLogger } from './logger';
import { createMediaHandler, mediaScheme, mediaUrl } from './mediaHandler';
import { createNotifier } from './notifications';
import { createRendererHandler } from './rendererHandler';
import { allowOnlyUsedPermissions, applyCspHeader, hardenWebContents } from './security';
import { createSettingsStore, privateStoreFile } from './settingsStore';
import { watchSyncTriggers } from './syncTriggers';
import { UnreadTray, unhealthyLines } from './tray';
import { createMainWindow, showWindow } from './window';

/**
 * The Electron host: a thin shell around the core service. Everything a user can do goes
 * through service.handlers, reached from the renderer only through ipc.ts.
 */

// Privileges must be granted before the app is ready. Both schemes are "standard" so they have
// real origins; media streams so large videos are not read into memory.
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: mediaScheme, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
]);

// A separate profile (end-to-end tests, a second test account) must be chosen before anything
// reads a path or takes the single-instance lock, which is per profile.
const profileDir = process.env['TEXTDESK_USER_DATA'];
if (profileDir) {
  app.setPath('userData', profileDir);
  app.setAppLogsPath(join(profileDir, 'logs'));
}

// electron-vite sets this when serving the renderer in development; a packaged app ignores it.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const pageUrl = appPageUrl(devServerUrl);
const resourcesDir = join(app.getAppPath(), 'resources');
const iconPath = join(resourcesDir, 'icon.png');
const logger = createFileLogger(join(app.getPath('logs'), 'main.log'), { echo: !app.isPackaged });

let mainWindow: BrowserWindow | null = null;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the first (see 'second-instance') and leaves.
  app.quit();
} else {
  app.on('second-instance', () => showWindow(mainWindow));
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, pageUrl, logger));
  app.whenReady().then(start, fail);
}

async function start(): Promise<void> {
  allowOnlyUsedPermissions(session.defaultSession, pageUrl);
  if (devServerUrl) applyCspHeader(session.defaultSession, contentSecurityPolicy('dev', devServerUrl));

  // The profile folder holds the cache, media, logs and (as a last resort) plain-text keys.
  makePrivate(app.getPath('userData'), 'dir');
  const settingsFile = new Store<Record<string, unknown>>({ name: 'settings', ...privateStoreFile });
  const settings = createSettingsStore({ read: () => settingsFile.store, write: (value) => (settingsFile.store = value) }, logger);
  const credentialsFile = new Store<Record<string, string>>({ name: 'credentials', ...privateStoreFile });
  const windowFile = new Store<Record<string, unknown>>({ name: 'window', ...privateStoreFile });

  const secrets = await createDesktopSecretStore({
    records: {
      get: (key) => credentialsFile.get(key),
      set: (key, value) => credentialsFile.set(key, value),
      delete: (key) => credentialsFile.delete(key),
    },
    window: () => mainWindow,
    logger,
  });

  // The engine (cache, sync, outbox, media bookkeeping) runs in a worker thread: this process
  // keeps windows, the tray, menus and IPC replies free of SQL and sync work.
  const service = await startEngineClient({
    dataDir: app.getPath('userData'),
    host: 'electron',
    version: app.getVersion(),
    platform: process.platform,
    secrets,
    settings,
    logger,
    mediaUrlTemplate: mediaUrl('{hash}'),
    chooseSavePath: async (suggestedName) => {
      const options = { defaultPath: join(app.getPath('downloads'), suggestedName) };
      const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    demo: { offerWhenEmpty: true },
    schedule: true,
  });

  protocol.handle(appScheme, createRendererHandler(join(import.meta.dirname, '../renderer'), contentSecurityPolicy('built')));
  protocol.handle(mediaScheme, createMediaHandler((hash) => service.mediaFile(hash)));

  const appContents = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null);
  registerIpc({ handlers: service.handlers, pageUrl, appContents, logger });
  forwardEvents(service, appContents);

  const openWindow = () =>
    createMainWindow({
      pageUrl,
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      iconPath,
      savedState: windowFile.get('bounds'),
      saveState: (state) => windowFile.set('bounds', state),
      hideOnClose: () => !quitting && settings.get().closeToTray,
    });
  mainWindow = openWindow();

  const openConversation = (conversationId: number | null, messageId: number | null) => {
    showWindow(mainWindow);
    if (conversationId !== null) appContents()?.send('notify:open', { conversationId, messageId });
  };

  const tray = new UnreadTray(
    resourcesDir,
    {
      open: () => showWindow(mainWindow),
      syncNow: () => void service.syncNow('user').catch((error: unknown) => logger.warn('sync failed', { error: String(error) })),
      setDoNotDisturb: (on) => settings.set({ doNotDisturb: on }),
      quit: () => app.quit(),
    },
    () => mainWindow,
    settings.get().doNotDisturb,
  );
  const refreshUnread = () =>
    void service
      .unreadCount()
      .then((count) => tray.setUnread(count))
      .catch((error: unknown) => logger.warn('the unread count could not be read', { error: String(error) }));
  service.onRestart((reason) => {
    logger.error('The engine was restarted', { reason });
    refreshUnread();
  });
  // data:changed names numbers after every applied page: read their health once per burst.
  let healthTimer: NodeJS.Timeout | null = null;
  const refreshLineHealth = () => {
    if (healthTimer) return;
    healthTimer = setTimeout(() => {
      healthTimer = null;
      service.handlers['numbers:list'](undefined).then(
        (numbers) => tray.setLineHealth(unhealthyLines(numbers)),
        (error: unknown) => logger.warn('Could not read the lines’ health', { error: String(error) }),
      );
    }, 250);
  };
  service.on('data:changed', (change) => {
    if (change.unread) refreshUnread();
    if (change.numberIds.length > 0) refreshLineHealth();
  });

  service.on(
    'inbound',
    createNotifier({
      settings,
      handlers: service.handlers,
      activeConversation: () => service.activeConversation(),
      windowFocused: () => mainWindow?.isFocused() ?? false,
      open: openConversation,
      iconPath,
      logger,
    }),
  );

  applySettings(settings.get());
  settings.onChange((next) => {
    service.settingsChanged(next);
    applySettings(next);
    tray.setDoNotDisturb(next.doNotDisturb);
  });

  let stopTriggers = watchSyncTriggers(service, mainWindow, logger);
  app.on('activate', () => {
    // macOS keeps the app running with no window; clicking the dock icon brings one back.
    if (mainWindow && !mainWindow.isDestroyed()) return showWindow(mainWindow);
    stopTriggers();
    mainWindow = openWindow();
    stopTriggers = watchSyncTriggers(service, mainWindow, logger);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  handleQuit(service, () => {
    stopTriggers();
    tray.destroy();
  });

  await service.start();
  refreshUnread();
  refreshLineHealth();
}

function applySettings(settings: Settings): void {
  nativeTheme.themeSource = settings.theme;
  // Login items are a macOS and Windows feature; Linux desktops use autostart files instead.
  if (process.platform === 'darwin' || process.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: settings.startAtLogin });
  }
}

/** Quitting waits for the service to finish its current write and close the database. */
function handleQuit(service: Pick<EngineClient, 'stop'>, cleanUp: () => void): void {
  let stopped = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    cleanUp();
    service
      .stop()
      .catch((error: unknown) => logger.error('the service did not stop cleanly', { error: String(error) }))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
}

function fail(error: unknown): void {
  logger.error('Textdesk could not start', { error: error instanceof Error ? error : String(error) });
  dialog.showErrorBox('Textdesk could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}
