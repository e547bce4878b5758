import { describe, expect, it } from 'vitest';
import type { DemoText } from '../../electron/demo/inkbox/index';
import { getJson, useDemoServers } from './helpers';

describe('demo live mode', () => {
  const start = useDemoServers();

  it('tickLive delivers an unread inbound text at the head of its number', async () => {
    const server = await start();
    const text = server.tickLive();
    expect(text).toMatchObject({ direction: 'inbound', is_read: false, status: 'active' });
    const number = server.numbers().find((candidate) => candidate.number === text.local_phone_number);
    const [head] = await getJson<DemoText[]>(server, `/numbers/${number?.id}/texts?limit=1`);
    expect(head).toEqual(text);
  });

  it('keeps arrivals in order even when the clock stands still', async () => {
    const server = await start();
    const arrivals = Array.from({ length: 5 }, () => server.tickLive());
    for (const number of server.numbers()) {
      const mine = arrivals.filter((text) => text.local_phone_number === number.number).reverse();
      expect(server.texts(number.id).slice(0, mine.length).map((text) => text.id)).toEqual(mine.map((text) => text.id));
    }
  });

  it('follows a deterministic sequence for a seed', async () => {
    const a = await start({ seed: 9 });
    const b = await start({ seed: 9 });
    const sequence = (server: typeof a) =>
      Array.from({ length: 12 }, () => server.tickLive()).map((text) => [text.id, text.local_phone_number, text.remote_phone_number, text.text]);
    expect(sequence(b)).toEqual(sequence(a));
  });

  it('mostly continues existing conversations and sometimes starts a new one', async () => {
    const server = await start({ size: 'small' });
    const known = new Set(server.numbers().flatMap((number) => server.texts(number.id).map((text) => text.remote_phone_number)));
    const arrivals = Array.from({ length: 60 }, () => server.tickLive());
    const existing = arrivals.filter((text) => known.has(text.remote_phone_number)).length;
    expect(existing).toBeGreaterThan(40);
    expect(existing).toBeLessThan(60);
  });

  it('delivers texts on its own every liveIntervalSeconds until closed', async () => {
    const server = await start({ liveIntervalSeconds: 0.05 });
    const count = () => server.numbers().reduce((sum, number) => sum + server.texts(number.id).length, 0);
    const before = count();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const during = count();
    expect(during).toBeGreaterThan(before);
    await server.close();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(count()).toBe(during);
  });
});
