import { beforeEach, describe, expect, it, vi } from 'vitest';

type MenuItem = { label?: string; type?: string; checked?: boolean; enabled?: boolean; click?: (item: { checked: boolean }) => void };

const electron = vi.hoisted(() => ({
  images: [] as string[],
  badge: [] as number[],
  tooltip: '',
  menu: [] as MenuItem[],
}));
vi.mock('electron', () => ({
  app: { setBadgeCount: (count: number) => (electron.badge.push(count), true) },
  nativeImage: { createFromPath: (path: string) => ({ path }) },
  Menu: { buildFromTemplate: (items: MenuItem[]) => items },
  Tray: class {
    on() {}
    setImage(image: { path: string }) {
      electron.images.push(image.path);
    }
    setToolTip(text: string) {
      electron.tooltip = text;
    }
    setTitle() {}
    setContextMenu(menu: MenuItem[]) {
      electron.menu = menu;
    }
    destroy() {}
  },
}));

const { UnreadTray, unhealthyLines } = await import('../../electron/main/tray');

const actions = { open: vi.fn(), syncNow: vi.fn(), setDoNotDisturb: vi.fn(), quit: vi.fn() };
let tray: InstanceType<typeof UnreadTray>;

beforeEach(() => {
  electron.images.length = 0;
  electron.badge.length = 0;
  Object.values(actions).forEach((action) => action.mockClear());
  tray = new UnreadTray('/res', actions, () => null, false);
});

const item = (label: string) => electron.menu.find((entry) => entry.label === label);

describe('the tray', () => {
  it('draws the unread count on the icon and badges the app', () => {
    tray.setUnread(3);
    expect(electron.images.at(-1)).toBe('/res/tray/tray-3.png');
    expect(electron.badge.at(-1)).toBe(3);
    expect(electron.tooltip).toBe('Textdesk: 3 unread');
  });

  it('shows 9+ past nine and the plain icon at zero', () => {
    tray.setUnread(42);
    expect(electron.images.at(-1)).toBe('/res/tray/tray-9plus.png');
    tray.setUnread(0);
    expect(electron.images.at(-1)).toBe('/res/tray/tray.png');
    expect(electron.badge.at(-1)).toBe(0);
  });

  it('offers Open, Sync now, Do not disturb and Quit', () => {
    expect(electron.menu.filter((entry) => entry.label).map((entry) => entry.label)).toEqual([
      'Open Textdesk',
      'Sync now',
      'Do not disturb',
      'Quit Textdesk',
    ]);
    item('Open Textdesk')?.click?.({ checked: false });
    item('Sync now')?.click?.({ checked: false });
    item('Do not disturb')?.click?.({ checked: true });
    item('Quit Textdesk')?.click?.({ checked: false });
    expect(actions.open).toHaveBeenCalledOnce();
    expect(actions.syncNow).toHaveBeenCalledOnce();
    expect(actions.setDoNotDisturb).toHaveBeenCalledWith(true);
    expect(actions.quit).toHaveBeenCalledOnce();
  });

  it('ticks Do not disturb when it is turned on elsewhere', () => {
    tray.setDoNotDisturb(true);
    expect(item('Do not disturb')?.checked).toBe(true);
  });
});

describe('the tray icons', () => {
  it('exist as real PNGs for every count the tray can show, at 1x and 2x', async () => {
    const { readFileSync } = await import('node:fs');
    const resources = new URL('../../resources/', import.meta.url);
    const names = ['tray', ...Array.from({ length: 9 }, (_, i) => `tray-${i + 1}`), 'tray-9plus'];
    for (const name of names) {
      for (const suffix of ['', '@2x']) {
        const bytes = readFileSync(new URL(`tray/${name}${suffix}.png`, resources));
        expect(bytes.subarray(1, 4).toString('ascii'), name).toBe('PNG');
      }
    }
    expect(readFileSync(new URL('icon.png', resources)).readUInt32BE(16)).toBe(512);
  });

  it('names a degraded or offline line in its status text and menu, and drops it once healthy', () => {
    tray.setUnread(2);
    tray.setLineHealth([{ phoneNumber: '+14155550100', health: 'degraded' }]);
    expect(electron.tooltip).toBe('Textdesk: 2 unread · line +14155550100 degraded');
    expect(item('Line +14155550100 degraded')).toMatchObject({ enabled: false });
    tray.setLineHealth([
      { phoneNumber: '+14155550100', health: 'degraded' },
      { phoneNumber: '+16285550101', health: 'offline' },
    ]);
    expect(electron.tooltip).toBe('Textdesk: 2 unread · lines +14155550100 degraded, +16285550101 offline');
    tray.setLineHealth([]);
    expect(electron.tooltip).toBe('Textdesk: 2 unread');
    expect(item('Line +14155550100 degraded')).toBeUndefined();
  });

  it('takes only active lines reported degraded or offline from the numbers', () => {
    const base = { accountId: 1, provider: 'sendblue' as const, label: null, unreadCount: 0, lastSyncedAt: null };
    expect(
      unhealthyLines([
        { ...base, id: 1, providerId: 'a', phoneNumber: '+1', status: 'active', health: 'online' },
        { ...base, id: 2, providerId: 'b', phoneNumber: '+2', status: 'active', health: 'degraded' },
        { ...base, id: 3, providerId: 'c', phoneNumber: '+3', status: 'unavailable', health: 'offline' },
        { ...base, id: 4, providerId: 'd', phoneNumber: '+4', status: 'active', health: 'offline' },
        { ...base, id: 5, providerId: 'e', phoneNumber: '+5', status: 'active' },
      ]),
    ).toEqual([
      { phoneNumber: '+2', health: 'degraded' },
      { phoneNumber: '+4', health: 'offline' },
    ]);
  });
});
