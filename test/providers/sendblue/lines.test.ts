import { afterEach, describe, expect, it } from 'vitest';
import { startSendblueFake, type SendblueFake } from '../../../electron/demo/fakes/sendblue';
import { createSendblueClient } from '../../../electron/core/providers/sendblue/client';
import { toLineState, WireLineState } from '../../../electron/core/providers/sendblue/schemas';
import { startTestService, type TestService } from '../../support/demoService';
import { testAdapter } from './harness';

let fake: SendblueFake | undefined;
let handle: TestService | undefined;
afterEach(async () => {
  await handle?.close();
  await fake?.close();
  fake = undefined;
  handle = undefined;
});

describe('Sendblue lines', () => {
  it('come from lines/state in one request, with each line online, and no message read', async () => {
    fake = await startSendblueFake({ size: 'small' });
    const numbers = await testAdapter(fake).listNumbers();
    expect(numbers.map((n) => n.id).sort()).toEqual(fake.numbers().sort());
    expect(numbers.every((n) => n.health === 'online' && n.number === n.id)).toBe(true);
    expect(fake.requestsTo('/api/v2/lines/state')).toBe(1);
    expect(fake.requestsTo('/api/v2/messages')).toBe(0);
  });

  it('report a degraded line as degraded, with when it changed', async () => {
    fake = await startSendblueFake({ size: 'small' });
    const [first, second] = fake.numbers() as [string, string];
    fake.setLineStatus(second, 'DEGRADED');
    const adapter = testAdapter(fake);
    const numbers = await adapter.listNumbers();
    const byId = new Map(numbers.map((n) => [n.id, n]));
    expect(byId.get(first)!.health).toBe('online');
    expect(byId.get(second)!.health).toBe('degraded');
    expect(Date.parse(byId.get(second)!.healthChangedAt!)).toBeGreaterThan(Date.parse(byId.get(first)!.healthChangedAt!));
    fake.setLineStatus(second, 'OFFLINE');
    expect((await adapter.listNumbers()).find((n) => n.id === second)!.health).toBe('offline');
  });

  for (const refusal of [403, 404] as const) {
    it(`are derived from the messages when lines/state is refused with ${refusal}, and it is not asked again`, async () => {
      fake = await startSendblueFake({ size: 'small' });
      fake.refuseLineState(refusal);
      const adapter = testAdapter(fake);
      const numbers = await adapter.listNumbers();
      expect(numbers.map((n) => n.id).sort()).toEqual(fake.numbers().sort());
      expect(numbers.every((n) => n.health === undefined || n.health === null)).toBe(true);
      expect(fake.requestsTo('/api/v2/messages')).toBeGreaterThan(0);
      await adapter.listNumbers();
      expect(fake.requestsTo('/api/v2/lines/state')).toBe(1);
    });
  }

  it('are not derived when the keys themselves are refused (401)', async () => {
    fake = await startSendblueFake({ size: 'small' });
    const client = createSendblueClient({ apiKey: fake.credentials.apiKey, apiSecret: 'wrong-secret', baseUrl: fake.baseUrl });
    await expect(client.getLineStates()).rejects.toMatchObject({ status: 401, code: 'AUTH' });
    const adapter = testAdapter({ ...fake, credentials: { apiKey: fake.credentials.apiKey, apiSecret: 'wrong-secret' } });
    await expect(adapter.listNumbers()).rejects.toMatchObject({ code: 'AUTH' });
    expect(fake.requestsTo('/api/v2/messages')).toBe(0);
  });

  it('read a status the SDK does not list as unknown, and skip a line without a number', () => {
    const parse = (raw: unknown) => toLineState(WireLineState.parse(raw));
    expect(parse({ sendblue_number: '+14155550100', status: 'REBOOTING', assignment: 'shared', worker_id: 'w' })).toEqual({
      sendblueNumber: '+14155550100',
      status: 'UNKNOWN',
      assignment: 'shared',
      statusChangedAt: null,
    });
    expect(parse({ sendblue_number: null, status: 'ONLINE', assignment: 'grace_period', worker_id: 'w' })).toBeNull();
    expect(parse({ sendblueNumber: '+14155550100', status: 'degraded', statusChangedAt: '2026-05-01T10:00:00Z' })).toMatchObject({ status: 'DEGRADED', statusChangedAt: '2026-05-01T10:00:00Z' });
  });

  it('show their health in numbers:list, and a change reaches the UI as a number change', async () => {
    fake = await startSendblueFake({ size: 'small' });
    handle = await startTestService();
    await handle.call('accounts:add', { provider: 'sendblue', credentials: fake.credentials, baseUrl: fake.baseUrl });
    await handle.service.syncNow('user');
    const line = fake.numbers()[0]!;
    expect((await handle.call('numbers:list', undefined)).map((n) => n.health)).toEqual(['online', 'online']);
    const changes: number[][] = [];
    handle.service.on('data:changed', (change) => changes.push(change.numberIds));
    fake.setLineStatus(line, 'DEGRADED');
    await handle.service.syncNow('user');
    const numbers = await handle.call('numbers:list', undefined);
    const degraded = numbers.find((n) => n.providerId === line)!;
    expect(degraded.health).toBe('degraded');
    expect(changes).toContainEqual([degraded.id]);
  });
});
