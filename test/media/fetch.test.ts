import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getMedia, touchMediaFile, type PendingMedia } from '../../electron/core/cache/media';
import { Visibility, findMessageByProviderId, tombstoneMessage } from '../../electron/core/cache/messages';
import { evictOverCap, fetchPendingMedia } from '../../electron/core/sync/media';
import { openMediaStore, type MediaStore } from '../../electron/core/media/store';
import { ProviderNotFoundError } from '../../electron/core/providers/errors';
import { applyPage } from '../../electron/core/sync/apply';
import type { DemoServerOptions } from '../../electron/demo/inkbox';
import { startHarness, type Harness } from '../support/syncHarness';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface MediaRow {
  id: number;
  messageId: number;
  providerId: string;
  contentType: string;
  state: string;
  hash: string | null;
  size: number;
}

function mediaRows(h: Harness): MediaRow[] {
  return h.db
    .prepare(
      `SELECT md.id, md.message_id AS messageId, m.provider_id AS providerId, md.content_type AS contentType,
              md.state, md.hash, md.size
         FROM media md JOIN messages m ON m.id = md.message_id ORDER BY md.id`,
    )
    .all() as MediaRow[];
}

/** A harness synced from a demo server whose clock the test moves; the cache's media store beside it. */
async function syncedWithStore(options: DemoServerOptions = {}): Promise<{ h: Harness; store: MediaStore; clock: { offset: number } }> {
  const clock = { offset: 0 };
  harness = await startHarness({ now: () => Date.now() + clock.offset, ...options });
  await harness.syncAll();
  return { h: harness, store: openMediaStore(join(harness.dbPath, '..', 'media')), clock };
}

/** What the service does to renew a URL: fetch the text again and apply it. */
function renewFrom(h: Harness, calls: PendingMedia[] = []) {
  return async (item: PendingMedia): Promise<boolean> => {
    calls.push(item);
    try {
      const text = await h.adapter.fetchMessage(item.numberProviderId, item.providerMessageId, {
        remote: item.remote,
        providerRef: item.conversationRef,
      });
      applyPage(h.db, { accountId: item.accountId, numberId: item.numberId }, [text]);
      return true;
    } catch (error) {
      if (error instanceof ProviderNotFoundError) return false;
      throw error;
    }
  };
}

async function fetchAll(h: Harness, store: MediaStore, renewUrls = renewFrom(h)) {
  const totals = { cached: 0, failed: 0, renewed: 0 };
  for (;;) {
    const report = await fetchPendingMedia({ db: h.db, store, renewUrls, batch: 500 });
    totals.cached += report.cached;
    totals.failed += report.failed;
    totals.renewed += report.renewed;
    if (report.cached + report.failed === 0) return totals;
  }
}

describe('fetching media after a sync', () => {
  it('stores every attachment under the sha256 of its bytes, a PNG beginning with the PNG signature', async () => {
    const { h, store } = await syncedWithStore();
    const pending = mediaRows(h);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((row) => row.state === 'pending' && row.hash === null)).toBe(true);

    const totals = await fetchAll(h, store);

    expect(totals).toMatchObject({ cached: pending.length, failed: 0, renewed: 0 });
    const rows = mediaRows(h);
    expect(rows.every((row) => row.state === 'cached')).toBe(true);
    for (const row of rows) {
      const file = store.path(row.hash!)!;
      const bytes = readFileSync(file);
      expect(basename(file)).toBe(row.hash);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(row.hash);
      expect(bytes.byteLength).toBe(row.size);
    }
    const png = rows.find((row) => row.contentType === 'image/png');
    expect(png).toBeDefined();
    expect([...readFileSync(store.path(png!.hash!)!).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it('renews an expired URL by fetching the text again, and the download succeeds', async () => {
    const { h, store, clock } = await syncedWithStore({ mediaTtlSeconds: 60 });
    const count = mediaRows(h).length;
    clock.offset = 5 * 60_000; // every URL the sync received has expired at the bucket (403)

    const renewals: PendingMedia[] = [];
    const totals = await fetchAll(h, store, renewFrom(h, renewals));

    expect(totals).toMatchObject({ cached: count, failed: 0 });
    expect(totals.renewed).toBe(count);
    expect(renewals.length).toBe(count);
    expect(mediaRows(h).every((row) => row.state === 'cached')).toBe(true);
  });

  it('does not download the attachments of a text deleted before the download', async () => {
    const { h, store } = await syncedWithStore();
    const number = h.numbers[0]!;
    const bytes = new Uint8Array([...PNG_SIGNATURE, ...randomBytes(64)]);
    const arrived = h.server.insertInbound(number.providerId, '+15557650010', 'plan attached', [{ contentType: 'image/png', bytes }]);
    await h.syncAll();
    const messageId = findMessageByProviderId(h.db, h.accountId, arrived.id)!.id;
    const attachment = mediaRows(h).find((row) => row.messageId === messageId)!;
    expect(attachment.state).toBe('pending');
    tombstoneMessage(h.db, messageId, Visibility.Deleted);

    await fetchAll(h, store);

    expect(store.path(createHash('sha256').update(bytes).digest('hex'))).toBeNull();
    expect(getMedia(h.db, attachment.id)).toBeUndefined();
    expect(mediaRows(h).every((row) => row.state === 'cached')).toBe(true);
  });

  it('gives up on an attachment whose text was deleted on the server once its URL has expired', async () => {
    const { h, store, clock } = await syncedWithStore({ mediaTtlSeconds: 60 });
    const number = h.numbers[0]!;
    const bytes = new Uint8Array([...PNG_SIGNATURE, ...randomBytes(64)]);
    const arrived = h.server.insertInbound(number.providerId, '+15557650011', 'old photo', [{ contentType: 'image/png', bytes }]);
    await h.syncAll();
    const messageId = findMessageByProviderId(h.db, h.accountId, arrived.id)!.id;
    const attachment = mediaRows(h).find((row) => row.messageId === messageId)!;
    h.server.deleteText(number.providerId, arrived.id);
    clock.offset = 5 * 60_000;

    const report = await fetchPendingMedia({ db: h.db, store, renewUrls: renewFrom(h), batch: 500 });

    expect(report.failed).toBe(1);
    expect(getMedia(h.db, attachment.id)).toMatchObject({ state: 'pending', hash: null });
    expect(store.path(createHash('sha256').update(bytes).digest('hex'))).toBeNull();
  });
});

describe('evictOverCap', () => {
  it('drops the least recently used files until the store fits, and marks their attachments evicted', async () => {
    const { h, store } = await syncedWithStore();
    await fetchAll(h, store);
    const files = h.db.prepare(`SELECT hash, size FROM media_files ORDER BY hash`).all() as { hash: string; size: number }[];
    expect(files.length).toBeGreaterThanOrEqual(3);
    // Oldest use first: files[0] was opened longest ago, the last one just now.
    files.forEach((file, index) => touchMediaFile(h.db, file.hash, 1_000 + index));
    const keep = files.slice(-2);
    const cap = keep.reduce((sum, file) => sum + file.size, 0);

    const evicted = evictOverCap(h.db, store, cap);

    expect(evicted).toBe(files.length - 2);
    for (const file of files.slice(0, -2)) expect(store.path(file.hash)).toBeNull();
    for (const file of keep) expect(store.path(file.hash)).not.toBeNull();
    const rows = mediaRows(h);
    const kept = new Set(keep.map((file) => file.hash));
    for (const row of rows) {
      if (row.hash && kept.has(row.hash)) expect(row.state).toBe('cached');
      else expect(row).toMatchObject({ state: 'evicted', hash: null });
    }
    expect(evictOverCap(h.db, store, cap)).toBe(0);
  });
});
