import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../electron/demo/inkbox';
import { createInkboxClient, type InkboxClient } from '../../../electron/core/providers/inkbox/client';
import type { ParseIssue, RemoteMessage } from '../../../electron/core/providers/types';
import { recordingSleep } from './server';
import { TEST_DEMO_ANCHOR } from '../../support/fixtures';

const open: DemoServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function startDemo(faults?: Parameters<DemoServer['setFaults']>[0]): Promise<DemoServer> {
  const demo = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, seed: 7, size: 'small', faults });
  open.push(demo);
  return demo;
}

async function readAllTexts(client: InkboxClient, numberId: string): Promise<RemoteMessage[]> {
  const all: RemoteMessage[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await client.listTexts(numberId, { limit: 200, offset });
    all.push(...page);
    if (page.length < 200) return all;
  }
}

describe('the Inkbox client against the demo server', () => {
  it('lists numbers, pages texts, searches and reads conversations as the server holds them', async () => {
    const demo = await startDemo();
    const issues: ParseIssue[] = [];
    const client = createInkboxClient({ apiKey: demo.apiKey, baseUrl: demo.baseUrl, onIssue: (i) => issues.push(i) });

    const numbers = await client.listNumbers();
    expect(numbers.map((number) => number.id)).toEqual(demo.numbers().map((number) => number.id));
    const numberId = numbers[0]?.id ?? '';

    const texts = await readAllTexts(client, numberId);
    expect(texts.map((text) => text.id)).toEqual(demo.texts(numberId).map((text) => text.id));
    expect(texts.some((text) => text.media.length > 0)).toBe(true);

    const sample = texts.find((text) => (text.text ?? '').split(/\s+/).some((word) => /^[a-z]{5,}$/i.test(word)));
    const word = (sample?.text ?? '').split(/\s+/).find((w) => /^[a-z]{5,}$/i.test(w)) ?? '';
    const found = await client.searchTexts(numberId, word, 200);
    expect(found.length).toBeGreaterThan(0);
    const known = new Set(texts.map((text) => text.id));
    expect(found.every((text) => known.has(text.id))).toBe(true);
    expect(found.some((text) => text.text?.toLowerCase().includes(word.toLowerCase()))).toBe(true);

    const summaries = await client.listConversations(numberId, { limit: 200, offset: 0 });
    expect(summaries.reduce((sum, summary) => sum + summary.totalCount, 0)).toBe(texts.length);
    const first = summaries[0];
    expect(first).toBeDefined();
    const thread = await client.getConversation(numberId, first?.remotePhoneNumber ?? '', { limit: 200, offset: 0 });
    expect(thread).toHaveLength(Math.min(200, first?.totalCount ?? 0));
    expect(thread.every((text) => text.remotePhoneNumber === first?.remotePhoneNumber)).toBe(true);
    expect(thread[0]?.createdAt).toBe(first?.latestMessageAt);

    expect(issues).toEqual([]);
  });

  it('reads the same texts through resets, 5xx, 429s and cut-off bodies', async () => {
    const demo = await startDemo();
    const numberId = demo.numbers()[0]?.id ?? '';
    const expected = demo.texts(numberId).map((text) => text.id);
    demo.setFaults({ errorRate: 0.2, resetRate: 0.1, rateLimitRate: 0.1, retryAfterSeconds: 0, truncateRate: 0.2 });
    const client = createInkboxClient({
      apiKey: demo.apiKey,
      baseUrl: demo.baseUrl,
      sleep: recordingSleep().sleep,
      retry: { retries: 12 },
    });
    const texts = await readAllTexts(client, numberId);
    expect(texts.map((text) => text.id)).toEqual(expected);
    expect(demo.requestCount()).toBeGreaterThan(Math.ceil(expected.length / 200));
  });
});
