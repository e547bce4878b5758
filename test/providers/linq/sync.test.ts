import { afterEach, describe, expect, it } from 'vitest';
import { findMessageByProviderId, getMessage } from '../../../electron/core/cache/messages';
import { getSyncState } from '../../../electron/core/cache/syncState';
import { createLinqClient } from '../../../electron/core/providers/linq/client';
import { syncLinqNumber } from '../../../electron/core/providers/linq/sync';
import { expectLinqConverged, fastRetries, startLinqHarness, type LinqHarness } from './harness';

let harness: LinqHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('syncing a Linq number', () => {
  it('makes the cache equal the fake on a first sync, and reports no new inbound texts for it', async () => {
    harness = await startLinqHarness({ size: 'small' });
    const reports = await harness.syncAll();
    expectLinqConverged(harness);
    expect(reports.every((r) => r.firstSync && r.newInboundIds.length === 0 && r.historyComplete)).toBe(true);
    expect(reports.reduce((sum, r) => sum + r.inserted, 0)).toBeGreaterThan(300);
    for (const number of harness.numbers) expect(getSyncState(harness.db, number.id).historyComplete).toBe(true);
  });

  it('keeps groups with their title, participants and senders, and 1:1 chats by the other handle', async () => {
    harness = await startLinqHarness({ size: 'small' });
    await harness.syncAll();
    const group = harness.db
      .prepare(`SELECT remote, participants, is_group AS isGroup, provider_ref AS ref FROM conversations WHERE is_group = 1 LIMIT 1`)
      .get() as { remote: string; participants: string; isGroup: number; ref: string };
    expect(group.remote).toBe(`group:${group.ref}`);
    expect(JSON.parse(group.participants).length).toBeGreaterThanOrEqual(2);
    const senders = harness.db.prepare(`SELECT count(*) FROM messages WHERE sender IS NOT NULL`).pluck().get() as number;
    expect(senders).toBeGreaterThan(0);
    const oneToOne = harness.db.prepare(`SELECT remote, provider_ref AS ref FROM conversations WHERE is_group = 0 LIMIT 1`).get() as { remote: string; ref: string };
    expect(oneToOne.remote).toMatch(/^\+1\d{10}$/);
    expect(oneToOne.ref).toBeTruthy();
  });

  it('costs one request per number when nothing changed', async () => {
    harness = await startLinqHarness({ size: 'small' });
    await harness.syncAll();
    const before = harness.fake.requestCount();
    const reports = await harness.syncAll();
    expect((harness.fake.requestCount() - before) / harness.numbers.length).toBeLessThanOrEqual(1);
    expect(reports.every((r) => !r.firstSync && r.inserted === 0 && r.changed === 0)).toBe(true);
  });

  it('converges through server errors, rate limits, resets and latency', async () => {
    harness = await startLinqHarness({
      size: 'small',
      faults: { errorRate: 0.15, rateLimitRate: 0.1, resetRate: 0.05, latencyMs: 2, retryAfterSeconds: 1 },
    });
    await harness.syncAll();
    await harness.syncAll({ reconcile: true });
    harness.fake.setFaults({});
    expectLinqConverged(harness);
  });

  it('brings new messages and new chats in a head sync, reading only the chats that moved, and reports the arrivals', async () => {
    harness = await startLinqHarness({ size: 'small' });
    await harness.syncAll();
    const number = harness.numbers[0]!;
    const chat = harness.fake.chats().find((c) => c.handles.some((h) => h.is_me && h.handle === number.providerId) && fake(c).length > 25)!;
    const arrival = harness.fake.insertInbound(chat.id, 'Is the shop open on Sunday?', { image: true });
    const numberId = harness.fake.numbers().find((n) => n.phone_number === number.providerId)!.id;
    const started = harness.fake.createChat(numberId, ['+14155550000', '+14155550001'], 'New group, who dis', { displayName: 'Block party' });
    const before = harness.fake.requestCount();
    const [report] = await harness.syncAll({ reconcile: false });
    // One chat page, one message page for the moved chat, one for the new chat (second number: one chat page).
    expect(harness.fake.requestCount() - before).toBeLessThanOrEqual(5);
    expectLinqConverged(harness);
    expect(report!.newInboundIds).toHaveLength(2);
    const ids = report!.newInboundIds.map((id) => getMessage(harness!.db, id)?.providerId);
    expect(ids).toContain(arrival.id);
    expect(ids).toContain(harness.fake.messages(started.id)[0]!.id);
  });

  it('brings reactions, reads and deletions made elsewhere on reconciliation', async () => {
    harness = await startLinqHarness({ size: 'small' });
    await harness.syncAll();
    const chats = harness.fake.chats();
    const unreadChat = chats.find((c) => fake(c).some((m) => !m.is_from_me && !m.is_read))!;
    harness.fake.markRead(unreadChat.id);
    const reacted = fake(chats[3]!)[2]!;
    harness.fake.react(reacted.id, 0, { type: 'custom', customEmoji: '🚀' });
    const deleted = fake(chats[5]!)[1]!;
    harness.fake.deleteMessage(deleted.id);
    const [report] = await harness.syncAll({ reconcile: true });
    expectLinqConverged(harness);
    expect(report!.reconciled).toBe(true);
    expect(findMessageByProviderId(harness.db, harness.accountId, deleted.id)?.deleted).toBe(1);
  });

  it('never brings a deleted message back in a later sync', async () => {
    harness = await startLinqHarness();
    await harness.syncAll();
    const chat = harness.fake.chats()[0]!;
    const victim = fake(chat)[0]!;
    harness.fake.deleteMessage(victim.id);
    await harness.syncAll({ reconcile: true });
    harness.fake.insertInbound(chat.id, 'one more');
    await harness.syncAll();
    expectLinqConverged(harness);
    expect(findMessageByProviderId(harness.db, harness.accountId, victim.id)?.deleted).toBe(1);
  });

  it('resumes an interrupted first sync without reading the chats it had finished again', async () => {
    harness = await startLinqHarness({ size: 'small' });
    const number = harness.numbers[0]!;
    const client = createLinqClient({ apiKey: harness.fake.credentials.apiKey, baseUrl: harness.fake.baseUrl, ...fastRetries });
    let pages = 0;
    const failing = {
      ...client,
      listMessages: async (...args: Parameters<typeof client.listMessages>) => {
        if (++pages === 6) throw new Error('cable pulled');
        return client.listMessages(...args);
      },
    };
    const scope = { accountId: harness.accountId, numberId: number.id, numberProviderId: number.providerId };
    await expect(syncLinqNumber({ db: harness.db, client: failing, scope }, { reconcile: false })).rejects.toThrow('cable pulled');
    expect(getSyncState(harness.db, number.id).historyComplete).toBe(false);
    const chats = harness.fake.chats().filter((c) => c.handles.some((h) => h.is_me && h.handle === number.providerId)).length;
    const before = harness.fake.requestCount();
    const report = await syncLinqNumber({ db: harness.db, client, scope }, { reconcile: false });
    expect(report.firstSync).toBe(true);
    // One chat page, then only the chats not yet caught up (each fits one 100-message page).
    expect(harness.fake.requestCount() - before).toBeLessThanOrEqual(1 + chats - 5);
    const rest = harness.numbers.slice(1);
    for (const other of rest) {
      await syncLinqNumber({ db: harness.db, client, scope: { ...scope, numberId: other.id, numberProviderId: other.providerId } }, { reconcile: false });
    }
    expectLinqConverged(harness);
  });
});

function fake(chat: { id: string }) {
  return harness!.fake.messages(chat.id);
}
