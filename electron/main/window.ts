import { BrowserWindow, screen } from 'electron';
import { restoreWindowState, type WindowState } from './windowState';

export interface WindowOptions {
  pageUrl: string;
  preloadPath: string;
  iconPath: string;
  savedState: unknown;
  saveState: (state: WindowState) => void;
  /** Consulted when the user closes the window: true hides it to the tray instead. */
  hideOnClose: () => boolean;
}

/** The one app window, locked down as the security model asks; it shows once painted. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const displays = screen.getAllDisplays().map((display) => display.workArea);
  const state = restoreWindowState(options.savedState, displays);
  const window = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Textdesk',
    icon: options.iconPath,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (window.isDestroyed() || window.isMinimized()) return;
    const maximized = window.isMaximized();
    // Maximised windows report the screen's size; keep the size to return to instead.
    const bounds = maximized ? window.getNormalBounds() : window.getBounds();
    options.saveState({ ...bounds, maximized });
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('close', (event) => {
    clearTimeout(saveTimer);
    save();
    if (options.hideOnClose()) {
      event.preventDefault();
      window.hide();
    }
  });

  void window.loadURL(options.pageUrl);
  return window;
}

export function showWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
