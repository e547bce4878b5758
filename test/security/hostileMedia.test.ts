import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Media } from '../../shared/model';
import { startTestService, type TestService } from '../support/demoService';
import { memorySettings } from '../support/serviceHost';
import { PNG_BYTES, startHostileServer, type HostileMedia, type HostileServer } from '../support/hostileServer';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A service with one account on the hostile server, synced once, holding one text per attachment. */
async function syncedAgainst(media: HostileMedia[], settings = memorySettings()): Promise<{ handle: TestService; server: HostileServer }> {
  const server = await startHostileServer({
    texts: media.map((m, i) => ({ id: `text-${i}`, remote: '+15551110000', text: `file ${i}`, media: [m], at: i })),
  });
  cleanups.push(() => server.close());
  const handle = await startTestService({ settings });
  cleanups.push(() => handle.close());
  await handle.call('accounts:add', { provider: 'inkbox', credentials: { apiKey: server.apiKey }, baseUrl: server.baseUrl });
  await handle.service.syncNow('user');
  return { handle, server };
}

async function attachments(handle: TestService): Promise<Media[]> {
  const { conversations } = await handle.call('conversations:list', { limit: 50 });
  const all: Media[] = [];
  for (const c of conversations) {
    const { messages } = await handle.call('thread:page', { conversationId: c.id, limit: 100 });
    all.push(...messages.flatMap((m) => m.media));
  }
  return all.sort((a, b) => a.messageId - b.messageId);
}

/**
 * Waits until the download the sync started has settled, reading the state from the thread (a
 * media:get would queue a failed download again, as a user's click does).
 */
async function settled(handle: TestService, mediaId: number): Promise<{ state: string; url: string | null; hash: string | null }> {
  for (let i = 0; i < 3000; i++) {
    const media = (await attachments(handle)).find((m) => m.id === mediaId)!;
    if (media.state !== 'pending') {
      const info = media.state === 'cached' ? await handle.call('media:get', { mediaId }) : null;
      return { state: media.state, url: info?.url ?? null, hash: media.hash };
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`attachment ${mediaId} never settled`);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

const traversalNames = ['../../.bashrc', '..\\..\\evil.bat', '/etc/cron.d/job', 'CON.txt', 'a\u0000b\nc\u202egnp.exe', '...', 'x'.repeat(400) + '.png'];

describe('attachment names from a hostile provider', () => {
  it('stores only a clean base name for each name the provider sent', async () => {
    const { handle } = await syncedAgainst(
      traversalNames.map((filename, i) => ({ contentType: 'image/png', size: PNG_BYTES.length, filename, url: `/media/honest/${i}` })),
    );
    const names = (await attachments(handle)).map((m) => m.filename);
    expect(names).toHaveLength(traversalNames.length);
    for (const name of names) {
      if (name === null) continue;
      // eslint-disable-next-line no-control-regex
      expect(name).not.toMatch(/[/\\\u0000-\u001f\u202e]/);
      expect(name.startsWith('.')).toBe(false);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
      expect(name).not.toMatch(/^con(\.|$)/i);
    }
    expect(names).toEqual(['.bashrc'.slice(1), 'evil.bat', 'job', '_CON.txt', 'abcgnp.exe', null, expect.stringMatching(/^x+\.png$/)]);
  });

  it('saves every attachment inside the downloads folder, never over another file', async () => {
    const { handle } = await syncedAgainst(
      traversalNames.map((filename, i) => ({ contentType: 'image/png', size: PNG_BYTES.length, filename, url: `/media/honest/${i}` })),
    );
    // Where "../../.bashrc" from the downloads folder lands: it must be left as it was.
    const outside = join(dirname(handle.dataDir), '.bashrc');
    const before = existsSync(outside) ? readFileSync(outside) : null;
    const downloads = join(handle.dataDir, 'downloads');
    const saved: string[] = [];
    for (const media of await attachments(handle)) {
      await settled(handle, media.id);
      for (let copy = 0; copy < 2; copy++) {
        const result = await handle.call('media:save', { mediaId: media.id });
        expect(result.saved).toBe(true);
        saved.push(result.path!);
      }
    }
    expect(existsSync(outside) ? readFileSync(outside) : null).toEqual(before);
    for (const path of saved) {
      expect(relative(downloads, path).startsWith('..')).toBe(false);
      expect(dirname(path)).toBe(downloads);
      expect(readFileSync(path).equals(PNG_BYTES)).toBe(true);
    }
    expect(new Set(saved).size).toBe(saved.length);
    expect(filesUnder(downloads)).toHaveLength(saved.length);
    expect(saved.map((p) => basename(p))).toContain('bashrc (1)');
  });

  it('adds " (1)" rather than overwrite a file already in the downloads folder', async () => {
    const { handle } = await syncedAgainst([{ contentType: 'image/png', size: PNG_BYTES.length, filename: 'photo.png', url: '/media/honest/p' }]);
    const [media] = await attachments(handle);
    await settled(handle, media!.id);
    const first = await handle.call('media:save', { mediaId: media!.id });
    const second = await handle.call('media:save', { mediaId: media!.id });
    expect(basename(first.path!)).toBe('photo.png');
    expect(basename(second.path!)).toBe('photo (1).png');
    expect(statSync(first.path!).size).toBe(PNG_BYTES.length);
  });
});

describe('downloads from a hostile provider are bounded', () => {
  it('stops a body far past its declared size and keeps nothing of it', async () => {
    const { handle, server } = await syncedAgainst([{ contentType: 'image/png', size: 68, url: '/media/lying-size/a' }]);
    server.lyingBytes = 64 * 1024 * 1024;
    const [media] = await attachments(handle);
    const info = await settled(handle, media!.id);
    expect(info.state).toBe('failed');
    expect(info.url).toBeNull();
    // The client hung up long before the server could send it all.
    expect(server.mediaBytesSent.get('/media/lying-size/a')!).toBeLessThan(16 * 1024 * 1024);
    expect(filesUnder(join(handle.dataDir, 'media'))).toEqual([]);
  });

  it('refuses a declared Content-Length over the limit before reading it', async () => {
    const { handle, server } = await syncedAgainst([{ contentType: 'image/png', size: 100, url: '/media/lying-length/b' }]);
    const [media] = await attachments(handle);
    expect((await settled(handle, media!.id)).state).toBe('failed');
    expect(server.mediaBytesSent.get('/media/lying-length/b') ?? 0).toBeLessThan(16 * 1024 * 1024);
  });

  it('stops an endless body of unknown size at the absolute cap from the settings', async () => {
    const { handle, server } = await syncedAgainst([{ contentType: 'image/png', size: 0, url: '/media/endless/c' }], memorySettings({ mediaMaxFileMb: 2 }));
    const [media] = await attachments(handle);
    const info = await settled(handle, media!.id);
    expect(info.state).toBe('failed');
    expect(server.mediaBytesSent.get('/media/endless/c')!).toBeLessThan(16 * 1024 * 1024);
    expect(filesUnder(join(handle.dataDir, 'media'))).toEqual([]);
  });

  it('fetches media only over http(s), redirects included', async () => {
    const { handle, server } = await syncedAgainst([
      { contentType: 'image/png', size: PNG_BYTES.length, url: 'file:///etc/passwd' },
      { contentType: 'image/png', size: PNG_BYTES.length, url: '/media/redirect-file/d' },
      { contentType: 'image/png', size: PNG_BYTES.length, url: '/media/redirect-other-host/e' },
    ]);
    const [file, toFile, toOtherHost] = await attachments(handle);
    expect((await settled(handle, file!.id)).state).toBe('failed');
    expect((await settled(handle, toFile!.id)).state).toBe('failed');
    // A presigned URL may hand over to a CDN: media carry no key, so another http(s) host is fine.
    const other = await settled(handle, toOtherHost!.id);
    expect(other.state).toBe('cached');
    expect(server.otherRequests.every((r) => r.apiKey === null)).toBe(true);
  });

  it('keeps the declared type of a file whose bytes are HTML, and serves it as inert', async () => {
    const { handle } = await syncedAgainst([{ contentType: 'image/png', size: 90, url: '/media/html/f' }]);
    const [media] = await attachments(handle);
    const info = await settled(handle, media!.id);
    expect(info.state).toBe('cached');
    expect(handle.service.mediaFile(info.hash!)!.contentType).toBe('image/png');
  });
});

describe('API answers from a hostile provider are bounded', () => {
  async function account(server: HostileServer) {
    const handle = await startTestService();
    cleanups.push(() => handle.close());
    return handle.callError('accounts:add', { provider: 'inkbox', credentials: { apiKey: server.apiKey }, baseUrl: server.baseUrl });
  }

  it('gives up on an answer that never ends, with a clear error', async () => {
    const server = await startHostileServer();
    cleanups.push(() => server.close());
    server.api = 'endless-body';
    const error = await account(server);
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/too large/i);
  });

  it('follows no redirect to another host, so the key stays with its server', async () => {
    const server = await startHostileServer();
    cleanups.push(() => server.close());
    server.api = 'redirect-other-host';
    const error = await account(server);
    expect(error.code).toBe('NETWORK');
    expect(server.otherRequests).toEqual([]);
  });

  it('refuses an HTML page served as JSON', async () => {
    const server = await startHostileServer();
    cleanups.push(() => server.close());
    server.api = 'html';
    const error = await account(server);
    expect(error.message).toMatch(/not valid JSON/);
  });
});
