import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../electron/core/hostInterfaces';

const electron = vi.hoisted(() => ({ opened: [] as string[] }));
vi.mock('electron', () => ({
  shell: { openExternal: async (url: string) => void electron.opened.push(url) },
}));

const { hardenWebContents, allowOnlyUsedPermissions } = await import('../../electron/main/security');

const pageUrl = 'textdesk://app/index.html';

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

function navigate(contents: FakeContents, event: string, url: string): boolean {
  let prevented = false;
  contents.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

let contents: FakeContents;
beforeEach(() => {
  electron.opened.length = 0;
  contents = new FakeContents();
  hardenWebContents(contents as never, pageUrl, silentLogger);
});

describe('web contents hardening', () => {
  it('lets the app page reload itself', () => {
    expect(navigate(contents, 'will-navigate', 'textdesk://app/index.html')).toBe(false);
  });

  it('keeps the window on the app and sends an http(s) link to the browser', async () => {
    expect(navigate(contents, 'will-navigate', 'https://example.com/')).toBe(true);
    await Promise.resolve();
    expect(electron.opened).toEqual(['https://example.com/']);
  });

  it('drops navigation to anything else', async () => {
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    await Promise.resolve();
    expect(electron.opened).toEqual([]);
  });

  it('blocks redirects away from the app', () => {
    expect(navigate(contents, 'will-redirect', 'https://example.com/')).toBe(true);
  });

  it('never attaches a webview', () => {
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('denies every new window, opening only http(s) links outside', async () => {
    expect(contents.openHandler?.({ url: 'https://inkbox.ai/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'textdesk://app/index.html' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(electron.opened).toEqual(['https://inkbox.ai/']);
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
      on: () => {},
    };
    allowOnlyUsedPermissions(session as never, pageUrl);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      handlers.request?.({}, permission, (granted: boolean) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(handlers.check?.({}, 'media')).toBe(false);
    expect(handlers.device?.({})).toBe(false);
  });

  function sessionHandlers() {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
      on: () => {},
    };
    allowOnlyUsedPermissions(session as never, pageUrl);
    return handlers;
  }

  it('lets the app page write the clipboard, which "Copy text" needs', () => {
    const handlers = sessionHandlers();
    expect(handlers.check?.({}, 'clipboard-sanitized-write', 'textdesk://app', { requestingUrl: 'textdesk://app/index.html' })).toBe(true);
    expect(handlers.check?.({}, 'clipboard-sanitized-write', 'textdesk://app', {})).toBe(true);
    const answers: boolean[] = [];
    handlers.request?.({}, 'clipboard-sanitized-write', (granted: boolean) => answers.push(granted), { requestingUrl: 'textdesk://app/index.html' });
    expect(answers).toEqual([true]);
  });

  it('gives the clipboard to no other origin, and nothing else to the app page', () => {
    const handlers = sessionHandlers();
    expect(handlers.check?.({}, 'clipboard-sanitized-write', 'https://evil.example', { requestingUrl: 'https://evil.example/' })).toBe(false);
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'fullscreen', 'openExternal']) {
      expect(handlers.check?.({}, permission, 'textdesk://app', { requestingUrl: 'textdesk://app/index.html' })).toBe(false);
    }
    const answers: boolean[] = [];
    handlers.request?.({}, 'clipboard-sanitized-write', (granted: boolean) => answers.push(granted), { requestingUrl: 'https://evil.example/' });
    handlers.request?.({}, 'clipboard-sanitized-write', (granted: boolean) => answers.push(granted), undefined);
    expect(answers).toEqual([false, false]);
  });
});
