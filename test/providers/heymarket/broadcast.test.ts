import { afterEach, describe, expect, it } from 'vitest';
import { createHeymarketClient, type AllMessagesQuery, type HeymarketClient } from '../../../electron/core/providers/heymarket/client';
import { syncHeymarketNumber } from '../../../electron/core/providers/heymarket/sync';
import { expectConverged, fastRetries, startHeymarketHarness, type HeymarketHarness } from './harness';

let harness: HeymarketHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const faults = { errorRate: 0.1, resetRate: 0.05, truncateRate: 0.1 };

/** A client that records every text each successful messages/all page brought, per walk order. */
function recordingClient(h: HeymarketHarness, secret = false): { client: HeymarketClient; delivered: Map<string, string[]> } {
  const base = createHeymarketClient({
    ...(secret ? { secret: h.fake.apiSecret } : { apiKey: h.fake.credentials.apiKey }),
    baseUrl: h.fake.baseUrl,
    ...fastRetries,
  });
  const delivered = new Map<string, string[]>([['created_at', []], ['updated_at', []]]);
  return {
    delivered,
    client: {
      ...base,
      async listAllMessages(query: AllMessagesQuery) {
        const page = await base.listAllMessages(query);
        if (query.limit !== 1) delivered.get(query.order)!.push(...page.map((m) => `${m.id}@${m.updated}`));
        return page;
      },
    },
  };
}

async function syncOnce(h: HeymarketHarness, client: HeymarketClient): Promise<void> {
  for (const number of h.numbers) {
    const scope = { accountId: h.accountId, numberId: number.id, numberProviderId: number.providerId };
    await syncHeymarketNumber({ db: h.db, client, scope }, { reconcile: false });
  }
}

function cachedBroadcast(h: HeymarketHarness, ids: string[]): { distinct: number; rows: number } {
  const wanted = new Set(ids);
  const rows = (h.db.prepare(`SELECT provider_id FROM messages WHERE deleted = 0`).pluck().all() as string[]).filter((id) => wanted.has(id));
  return { distinct: new Set(rows).size, rows: rows.length };
}

describe('a Heymarket broadcast of 500 texts in one second', () => {
  it('is read exactly once by the history walk through 5xx answers, resets and cut-off bodies', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    const inbox = harness.numbers[0]!.providerId;
    const sent = harness.fake.broadcast(inbox, 500, 'Our spring sale starts today!');
    expect(new Set(sent.map((m) => m.date)).size).toBe(1);
    harness.fake.setFaults(faults);
    const { client, delivered } = recordingClient(harness, true);
    await syncOnce(harness, client);
    harness.fake.setFaults({});
    expectConverged(harness);
    expect(cachedBroadcast(harness, sent.map((m) => String(m.id)))).toEqual({ distinct: 500, rows: 500 });
    // Within one walk no page repeated a text: the keyset (instant, id) moves strictly forward.
    // Each number's walk reads the whole account, so each text comes once per number.
    const history = delivered.get('created_at')!;
    expect(history.length).toBe(new Set(history).size * harness.numbers.length);
  });

  it('arrives whole through the change feed after the first sync, under the same faults', async () => {
    harness = await startHeymarketHarness({ size: 'small' });
    await harness.syncAll();
    const inbox = harness.numbers[1]!.providerId;
    const sent = harness.fake.broadcast(inbox, 500, 'Closed Monday for the holiday.');
    harness.fake.setFaults(faults);
    const { client, delivered } = recordingClient(harness);
    await syncOnce(harness, client);
    harness.fake.setFaults({});
    expectConverged(harness);
    expect(cachedBroadcast(harness, sent.map((m) => String(m.id)))).toEqual({ distinct: 500, rows: 500 });
    const changes = delivered.get('updated_at')!;
    // The change feed steps back 2 s over late commits, so one walk may meet a text of the
    // overlap twice only across numbers; within each number's walk, never.
    expect(changes.length).toBe(new Set(changes).size * harness.numbers.length);
  });

  it('is walked by page where a server ignores id and reads the cursor inclusively', async () => {
    // The server's clock leaves out the first sync's duration, however long the machine takes:
    // both broadcasts lie within the change feed's 2 s overlap, which is what is measured here.
    let paused = 0;
    harness = await startHeymarketHarness({ size: 'small', tieBreak: 'page', now: () => Date.now() - paused });
    const inbox = harness.numbers[0]!.providerId;
    const before = harness.fake.broadcast(inbox, 500, 'Before the first sync');
    harness.fake.setFaults(faults);
    const syncStarted = Date.now();
    await harness.syncAll();
    paused += Date.now() - syncStarted;
    const after = harness.fake.broadcast(inbox, 500, 'After it');
    await harness.syncAll();
    harness.fake.setFaults({});
    expectConverged(harness);
    expect(cachedBroadcast(harness, [...before, ...after].map((m) => String(m.id)))).toEqual({ distinct: 1000, rows: 1000 });
    // Paging through a second costs a page per 30 texts, not a re-read of the second per page:
    // a quiet sync re-reads only the change feed's 2 s overlap, where both broadcasts lie.
    const all = harness.fake.numbers().flatMap((i) => harness!.fake.messages(i.id));
    const newest = Math.max(...all.map((m) => Date.parse(m.updated)));
    const overlap = all.filter((m) => Date.parse(m.updated) >= newest - 2_000).length;
    expect(overlap).toBeGreaterThanOrEqual(1000);
    const quiet = harness.fake.requestCount();
    await harness.syncAll();
    expect(harness.fake.requestCount() - quiet).toBeLessThanOrEqual(harness.numbers.length * (Math.ceil(overlap / 30) + 2));
  });
});
