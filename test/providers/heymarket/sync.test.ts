import { afterEach, describe, expect, it } from 'vitest';
import { getSyncState } from '../../../electron/core/cache/syncState';
import { getMessage } from '../../../electron/core/cache/messages';
import { createHeymarketClient } from '../../../electron/core/providers/heymarket/client';
import { syncHeymarketNumber } from '../../../electron/core/providers/heymarket/sync';
import { expectConverged, fastRetries, startHeymarketHarness, type HeymarketHarness } from './harness';

let harness: HeymarketHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('syncing a Heymarket inbox', () => {
  it('makes the cache equal the fake on a first sync, with author labels and no new inbound texts reported', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    const reports = await harness.syncAll();
    expectConverged(harness);
    expect(reports.every((r) => r.firstSync && r.newInboundIds.length === 0)).toBe(true);
    expect(reports.reduce((sum, r) => sum + r.inserted, 0)).toBeGreaterThan(80);
    for (const number of harness.numbers) expect(getSyncState(harness.db, number.id).historyComplete).toBe(true);
    const authors = harness.db.prepare(`SELECT DISTINCT author FROM messages WHERE author IS NOT NULL`).pluck().all();
    expect(authors).toContain('Dana (front desk)');
    expect(harness.issues).toEqual([]);
  });

  it('keeps each inbox to its own phone number and texts', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    await harness.syncAll();
    expect(harness.numbers).toHaveLength(2);
    for (const number of harness.numbers) {
      expect(number.phone).toMatch(/^\+1\d{10}$/);
      const count = harness.db.prepare(`SELECT count(*) FROM messages WHERE number_id = ?`).pluck().get(number.id);
      expect(count).toBe(harness.fake.messages(number.providerId).length);
    }
  });

  it('costs a handful of requests when nothing changed', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    await harness.syncAll();
    const before = harness.fake.requestCount();
    const reports = await harness.syncAll();
    expect((harness.fake.requestCount() - before) / harness.numbers.length).toBeLessThanOrEqual(3);
    expect(reports.every((r) => r.inserted === 0 && r.changed === 0)).toBe(true);
  });

  it('converges through server errors, rate limits, resets and latency', async () => {
    harness = await startHeymarketHarness({
      size: 'small',
      faults: { errorRate: 0.15, rateLimitRate: 0.1, resetRate: 0.05, latencyMs: 2 },
    });
    await harness.syncAll();
    harness.fake.setFaults({});
    expectConverged(harness);
  });

  it('brings new texts, edits, team replies and conversations read elsewhere, and reports the arrivals', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    await harness.syncAll();
    const number = harness.numbers[0]!;
    const messages = harness.fake.messages(number.providerId);
    const unread = messages.find((m) => !m.conversation.read)!;
    const edited = messages[3]!;
    const repliedTo = messages.find((m) => !m.conversation.read && m.target !== unread.target)!;
    harness.fake.markConversationRead(number.providerId, unread.target, true);
    harness.fake.editMessage(edited.id, 'Edited: the appointment moved to Friday');
    harness.fake.replyAsTeam(number.providerId, repliedTo.target, 'On it, see you at 3.', 1);
    const arrival = harness.fake.insertInbound(number.providerId, '+14155550199', 'Hi, is the shop open on Sunday?');

    const [report] = await harness.syncAll();
    expectConverged(harness);
    expect(report!.newInboundIds).toHaveLength(1);
    expect(getMessage(harness.db, report!.newInboundIds[0]!)?.providerId).toBe(String(arrival.id));
    expect(getMessage(harness.db, report!.newInboundIds[0]!)?.isRead).toBe(false);
  });

  it('marks unread only the inbound texts after the last team reply when a customer writes again', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    await harness.syncAll();
    const number = harness.numbers[0]!;
    const read = harness.fake.messages(number.providerId).find((m) => m.conversation.read && m.user !== null)!;
    harness.fake.insertInbound(number.providerId, read.target, 'One more question');
    harness.fake.insertInbound(number.providerId, read.target, 'Actually two');
    await harness.syncAll();
    expectConverged(harness);
    const unread = harness.db
      .prepare(`SELECT c.unread_count FROM conversations c WHERE c.number_id = ? AND c.remote = ?`)
      .pluck()
      .get(number.id, `+${read.target}`);
    expect(unread).toBe(2);
  });

  it('picks up texts that share a timestamp with the cursor', async () => {
    const clock = Date.UTC(2026, 2, 1, 12, 0, 0);
    harness = await startHeymarketHarness({ size: 'tiny', now: () => clock });
    await harness.syncAll();
    const number = harness.numbers[0]!;
    // Same second as each other and as the cursor the last sync saved.
    harness.fake.insertInbound(number.providerId, '+14155550101', 'first');
    await harness.syncAll();
    harness.fake.insertInbound(number.providerId, '+14155550102', 'second, same second');
    harness.fake.insertInbound(number.providerId, '+14155550103', 'third, same second');
    await harness.syncAll();
    expectConverged(harness);
  });
});

describe('the Heymarket history walk', () => {
  const scopeOf = (h: HeymarketHarness) => ({ accountId: h.accountId, numberId: h.numbers[0]!.id, numberProviderId: h.numbers[0]!.providerId });

  it('skips nothing where broadcast texts sharing one second straddle a page boundary', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    const client = createHeymarketClient({ apiKey: harness.fake.credentials.apiKey, baseUrl: harness.fake.baseUrl, ...fastRetries });
    for (const number of harness.numbers) {
      const scope = { accountId: harness.accountId, numberId: number.id, numberProviderId: number.providerId };
      await syncHeymarketNumber({ db: harness.db, client, scope, pageLimit: 7 }, { reconcile: false });
    }
    expectConverged(harness);
  });

  it('resumes an interrupted history walk where it stopped', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    const client = createHeymarketClient({ apiKey: harness.fake.credentials.apiKey, baseUrl: harness.fake.baseUrl, ...fastRetries });
    let pages = 0;
    const failing = {
      ...client,
      listAllMessages: async (...args: Parameters<typeof client.listAllMessages>) => {
        if (args[0].order === 'created_at' && ++pages === 3) throw new Error('cable pulled');
        return client.listAllMessages(...args);
      },
    };
    const scope = scopeOf(harness);
    await expect(syncHeymarketNumber({ db: harness.db, client: failing, scope, pageLimit: 10 }, { reconcile: false })).rejects.toThrow('cable pulled');
    const interrupted = getSyncState(harness.db, scope.numberId);
    expect(interrupted.historyComplete).toBe(false);
    expect(interrupted.historyCursor).not.toBeNull();
    const before = harness.fake.requestCount();
    await syncHeymarketNumber({ db: harness.db, client, scope, pageLimit: 10 }, { reconcile: false });
    expect(getSyncState(harness.db, scope.numberId).historyComplete).toBe(true);
    const all = harness.fake.numbers().reduce((sum, inbox) => sum + harness!.fake.messages(inbox.id).length, 0);
    // Resuming reads only what is left: pages of 10 bring 9 new texts past the one-text overlap,
    // plus the count, the end of the walk and the two requests of the change feed.
    expect(harness.fake.requestCount() - before).toBeLessThanOrEqual(Math.ceil((all - interrupted.historyFetched) / 9) + 4);
    await harness.syncAll();
    expectConverged(harness);
  });
});
