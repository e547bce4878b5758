import { afterEach, describe, expect, it } from 'vitest';
import { findMessageByProviderId, getMessage, setMessageRead } from '../../electron/core/cache/messages';
import { enqueue, countOutbox } from '../../electron/core/cache/outbox';
import { getSyncState } from '../../electron/core/cache/syncState';
import { pushOutbox } from '../../electron/core/sync/pushOutbox';
import { cachedTexts, expectConverged, startHarness, type Harness } from '../support/syncHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('syncing an Inkbox number', () => {
  it('makes the cache equal the server on a first sync, and reports no new inbound texts for it', async () => {
    harness = await startHarness({ size: 'small' });
    const reports = await harness.syncAll();
    expectConverged(harness);
    expect(reports.every((report) => report.firstSync && report.newInboundIds.length === 0)).toBe(true);
    expect(reports.reduce((sum, r) => sum + r.inserted, 0)).toBeGreaterThan(100);
    for (const number of harness.numbers) expect(getSyncState(harness.db, number.id).historyComplete).toBe(true);
  });

  it('costs a handful of requests when nothing changed', async () => {
    harness = await startHarness({ size: 'small' });
    await harness.syncAll();
    const before = harness.server.requestCount();
    const reports = await harness.syncAll();
    const perNumber = (harness.server.requestCount() - before) / harness.numbers.length;
    expect(perNumber).toBeLessThanOrEqual(4);
    expect(reports.every((r) => r.inserted === 0 && r.changed === 0 && r.conversationsResynced === 0)).toBe(true);
  });

  it('converges through server errors, rate limits, truncated bodies, resets and latency', async () => {
    harness = await startHarness({
      size: 'small',
      faults: { errorRate: 0.15, rateLimitRate: 0.1, retryAfterSeconds: 1, truncateRate: 0.05, resetRate: 0.05, latencyMs: 2 },
    });
    await harness.syncAll();
    harness.server.setFaults({});
    expectConverged(harness);
  });

  it('skips and duplicates nothing while texts arrive and vanish under its pages', async () => {
    harness = await startHarness({ size: 'small' });
    const before = new Map(harness.numbers.map((n) => [n.providerId, new Set(harness!.server.texts(n.providerId).map((t) => t.id))]));
    // More deletions per request than the pages overlap: without the continuity check texts are skipped.
    harness.server.setFaults({ drift: { insertPerRequest: 2, deletePerRequest: 80 } });
    await harness.syncAll({ reconcile: false });
    harness.server.setFaults({});
    for (const number of harness.numbers) {
      // Every text that existed before the walk and still exists after it was reached by the walk.
      const stillThere = harness.server.texts(number.providerId).filter((t) => before.get(number.providerId)!.has(t.id));
      const cached = new Set(cachedTexts(harness.db, number.id).map((t) => t.id));
      expect(stillThere.filter((t) => !cached.has(t.id))).toEqual([]);
    }
    await harness.syncAll();
    expectConverged(harness);
  });

  it('brings reads, unreads, edits, deletions and arrivals made elsewhere, and reports the arrivals', async () => {
    harness = await startHarness({ size: 'small' });
    await harness.syncAll();
    const number = harness.numbers[0]!;
    const texts = harness.server.texts(number.providerId);
    const readOne = texts.find((t) => !t.is_read)!;
    const unreadOne = texts.find((t) => t.is_read && t.direction === 'inbound')!;
    const deleted = texts[5]!;
    const edited = texts[7]!;
    harness.server.setRead(number.providerId, readOne.id, true);
    harness.server.setRead(number.providerId, unreadOne.id, false);
    harness.server.deleteText(number.providerId, deleted.id);
    harness.server.editText(number.providerId, edited.id, 'Edited: the appointment moved to Friday');
    const arrival = harness.server.insertInbound(number.providerId, '+15557654321', 'Hi, is the shop open on Sunday?');

    const [report] = await harness.syncAll();
    expectConverged(harness);
    expect(report!.newInboundIds).toHaveLength(1);
    expect(getMessage(harness.db, report!.newInboundIds[0]!)?.providerId).toBe(arrival.id);
    expect(findMessageByProviderId(harness.db, harness.accountId, deleted.id)?.deleted).toBe(1);
  });

  it('catches one text read and another marked unread in the same conversation, which leave the counts equal', async () => {
    harness = await startHarness({ size: 'small' });
    await harness.syncAll();
    const number = harness.numbers[0]!;
    const texts = harness.server.texts(number.providerId);
    const byRemote = Map.groupBy(texts.filter((t) => t.direction === 'inbound'), (t) => t.remote_phone_number);
    const [, group] = [...byRemote].find(([, list]) => list.some((t) => t.is_read) && list.some((t) => !t.is_read))!;
    const unread = group.find((t) => !t.is_read)!;
    const read = group.find((t) => t.is_read)!;
    harness.server.setRead(number.providerId, unread.id, true);
    harness.server.setRead(number.providerId, read.id, false);
    await harness.syncAll();
    expectConverged(harness);
  });

  it('resumes an interrupted history walk where it stopped', async () => {
    harness = await startHarness({ size: 'small' });
    const number = harness.numbers[0]!;
    const { syncInkboxNumber } = await import('../../electron/core/providers/inkbox/sync');
    let pages = 0;
    const client = harness.client;
    const failing = {
      ...client,
      listTexts: async (...args: Parameters<typeof client.listTexts>) => {
        if (++pages === 3) throw new Error('cable pulled');
        return client.listTexts(...args);
      },
    };
    const scope = { accountId: harness.accountId, numberId: number.id, numberProviderId: number.providerId };
    await expect(syncInkboxNumber({ db: harness.db, client: failing, scope, historyPageSize: 20 }, { reconcile: false })).rejects.toThrow(
      'cable pulled',
    );
    const interrupted = getSyncState(harness.db, number.id);
    expect(interrupted.historyComplete).toBe(false);
    expect(interrupted.historyOffset).toBeGreaterThan(0);
    const before = harness.server.requestCount();
    await syncInkboxNumber({ db: harness.db, client: harness.client, scope, historyPageSize: 20 }, { reconcile: false });
    expect(getSyncState(harness.db, number.id).historyComplete).toBe(true);
    const texts = harness.server.texts(number.providerId).length;
    // Resuming does not start over: fewer pages than a whole walk would take.
    expect(harness.server.requestCount() - before).toBeLessThan(Math.ceil(texts / 10) + 5);
    await harness.syncAll();
    expectConverged(harness);
  });
});

describe('the outbox', () => {
  it('keeps a local read that has not been pushed when a sync says otherwise, then pushes it', async () => {
    harness = await startHarness({ size: 'small' });
    await harness.syncAll();
    const number = harness.numbers[0]!;
    const unread = harness.server.texts(number.providerId).find((t) => !t.is_read)!;
    const ref = findMessageByProviderId(harness.db, harness.accountId, unread.id)!;
    setMessageRead(harness.db, ref.id, true);
    enqueue(harness.db, { numberId: number.id, kind: 'message.read', messageId: ref.id });
    await harness.syncAll();
    expect(getMessage(harness.db, ref.id)?.isRead).toBe(true);

    const report = await pushOutbox(harness.db, harness.adapter, { id: number.id, providerId: number.providerId });
    expect(report).toMatchObject({ pushed: 1, stoppedBy: null });
    expect(countOutbox(harness.db)).toBe(0);
    expect(harness.server.texts(number.providerId).find((t) => t.id === unread.id)?.is_read).toBe(true);
    await harness.syncAll();
    expectConverged(harness);
  });

  it('keeps actions queued while the server is unreachable and pushes them once it answers', async () => {
    harness = await startHarness({ size: 'tiny' });
    await harness.syncAll();
    const number = harness.numbers[0]!;
    const target = harness.server.texts(number.providerId).find((t) => t.is_read && t.direction === 'inbound')!;
    const ref = findMessageByProviderId(harness.db, harness.accountId, target.id)!;
    setMessageRead(harness.db, ref.id, false);
    enqueue(harness.db, { numberId: number.id, kind: 'message.unread', messageId: ref.id });

    harness.server.setFaults({ resetRate: 1 });
    const offline = await pushOutbox(harness.db, harness.adapter, { id: number.id, providerId: number.providerId });
    expect(offline.stoppedBy?.code).toBe('NETWORK');
    expect(countOutbox(harness.db)).toBe(1);

    harness.server.setFaults({});
    const later = await pushOutbox(harness.db, harness.adapter, { id: number.id, providerId: number.providerId }, { now: () => Date.now() + 3_600_000 });
    expect(later.pushed).toBe(1);
    expect(harness.server.texts(number.providerId).find((t) => t.id === target.id)?.is_read).toBe(false);
  });

  it('hides a text on this device only when the server refuses deletes', async () => {
    harness = await startHarness({ size: 'tiny', faults: { rejectDeleteStatus: true } });
    await harness.syncAll();
    const number = harness.numbers[0]!;
    const target = harness.server.texts(number.providerId)[0]!;
    const ref = findMessageByProviderId(harness.db, harness.accountId, target.id)!;
    const { tombstoneMessage, Visibility: Deleted } = await import('../../electron/core/cache/messages');
    tombstoneMessage(harness.db, ref.id, Deleted.Deleted);
    enqueue(harness.db, { numberId: number.id, kind: 'message.delete', messageId: ref.id });
    const report = await pushOutbox(harness.db, harness.adapter, { id: number.id, providerId: number.providerId });
    expect(report.hiddenLocally).toEqual([ref.id]);
    expect(findMessageByProviderId(harness.db, harness.accountId, target.id)?.deleted).toBe(2);
    // The server still lists it; a sync must not bring it back.
    await harness.syncAll();
    expect(getMessage(harness.db, ref.id)).toBeUndefined();
  });
});
