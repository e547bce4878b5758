import { describe, expect, it } from 'vitest';
import type { DemoConversationSummary, DemoText } from '../../electron/demo/inkbox/index';
import { api, firstNumberId, getJson, manualClock, patch, useDemoServers, type ValidationBody } from './helpers';

describe('PATCH /numbers/{id}/texts/{text_id}', () => {
  const start = useDemoServers();

  it('marks a text unread and read, answering the updated text with a new updated_at', async () => {
    const clock = manualClock();
    const server = await start({ now: clock.now });
    const id = firstNumberId(server);
    const text = server.texts(id).find((candidate) => candidate.is_read && candidate.direction === 'inbound');
    clock.advance(60_000);
    const response = await patch(server, `/numbers/${id}/texts/${text?.id}`, { is_read: false });
    expect(response.status).toBe(200);
    const updated = (await response.json()) as DemoText;
    expect(updated.id).toBe(text?.id);
    expect(updated.is_read).toBe(false);
    expect(updated.updated_at).toBe(new Date(clock.now()).toISOString());
    const again = await patch(server, `/numbers/${id}/texts/${text?.id}`, { is_read: true });
    expect(((await again.json()) as DemoText).is_read).toBe(true);
  });

  it('deletes with status "deleted", answers the text as deleted, then hides it everywhere', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const victim = server.texts(id).find((text) => text.text !== null && text.remote_phone_number !== null);
    if (!victim?.text) throw new Error('no text to delete');
    const remote = victim.remote_phone_number ?? '';
    const before = await getJson<DemoConversationSummary[]>(server, `/numbers/${id}/texts/conversations`);

    const response = await patch(server, `/numbers/${id}/texts/${victim.id}`, { status: 'deleted' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as DemoText).status).toBe('deleted');

    expect((await api(server, `/numbers/${id}/texts/${victim.id}`)).status).toBe(404);
    expect((await patch(server, `/numbers/${id}/texts/${victim.id}`, { is_read: true })).status).toBe(404);
    const list = await getJson<DemoText[]>(server, `/numbers/${id}/texts?limit=200`);
    expect(list.some((text) => text.id === victim.id)).toBe(false);
    const thread = await getJson<DemoText[]>(server, `/numbers/${id}/texts/conversations/${encodeURIComponent(remote)}?limit=200`);
    expect(thread.some((text) => text.id === victim.id)).toBe(false);
    const found = await getJson<DemoText[]>(server, `/numbers/${id}/texts/search?q=${encodeURIComponent(victim.text)}&limit=200`);
    expect(found.some((text) => text.id === victim.id)).toBe(false);
    const after = await getJson<DemoConversationSummary[]>(server, `/numbers/${id}/texts/conversations`);
    const totalBefore = before.find((summary) => summary.remote_phone_number === remote)?.total_count ?? 0;
    const totalAfter = after.find((summary) => summary.remote_phone_number === remote)?.total_count ?? 0;
    expect(totalAfter).toBe(totalBefore - 1);
  });

  it.each([
    ['an empty object', '{}', 'value_error'],
    ['an empty body', '', 'missing'],
    ['invalid JSON', '{"is_read": tru', 'json_invalid'],
    ['an array', '[true]', 'model_attributes_type'],
    ['is_read as a string', '{"is_read": "yes"}', 'bool_type'],
    ['is_read as a number', '{"is_read": 1}', 'bool_type'],
    ['another status', '{"status": "archived"}', 'literal_error'],
    ['status "active"', '{"status": "active"}', 'literal_error'],
    ['status as a number', '{"status": 3}', 'literal_error'],
  ])('answers 422 for %s', async (_label, body, type) => {
    const server = await start();
    const id = firstNumberId(server);
    const text = server.texts(id)[0];
    const response = await patch(server, `/numbers/${id}/texts/${text?.id}`, body);
    expect(response.status).toBe(422);
    const detail = ((await response.json()) as ValidationBody).detail;
    expect(detail.map((error) => error.type)).toContain(type);
    expect(detail.every((error) => error.loc[0] === 'body')).toBe(true);
    expect(server.texts(id)[0]).toEqual(text);
  });

  it('answers 422 for any status once rejectDeleteStatus is on, as newer servers do', async () => {
    const server = await start({ faults: { rejectDeleteStatus: true } });
    const id = firstNumberId(server);
    const text = server.texts(id)[0];
    const response = await patch(server, `/numbers/${id}/texts/${text?.id}`, { status: 'deleted' });
    expect(response.status).toBe(422);
    expect(((await response.json()) as ValidationBody).detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'status'] });
    expect(server.texts(id)[0]?.id).toBe(text?.id);
    expect((await patch(server, `/numbers/${id}/texts/${text?.id}`, { is_read: false })).status).toBe(200);
  });

  it('applies is_read and status together', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const text = server.texts(id).find((candidate) => candidate.is_read);
    const response = await patch(server, `/numbers/${id}/texts/${text?.id}`, { is_read: false, status: 'deleted' });
    expect(await response.json()).toMatchObject({ is_read: false, status: 'deleted' });
  });
});
