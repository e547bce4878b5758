import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Media } from '../../shared/model';
import { startWebHost, type WebHost } from '../../electron/web/host';
import { memorySecrets } from '../support/demoService';
import { scratchDir } from '../support/fixtures';
import { PNG_BYTES, startHostileServer, type HostileServer } from '../support/hostileServer';

/** The browser host, as the page reaches it (HTTP with the token), against the hostile provider. */
let host: WebHost;
let server: HostileServer;
let scratch: ReturnType<typeof scratchDir>;

async function api<T>(channel: string, input?: unknown): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }> {
  const response = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-textdesk-token': host.token },
    body: JSON.stringify({ input }),
  });
  return (await response.json()) as { ok: boolean; value?: T };
}

async function attachments(): Promise<Media[]> {
  const list = await api<{ conversations: { id: number }[] }>('conversations:list', { limit: 50 });
  const media: Media[] = [];
  for (const c of list.value!.conversations) {
    const page = await api<{ messages: { media: Media[] }[] }>('thread:page', { conversationId: c.id, limit: 100 });
    media.push(...page.value!.messages.flatMap((m) => m.media));
  }
  return media.sort((a, b) => a.messageId - b.messageId);
}

async function settledAll(): Promise<Media[]> {
  for (let i = 0; i < 3000; i++) {
    const media = await attachments();
    if (media.every((m) => m.state !== 'pending')) return media;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('downloads never settled');
}

beforeAll(async () => {
  scratch = scratchDir('textdesk-hostile-web-');
  server = await startHostileServer({
    texts: [
      { id: 'a', remote: '+15551110000', text: 'name', media: [{ contentType: 'image/png', size: PNG_BYTES.length, filename: '../../../.profile', url: '/media/honest/a' }], at: 1 },
      { id: 'b', remote: '+15551110000', text: 'html', media: [{ contentType: 'image/png', size: 90, filename: 'pic.png', url: '/media/html/b' }], at: 2 },
      { id: 'c', remote: '+15551110000', text: 'lies', media: [{ contentType: 'image/png', size: 68, url: '/media/lying-size/c' }], at: 3 },
      { id: 'd', remote: '+15551110000', text: 'endless', media: [{ contentType: 'video/mp4', size: 0, url: '/media/endless/d' }], at: 4 },
    ],
  });
  server.lyingBytes = 64 * 1024 * 1024;
  host = await startWebHost({
    dataDir: scratch.dir,
    demo: false,
    schedule: false,
    secrets: memorySecrets(),
    assets: async () => new Map([['/index.html', { contentType: 'text/html', body: Buffer.from('<html><head></head><body></body></html>') }]]),
  });
  await api('settings:set', { mediaMaxFileMb: 4 });
  const added = await api('accounts:add', { provider: 'inkbox', credentials: { apiKey: server.apiKey }, baseUrl: server.baseUrl });
  expect(added.ok).toBe(true);
  await host.service.syncNow('user');
}, 60_000);

afterAll(async () => {
  await host?.close();
  await server?.close();
  scratch?.cleanup();
});

describe('the browser host against a hostile provider', () => {
  it('saves a traversal name inside its downloads folder only', async () => {
    const [named] = await settledAll();
    const saved = await api<{ saved: boolean; path: string }>('media:save', { mediaId: named!.id });
    expect(saved.value!.path).toBe(join(scratch.dir, 'downloads', 'profile'));
    expect(readdirSync(join(scratch.dir, 'downloads'))).toEqual(['profile']);
  });

  it('serves bytes that are not what they claim as inert: nosniff and a sandboxing CSP', async () => {
    const media = await settledAll();
    const html = media.find((m) => m.filename === 'pic.png')!;
    const info = await api<{ url: string }>('media:get', { mediaId: html.id });
    const response = await fetch(`${host.origin}${info.value!.url}`);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/sandbox/);
  });

  it('fails bodies past their declared size or the cap, and keeps answering', async () => {
    const media = await settledAll();
    expect(media.filter((m) => m.state === 'failed').map((m) => m.contentType).sort()).toEqual(['image/png', 'video/mp4']);
    expect(server.mediaBytesSent.get('/media/lying-size/c')!).toBeLessThan(16 * 1024 * 1024);
    expect(server.mediaBytesSent.get('/media/endless/d')!).toBeLessThan(16 * 1024 * 1024);
    expect((await api('app:info')).ok).toBe(true);
  });
});
