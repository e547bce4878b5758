import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaInfo } from '../../shared/contract';
import type { Media } from '../../shared/model';
import { openDatabase } from '../../electron/core/cache';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { evictOverCap } from '../../electron/core/sync/media';
import { openMediaStore } from '../../electron/core/media/store';
import { startTestService, type TestService } from '../support/demoService';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function everyAttachment(handle: TestService): Promise<Media[]> {
  const { conversations } = await handle.call('conversations:list', { limit: 500 });
  const media: Media[] = [];
  for (const conversation of conversations) {
    const { messages } = await handle.call('thread:page', { conversationId: conversation.id, limit: 500 });
    media.push(...messages.flatMap((m) => m.media));
  }
  return media;
}

/** Asks for an attachment until the service has it downloaded (media:get also starts the download). */
async function downloaded(handle: TestService, mediaId: number): Promise<MediaInfo> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const info = await handle.call('media:get', { mediaId });
    if (info.url !== null) return info;
    if (info.state === 'failed' || Date.now() > deadline) throw new Error(`Attachment ${mediaId} was not downloaded: ${info.state}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Evicts every cached file, as the size cap would, through a second connection to the service's cache. */
function evictEverything(handle: TestService): number {
  const db = openDatabase(join(handle.dataDir, 'cache.db'));
  try {
    return evictOverCap(db, openMediaStore(join(handle.dataDir, 'media')), 0);
  } finally {
    db.close();
  }
}

async function syncedDemo(): Promise<TestService> {
  const handle = await startTestService({ demo: true });
  cleanups.push(() => handle.close());
  await handle.service.syncNow('user');
  return handle;
}

describe('media in the service', () => {
  it('downloads attachments soon after a sync, and media:get answers a URL for the content-addressed file', async () => {
    const handle = await syncedDemo();
    const media = await everyAttachment(handle);
    const png = media.find((m) => m.contentType === 'image/png');
    expect(png).toBeDefined();

    const info = await downloaded(handle, png!.id);

    expect(info.state).toBe('cached');
    expect(info.url).toBe(`media://${info.hash}`);
    const file = handle.service.mediaFile(info.hash!)!;
    expect(file.contentType).toBe('image/png');
    const bytes = readFileSync(file.path);
    expect(basename(file.path)).toBe(info.hash);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(info.hash);
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('media:get on an evicted attachment queues it again and it downloads again', async () => {
    const handle = await syncedDemo();
    const attachment = (await everyAttachment(handle))[0]!;
    const first = await downloaded(handle, attachment.id);
    for (const media of await everyAttachment(handle)) await downloaded(handle, media.id);
    expect(evictEverything(handle)).toBeGreaterThan(0);
    expect(handle.service.mediaFile(first.hash!)).toBeNull();

    const asked = await handle.call('media:get', { mediaId: attachment.id });
    expect(asked).toMatchObject({ state: 'pending', url: null, hash: null });

    const again = await downloaded(handle, attachment.id);
    expect(again.hash).toBe(first.hash);
    expect(handle.service.mediaFile(again.hash!)).not.toBeNull();
  });

  it('renews an expired media URL by fetching the text again when an evicted attachment is opened later', async () => {
    const clock = { offset: 0 };
    const server: DemoServer = await startDemoServer({ size: 'tiny', mediaTtlSeconds: 60, now: () => Date.now() + clock.offset });
    cleanups.push(() => server.close());
    const handle = await startTestService();
    cleanups.push(() => handle.close());
    await handle.call('accounts:add', { provider: 'inkbox', credentials: { apiKey: server.apiKey }, baseUrl: server.baseUrl });
    await handle.service.syncNow('user');
    const media = await everyAttachment(handle);
    for (const item of media) await downloaded(handle, item.id);
    evictEverything(handle);
    const requestsBefore = server.requestCount();
    clock.offset = 5 * 60_000; // the URLs from the sync have expired at the bucket

    const info = await downloaded(handle, media[0]!.id);

    expect(info.state).toBe('cached');
    expect(handle.service.mediaFile(info.hash!)).not.toBeNull();
    expect(server.requestCount()).toBeGreaterThan(requestsBefore); // the text was fetched again
  });

  async function syncedWithPhoto(handle: TestService, remote: string) {
    const demo = handle.fleet.inkbox()!;
    const number = demo.numbers()[0]!;
    const photo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(32)]);
    const arrived = demo.insertInbound(number.id, remote, 'the photo', [{ contentType: 'image/png', bytes: photo }]);
    await handle.service.syncNow('user');
    const messageId = handle.service.resolveMessageId(arrived.id)!;
    const context = await handle.call('search:context', { messageId, before: 0, after: 0 });
    const info = await downloaded(handle, context.messages.find((m) => m.id === messageId)!.media[0]!.id);
    const path = handle.service.mediaFile(info.hash!)!.path;
    expect(readFileSync(path)).toEqual(Buffer.from(photo));
    return { demo, number, arrived, messageId, hash: info.hash!, path };
  }

  it('removes a downloaded attachment from disk when its text is deleted here', async () => {
    const handle = await syncedDemo();
    const { messageId, hash, path } = await syncedWithPhoto(handle, '+15557650030');

    await handle.call('message:delete', { messageId });

    expect(handle.service.mediaFile(hash)).toBeNull();
    expect(existsSync(path)).toBe(false);
  });

  it('removes a downloaded attachment from disk once a sync learns its text was deleted on the server', async () => {
    const handle = await syncedDemo();
    const { demo, number, arrived, hash, path } = await syncedWithPhoto(handle, '+15557650031');

    demo.deleteText(number.id, arrived.id);
    await handle.service.syncNow('user');
    expect(handle.service.resolveMessageId(arrived.id)).toBeNull();

    const deadline = Date.now() + 5_000;
    while (handle.service.mediaFile(hash) !== null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handle.service.mediaFile(hash)).toBeNull();
    expect(existsSync(path)).toBe(false);
  });

  it('keeps a file that another live text still shows when one of them is deleted', async () => {
    const handle = await syncedDemo();
    const media = await everyAttachment(handle);
    for (const item of media) await downloaded(handle, item.id);
    const byHash = new Map<string, Media[]>();
    for (const item of await everyAttachment(handle)) byHash.set(item.hash!, [...(byHash.get(item.hash!) ?? []), item]);
    const [hash, shared] = [...byHash].find(([, items]) => new Set(items.map((m) => m.messageId)).size > 1)!;

    await handle.call('message:delete', { messageId: shared[0]!.messageId });

    expect(handle.service.mediaFile(hash)).not.toBeNull();
    expect((await handle.call('media:get', { mediaId: shared.at(-1)!.id })).url).toBe(`media://${hash}`);
  });
});
