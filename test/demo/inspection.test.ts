import { describe, expect, it } from 'vitest';
import type { DemoConversationSummary, DemoText } from '../../electron/demo/inkbox/index';
import { api, firstNumberId, getJson, manualClock, useDemoServers } from './helpers';

describe('changes made elsewhere', () => {
  const start = useDemoServers();

  it('insertInbound adds an unread text the API lists first', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const text = server.insertInbound(id, '+15035550199', 'Is the patio open tonight?');
    expect(text).toMatchObject({ direction: 'inbound', type: 'sms', media: null, is_read: false, remote_phone_number: '+15035550199' });
    expect((await getJson<DemoText[]>(server, `/numbers/${id}/texts?limit=1`))[0]).toEqual(text);
    expect(() => server.insertInbound(id, '+15035550199', null)).toThrow();
  });

  it('setRead changes read state and the unread count, seen through the API', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const text = server.texts(id).find((candidate) => candidate.is_read && candidate.direction === 'inbound');
    const remote = text?.remote_phone_number ?? '';
    const unread = async () =>
      (await getJson<DemoConversationSummary[]>(server, `/numbers/${id}/texts/conversations`)).find((summary) => summary.remote_phone_number === remote)
        ?.unread_count;
    const before = await unread();
    server.setRead(id, text?.id ?? '', false);
    expect(await unread()).toBe((before ?? 0) + 1);
    expect((await getJson<DemoText>(server, `/numbers/${id}/texts/${text?.id}`)).is_read).toBe(false);
  });

  it('deleteText makes the text answer 404', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const text = server.texts(id)[0];
    server.deleteText(id, text?.id ?? '');
    expect((await api(server, `/numbers/${id}/texts/${text?.id}`)).status).toBe(404);
    expect(server.texts(id).some((candidate) => candidate.id === text?.id)).toBe(false);
  });

  it('editText changes the text and moves updated_at forward', async () => {
    const clock = manualClock();
    const server = await start({ now: clock.now });
    const id = firstNumberId(server);
    const text = server.texts(id)[3];
    clock.advance(5_000);
    server.editText(id, text?.id ?? '', 'Edited on the web app');
    const after = await getJson<DemoText>(server, `/numbers/${id}/texts/${text?.id}`);
    expect(after.text).toBe('Edited on the web app');
    expect(after.updated_at > (text?.updated_at ?? '')).toBe(true);
    expect(after.created_at).toBe(text?.created_at);
  });

  it('throws for unknown numbers and texts rather than failing silently', async () => {
    const server = await start();
    expect(() => server.texts('00000000-0000-4000-8000-000000000000')).toThrow();
    expect(() => server.setRead(firstNumberId(server), 'nope', true)).toThrow();
  });
});

describe('releasing a number', () => {
  const start = useDemoServers();

  it('answers 404 on every route of that number and drops it from /numbers', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const text = server.texts(id)[0];
    const remote = encodeURIComponent(text?.remote_phone_number ?? '');
    server.releaseNumber(id);
    for (const path of [
      `/numbers/${id}`,
      `/numbers/${id}/texts`,
      `/numbers/${id}/texts/${text?.id}`,
      `/numbers/${id}/texts/search?q=hi`,
      `/numbers/${id}/texts/conversations`,
      `/numbers/${id}/texts/conversations/${remote}`,
    ]) {
      expect((await api(server, path)).status, path).toBe(404);
    }
    const patchResponse = await api(server, `/numbers/${id}/texts/${text?.id}`, { method: 'PATCH', body: JSON.stringify({ is_read: true }) });
    expect(patchResponse.status).toBe(404);
    const numbers = await getJson<{ id: string }[]>(server, '/numbers');
    expect(numbers.map((number) => number.id)).not.toContain(id);
    expect(numbers).toHaveLength(2);
    expect(() => server.insertInbound(id, '+15035550100', 'hello')).toThrow();
  });

  it('keeps the other numbers working and live arrivals away from the released one', async () => {
    const server = await start();
    const [released, kept] = server.numbers();
    server.releaseNumber(released?.id ?? '');
    expect((await api(server, `/numbers/${kept?.id}/texts`)).status).toBe(200);
    const arrivals = Array.from({ length: 10 }, () => server.tickLive());
    expect(arrivals.some((text) => text.local_phone_number === released?.number)).toBe(false);
  });
});
