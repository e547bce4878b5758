import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer, type DemoText } from '../../electron/demo/inkbox/index';
import { fixedNow, useDemoServers, uuidV4 } from './helpers';

const day = 86_400_000;

function everything(server: DemoServer): DemoText[] {
  return server.numbers().flatMap((number) => server.texts(number.id));
}

/** Media URLs carry the port and a per-process signing key; the rest must be identical. */
function withoutUrls(texts: DemoText[]): unknown[] {
  return texts.map((text) => ({ ...text, media: text.media?.map(({ content_type, size }) => ({ content_type, size })) ?? null }));
}

describe('demo data', () => {
  const start = useDemoServers();

  it('is the same for the same seed and clock, and different for another seed', async () => {
    const a = await start({ seed: 11 });
    const b = await start({ seed: 11 });
    const c = await start({ seed: 12 });
    expect(b.numbers()).toEqual(a.numbers());
    expect(withoutUrls(everything(b))).toEqual(withoutUrls(everything(a)));
    expect(c.numbers().map((number) => number.id)).not.toEqual(a.numbers().map((number) => number.id));
  });

  it('keeps ids and content for the same seed when only the clock differs', async () => {
    const a = await start({ seed: 3, now: () => fixedNow });
    const b = await start({ seed: 3, now: () => fixedNow + 40 * day });
    const strip = (server: DemoServer) => everything(server).map((text) => [text.id, text.text, text.remote_phone_number]);
    expect(strip(b)).toEqual(strip(a));
  });

  it('gives tiny three numbers of eight conversations and about a hundred texts', async () => {
    const server = await start({ size: 'tiny' });
    const numbers = server.numbers();
    expect(numbers).toHaveLength(3);
    for (const number of numbers) {
      expect(new Set(server.texts(number.id).map((text) => text.remote_phone_number)).size).toBe(8);
    }
    const total = everything(server).length;
    expect(total).toBeGreaterThanOrEqual(70);
    expect(total).toBeLessThanOrEqual(160);
  });

  it('gives small about forty conversations per number', async () => {
    const server = await start({ size: 'small' });
    for (const number of server.numbers()) {
      expect(new Set(server.texts(number.id).map((text) => text.remote_phone_number)).size).toBe(40);
    }
  });

  describe('at demo size', () => {
    // Read-only checks share one server: generating 15k texts is the slow part.
    let server: DemoServer;
    let texts: DemoText[];
    beforeAll(async () => {
      server = await startDemoServer({ size: 'demo', seed: 1, now: () => fixedNow });
      texts = everything(server);
    });
    afterAll(async () => {
      await server.close();
    });

    it('holds hundreds of conversations and 10-20k texts with power-law sizes', async () => {
      expect(texts.length).toBeGreaterThanOrEqual(10_000);
      expect(texts.length).toBeLessThanOrEqual(20_000);
      const sizes = new Map<string, number>();
      for (const text of texts) {
        const key = `${text.local_phone_number}|${text.remote_phone_number}`;
        sizes.set(key, (sizes.get(key) ?? 0) + 1);
      }
      expect(sizes.size).toBeGreaterThanOrEqual(200);
      const sorted = [...sizes.values()].sort((x, y) => y - x);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      expect(sorted[0]).toBeGreaterThan(20 * median);
    });

    it('uses unique UUID v4 ids and spreads texts over about 18 months, denser recently', async () => {
      expect(new Set(texts.map((text) => text.id)).size).toBe(texts.length);
      expect(texts.every((text) => uuidV4.test(text.id))).toBe(true);
      const ages = texts.map((text) => (fixedNow - Date.parse(text.created_at)) / day);
      expect(Math.min(...ages)).toBeGreaterThan(0);
      expect(Math.max(...ages)).toBeLessThanOrEqual(19 * 31);
      expect(Math.max(...ages)).toBeGreaterThan(12 * 30);
      const lastQuarter = ages.filter((age) => age < 137).length;
      const firstQuarter = ages.filter((age) => age > 411).length;
      expect(lastQuarter).toBeGreaterThan(2 * firstQuarter);
    });

    it('carries about 10% MMS with every kind of media, some without text', async () => {
      const mms = texts.filter((text) => text.type === 'mms');
      expect(mms.length / texts.length).toBeGreaterThan(0.07);
      expect(mms.length / texts.length).toBeLessThan(0.14);
      expect(mms.some((text) => text.text === null)).toBe(true);
      expect(mms.some((text) => text.text !== null)).toBe(true);
      const types = new Set(mms.flatMap((text) => text.media?.map((media) => media.content_type) ?? []));
      expect([...types].sort()).toEqual(['application/pdf', 'audio/wav', 'image/jpeg', 'image/png', 'text/vcard', 'video/mp4']);
    });

    it('talks with US mobiles, a few international numbers and short codes that are never answered', async () => {
      const remotes = new Set(texts.map((text) => text.remote_phone_number ?? ''));
      for (const prefix of ['+1', '+44', '+49', '+81']) expect([...remotes].some((remote) => remote.startsWith(prefix)), prefix).toBe(true);
      const shortCodes = [...remotes].filter((remote) => /^\d{5,6}$/.test(remote));
      expect(shortCodes.length).toBeGreaterThan(0);
      const toShortCodes = texts.filter((text) => shortCodes.includes(text.remote_phone_number ?? '') && text.direction === 'outbound');
      expect(toShortCodes).toEqual([]);
      expect([...remotes].filter((remote) => remote.startsWith('+1')).length).toBeGreaterThan(remotes.size * 0.7);
    });

    it('is written mostly in English with Spanish, German, Chinese, Japanese and emoji', async () => {
      const bodies = texts.map((text) => text.text ?? '');
      const share = (pattern: RegExp) => bodies.filter((body) => pattern.test(body)).length / bodies.length;
      expect(share(/^[\x20-\x7e]*$/)).toBeGreaterThan(0.6);
      expect(share(/[ñáéíóú¿¡]/)).toBeGreaterThan(0.005);
      expect(share(/[äöüß]|Grüße/)).toBeGreaterThan(0.002);
      expect(share(/[\u4e00-\u9fff]/)).toBeGreaterThan(0.002);
      expect(share(/[\u3040-\u30ff]/)).toBeGreaterThan(0.002);
      expect(share(/\p{Extended_Pictographic}/u)).toBeGreaterThan(0.01);
    });

    it('marks outbound read, older inbound mostly read, and leaves a few conversations with 1-5 unread', async () => {
      expect(texts.filter((text) => text.direction === 'outbound').every((text) => text.is_read)).toBe(true);
      const oldInbound = texts.filter((text) => text.direction === 'inbound' && fixedNow - Date.parse(text.created_at) > 30 * day);
      expect(oldInbound.filter((text) => text.is_read).length / oldInbound.length).toBeGreaterThan(0.98);
      const unreadByConversation = new Map<string, number>();
      for (const text of texts.filter((candidate) => !candidate.is_read)) {
        const key = `${text.local_phone_number}|${text.remote_phone_number}`;
        unreadByConversation.set(key, (unreadByConversation.get(key) ?? 0) + 1);
      }
      expect(unreadByConversation.size).toBeGreaterThanOrEqual(5);
      expect([...unreadByConversation.values()].some((count) => count >= 2)).toBe(true);
    });
  });
});
