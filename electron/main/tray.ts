import { app, Menu, nativeImage, Tray, type BrowserWindow, type NativeImage } from 'electron';
import { join } from 'node:path';
import type { PhoneNumber } from '../../shared/model';

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
  /** Lines whose provider reports them degraded or offline, as "+14155550100 degraded". */
  private lineWarnings: string[] = [];

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

  /**
   * The lines a provider reports degraded or offline: the status text names them, so a user
   * who wonders why nothing arrives sees it from the tray.
   */
  setLineHealth(lines: readonly { phoneNumber: string; health: 'degraded' | 'offline' }[]): void {
    const next = lines.map((line) => `${line.phoneNumber} ${line.health}`);
    if (next.join('\n') === this.lineWarnings.join('\n')) return;
    this.lineWarnings = next;
    this.render();
  }

  /** The tooltip: the unread count, then any line in trouble. */
  statusText(): string {
    const base = this.unread > 0 ? `Textdesk: ${this.unread} unread` : 'Textdesk';
    if (this.lineWarnings.length === 0) return base;
    const lines = this.lineWarnings.length === 1 ? `line ${this.lineWarnings[0]}` : `lines ${this.lineWarnings.join(', ')}`;
    return `${base} · ${lines}`;
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
    this.tray.setToolTip(this.statusText());
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
        ...this.lineWarnings.map((warning) => ({ label: `Line ${warning}`, enabled: false })),
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

/** The active lines a provider reports degraded or offline, for the tray's status. */
export function unhealthyLines(numbers: readonly PhoneNumber[]): { phoneNumber: string; health: 'degraded' | 'offline' }[] {
  return numbers.flatMap((n) =>
    n.status === 'active' && (n.health === 'degraded' || n.health === 'offline') ? [{ phoneNumber: n.phoneNumber, health: n.health }] : [],
  );
}
