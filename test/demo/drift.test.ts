import { describe, expect, it } from 'vitest';
import type { DemoConversationSummary, DemoText } from '../../electron/demo/inkbox/index';
import { firstNumberId, getJson, useDemoServers } from './helpers';

describe('demo server drift', () => {
  const start = useDemoServers();

  it('inserts inbound texts at the head before each list request, so the next page repeats an item', async () => {
    const server = await start({ faults: { drift: { insertPerRequest: 1 } } });
    const id = firstNumberId(server);
    const before = server.texts(id).length;
    const first = await getJson<DemoText[]>(server, `/numbers/${id}/texts?limit=5&offset=0`);
    const second = await getJson<DemoText[]>(server, `/numbers/${id}/texts?limit=5&offset=5`);
    expect(second[0]?.id).toBe(first[4]?.id);
    expect(server.texts(id).length).toBe(before + 2);
    const newest = server.texts(id)[0];
    expect(newest).toMatchObject({ direction: 'inbound', is_read: false });
    expect(first[0]?.direction).toBe('inbound');
  });

  it('deletes texts before each list request, so offsets skip ahead', async () => {
    const server = await start({ faults: { drift: { deletePerRequest: 3 } } });
    const id = firstNumberId(server);
    const before = server.texts(id).map((text) => text.id);
    const page = await getJson<DemoText[]>(server, `/numbers/${id}/texts?limit=200`);
    expect(page).toHaveLength(before.length - 3);
    expect(server.texts(id)).toHaveLength(before.length - 3);
  });

  it('drifts the conversation list and threads too, but not single-text reads or search', async () => {
    const server = await start({ faults: { drift: { insertPerRequest: 1 } } });
    const id = firstNumberId(server);
    const count = () => server.texts(id).length;
    const start0 = count();
    const [summary] = await getJson<DemoConversationSummary[]>(server, `/numbers/${id}/texts/conversations?limit=1`);
    expect(count()).toBe(start0 + 1);
    await getJson(server, `/numbers/${id}/texts/conversations/${encodeURIComponent(summary?.remote_phone_number ?? '')}`);
    expect(count()).toBe(start0 + 2);
    await getJson(server, `/numbers/${id}/texts/${server.texts(id)[0]?.id}`);
    await getJson(server, `/numbers/${id}/texts/search?q=hi`);
    expect(count()).toBe(start0 + 2);
  });

  it('changes nothing when drift is off', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const before = server.texts(id);
    await getJson(server, `/numbers/${id}/texts`);
    await getJson(server, `/numbers/${id}/texts/conversations`);
    expect(server.texts(id)).toEqual(before);
  });
});
