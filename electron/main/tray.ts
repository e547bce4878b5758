import { app, Menu, nativeImage, Tray, type BrowserWindow, type NativeImage } from 'electron';
import { join } from 'node:path';

export interface TrayActions {
  open(): void;
  syncNow(): void;
  setDoNotDisturb(on: boolean): void;
  quit(): void;
}

/**
 * The tray icon with the unread total drawn on it (pre-rendered icons in resources/tray, since
 * Electron has no canvas in main), the title beside it on macOS, the dock/launcher badge where
 * there is one, and the Open / Sync now / Do not disturb / Quit menu.
 */
export class UnreadTray {
  private readonly tray: Tray;
  private unread = 0;
  private doNotDisturb: boolean;

  constructor(
    private readonly resourcesDir: string,
    private readonly actions: TrayActions,
    private readonly window: () => BrowserWindow | null,
    doNotDisturb: boolean,
  ) {
    this.doNotDisturb = doNotDisturb;
    this.tray = new Tray(this.icon(0));
    this.tray.on('click', () => actions.open());
    this.render();
  }

  setUnread(count: number): void {
    if (count === this.unread) return;
    this.unread = count;
    this.render();
  }

  setDoNotDisturb(on: boolean): void {
    if (on === this.doNotDisturb) return;
    this.doNotDisturb = on;
    this.render();
  }

  destroy(): void {
    this.tray.destroy();
  }

  private render(): void {
    const count = this.unread;
    this.tray.setImage(this.icon(count));
    this.tray.setToolTip(count > 0 ? `Textdesk: ${count} unread` : 'Textdesk');
    if (process.platform === 'darwin') this.tray.setTitle(count > 0 ? String(count) : '');
    // Badges exist on macOS and on Linux launchers that speak Unity's protocol; elsewhere false.
    app.setBadgeCount(count);
    const window = this.window();
    if (process.platform === 'win32' && window && !window.isDestroyed()) {
      window.setOverlayIcon(count > 0 ? this.icon(count) : null, count > 0 ? `${count} unread` : '');
    }
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Textdesk', click: () => this.actions.open() },
        { label: 'Sync now', click: () => this.actions.syncNow() },
        {
          label: 'Do not disturb',
          type: 'checkbox',
          checked: this.doNotDisturb,
          click: (item) => this.actions.setDoNotDisturb(item.checked),
        },
        { type: 'separator' },
        { label: 'Quit Textdesk', click: () => this.actions.quit() },
      ]),
    );
  }

  private icon(count: number): NativeImage {
    const name = count <= 0 ? 'tray' : count > 9 ? 'tray-9plus' : `tray-${count}`;
    // createFromPath picks up the @2x file beside it on high-density screens.
    return nativeImage.createFromPath(join(this.resourcesDir, 'tray', `${name}.png`));
  }
}
