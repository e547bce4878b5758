import SendblueAPI, { AuthenticationError, NotFoundError } from 'sendblue';
import type { LineGetStateResponse } from 'sendblue/resources/lines/lines';
import type { MessageListResponse, MessageRetrieveResponse } from 'sendblue/resources/messages/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { startSendblueFake, type SendblueFake } from '../../../electron/demo/fakes/sendblue';

/** The official SDK, pointed at the fake: proof that the fake speaks Sendblue's wire format. */

let fake: SendblueFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function sdk(apiSecret = fake!.credentials.apiSecret): SendblueAPI {
  return new SendblueAPI({ apiKey: fake!.credentials.apiKey, apiSecret, baseURL: fake!.baseUrl, maxRetries: 0 });
}

describe('the official sendblue SDK against the fake', () => {
  it('lists a line’s messages with its own types, filters and pagination', async () => {
    fake = await startSendblueFake({ size: 'small' });
    const line = fake.numbers()[0]!;
    const page: MessageListResponse = await sdk().messages.list({
      sendblue_number: line,
      order_by: 'createdAt',
      order_direction: 'asc',
      limit: 10,
      offset: 0,
    });
    expect(page.status).toBe('OK');
    expect(page.pagination).toEqual({ hasMore: true, limit: 10, offset: 0, total: fake.messages(line).length });
    expect(page.data?.map((m) => m.message_handle)).toEqual(fake.messages(line).slice(0, 10).map((m) => m.message_handle));
    const first = page.data![0]!;
    expect(first.accountEmail).toBe('owner@example.com');
    expect(['iMessage', 'SMS', 'RCS']).toContain(first.service);
  });

  it('reads the messages updated since a time, as the increments do', async () => {
    fake = await startSendblueFake();
    const line = fake.numbers()[0]!;
    const outbound = fake.messages(line).find((m) => m['is_outbound'])!;
    const updated = fake.updateStatus(outbound.message_handle, 'DELIVERED');
    const page = await sdk().messages.list({
      sendblue_number: line,
      updated_at_gte: String(updated['date_updated']),
      order_by: 'updatedAt',
      order_direction: 'asc',
    });
    expect(page.data?.map((m) => [m.message_handle, m.status])).toEqual([[outbound.message_handle, 'DELIVERED']]);
  });

  it('retrieves one message by handle', async () => {
    fake = await startSendblueFake();
    const group = fake.groups()[0]!;
    const inGroup = fake.messages(group.sendblueNumber).find((m) => m['group_id'] === group.id)!;
    const answer: MessageRetrieveResponse = await sdk().messages.retrieve(inGroup.message_handle);
    expect(answer.data?.group_id).toBe(group.id);
    expect(answer.data?.participants).toEqual(group.participants);
    await expect(sdk().messages.retrieve('missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is refused with its AuthenticationError when the secret is wrong', async () => {
    fake = await startSendblueFake();
    await expect(sdk('wrong-secret').messages.list()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('reads the lines state with its own types, a degraded line included', async () => {
    fake = await startSendblueFake({ size: 'small' });
    const line = fake.numbers()[1]!;
    fake.setLineStatus(line, 'DEGRADED');
    const state: LineGetStateResponse = await sdk().lines.getState();
    expect(state.status).toBe('OK');
    expect(state.data.map((l) => l.sendblue_number).sort()).toEqual(fake.numbers().sort());
    const degraded = state.data.find((l) => l.sendblue_number === line)!;
    expect(degraded).toMatchObject({ status: 'DEGRADED', assignment: 'assigned' });
    expect(degraded.degraded_since).toBe(degraded.status_changed_at);
  });
});
