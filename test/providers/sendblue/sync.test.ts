import { afterEach, describe, expect, it } from 'vitest';
import { findMessageByProviderId, setMessageRead } from '../../../electron/core/cache/messages';
import { createSendblueClient } from '../../../electron/core/providers/sendblue/client';
import { syncSendblueNumber } from '../../../electron/core/providers/sendblue/sync';
import { expectConverged, startSendblueHarness, type SendblueHarness } from './harness';

let harness: SendblueHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('syncing a Sendblue line', () => {
  it('lists every line of the account', async () => {
    harness = await startSendblueHarness();
    expect(harness.numbers.map((n) => n.providerId).sort()).toEqual(harness.fake.numbers().sort());
  });

  it('makes the cache equal the fake on a first sync, groups and services included, and reports no new inbound texts', async () => {
    harness = await startSendblueHarness();
    const reports = await harness.syncAll();
    expectConverged(harness);
    expect(reports.every((r) => r.firstSync && r.historyComplete && r.newInboundIds.length === 0)).toBe(true);
    expect(reports.reduce((sum, r) => sum + r.inserted, 0)).toBeGreaterThan(100);
  });

  it('pages history in small pages without skipping or duplicating anything', async () => {
    harness = await startSendblueHarness();
    for (const number of harness.numbers) {
      const client = createSendblueClient({ ...harness.fake.credentials, baseUrl: harness.fake.baseUrl });
      await syncSendblueNumber(
        { db: harness.db, client, pageSize: 7, scope: { accountId: harness.accountId, numberId: number.id, numberProviderId: number.providerId } },
        { reconcile: false },
      );
    }
    expectConverged(harness);
  });

  it('converges through server errors, rate limits, resets and latency', async () => {
    harness = await startSendblueHarness({ faults: { errorRate: 0.2, rateLimitRate: 0.15, resetRate: 0.1, latencyMs: 2 } });
    await harness.syncAll();
    // More requests than pages: some failed and were retried.
    expect(harness.fake.requestCount()).toBeGreaterThan(6);
    harness.fake.setFaults({});
    expectConverged(harness);
  });

  it('skips and duplicates nothing while texts arrive and statuses change under its pages', async () => {
    // The drift makes many requests; the rate limit is another test's subject.
    harness = await startSendblueHarness({ rateLimit: { requests: 100_000, windowMs: 10_000 } });
    for (const number of harness.numbers) {
      const before = harness.fake.messages(number.providerId).map((m) => m.message_handle);
      harness.fake.setFaults({ drift: { insertPerRequest: 1, updatePerRequest: 4 } });
      const client = createSendblueClient({ ...harness.fake.credentials, baseUrl: harness.fake.baseUrl });
      await syncSendblueNumber(
        { db: harness.db, client, pageSize: 6, scope: { accountId: harness.accountId, numberId: number.id, numberProviderId: number.providerId } },
        { reconcile: false },
      );
      harness.fake.setFaults({});
      const cached = new Set(harness.db.prepare(`SELECT provider_id FROM messages WHERE number_id = ?`).pluck().all(number.id) as string[]);
      for (const handle of before) expect(cached.has(handle)).toBe(true);
      // Each answer applied its drift first, so the walk that just ended saw this line's final state.
      expectConverged(harness, [number]);
    }
  });

  it('resumes an interrupted history where it stopped and converges', async () => {
    harness = await startSendblueHarness({ faults: { errorRate: 0.3 } });
    const client = createSendblueClient({ ...harness.fake.credentials, baseUrl: harness.fake.baseUrl, retry: { retries: 0 } });
    let failures = 0;
    for (const number of harness.numbers) {
      for (;;) {
        try {
          await syncSendblueNumber(
            { db: harness.db, client, pageSize: 10, scope: { accountId: harness.accountId, numberId: number.id, numberProviderId: number.providerId } },
            { reconcile: false },
          );
          break;
        } catch {
          failures += 1;
        }
      }
    }
    harness.fake.setFaults({});
    expect(failures).toBeGreaterThan(0);
    expectConverged(harness);
  });

  it('costs at most two requests per line when nothing changed', async () => {
    harness = await startSendblueHarness();
    await harness.syncAll();
    const before = harness.fake.requestCount();
    const reports = await harness.syncAll();
    expect((harness.fake.requestCount() - before) / harness.numbers.length).toBeLessThanOrEqual(2);
    expect(reports.every((r) => !r.firstSync && r.inserted === 0 && r.changed === 0)).toBe(true);
  });

  it('brings new texts and status updates made elsewhere, and reports the new inbound ones', async () => {
    harness = await startSendblueHarness();
    await harness.syncAll();
    const line = harness.numbers[0]!.providerId;
    const group = harness.fake.groups().find((g) => g.sendblueNumber === line) ?? harness.fake.groups()[0]!;
    const direct = harness.fake.insertInbound({ sendblueNumber: line, from: '+12025550123', content: 'new here', service: 'RCS' });
    const inGroup = harness.fake.insertInbound({
      sendblueNumber: group.sendblueNumber,
      from: group.participants.find((p) => p !== group.sendblueNumber)!,
      content: 'group hello',
      groupId: group.id,
      withImage: true,
    });
    const outbound = harness.fake.messages(line).find((m) => m['is_outbound'] && m['status'] !== 'DELIVERED')!;
    harness.fake.updateStatus(outbound.message_handle, 'DELIVERED');
    const reports = await harness.syncAll();
    expectConverged(harness);
    const newIds = reports.flatMap((r) => r.newInboundIds);
    expect(newIds).toHaveLength(2);
    expect(findMessageByProviderId(harness.db, harness.accountId, direct.message_handle)).toBeDefined();
    expect(findMessageByProviderId(harness.db, harness.accountId, inGroup.message_handle)).toBeDefined();
    expect(reports.reduce((sum, r) => sum + r.changed, 0)).toBe(1);
  });

  it('keeps local read state through a later sync, since Sendblue has none', async () => {
    harness = await startSendblueHarness();
    await harness.syncAll();
    const inbound = harness.fake.messages(harness.numbers[0]!.providerId).find((m) => !m['is_outbound'])!;
    const local = findMessageByProviderId(harness.db, harness.accountId, inbound.message_handle)!;
    setMessageRead(harness.db, local.id, true);
    harness.fake.updateStatus(inbound.message_handle, 'RECEIVED');
    await harness.syncAll();
    const isRead = harness.db.prepare(`SELECT is_read FROM messages WHERE id = ?`).pluck().get(local.id);
    expect(isRead).toBe(1);
  });
});

describe('the Sendblue lines', () => {
  it('are refreshed in one request once the adapter has scanned them', async () => {
    harness = await startSendblueHarness();
    const before = harness.fake.requestCount();
    const lines = await harness.adapter.listNumbers();
    expect(harness.fake.requestCount() - before).toBe(1);
    expect(lines.map((l) => l.id).sort()).toEqual(harness.fake.numbers().sort());
  });
});
