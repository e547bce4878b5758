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

/** Asks until the attachment is downloaded or has failed for good. */
async function settled(handle: TestService, mediaId: number): Promise<Awaited<ReturnType<TestService['call']>> & { state: string }> {
  for (let i = 0; i < 2000; i++) {
    const info = await handle.call('media:get', { mediaId });
    if (info.url !== null || info.state === 'failed') return info;
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
