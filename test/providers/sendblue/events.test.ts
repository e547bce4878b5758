import SendblueAPI from 'sendblue';
import type { AccountEvent } from 'sendblue/resources/events';
import { afterEach, describe, expect, it } from 'vitest';
import { startSendblueFake, type SendblueFake } from '../../../electron/demo/fakes/sendblue';
import type { LiveChange } from '../../../electron/core/providers/adapter';
import { ProviderNotFoundError } from '../../../electron/core/providers/errors';
import { createSendblueClient, type SendblueAccountEvent } from '../../../electron/core/providers/sendblue/client';
import { changeOf, createSendblueAdapter } from '../../../electron/core/providers/sendblue/adapter';
import { startLiveFeed, type LiveFeed } from '../../../electron/core/sync/liveFeed';
import { fastRetries } from './harness';

let fake: SendblueFake | undefined;
let feed: LiveFeed | undefined;
const controllers: AbortController[] = [];
afterEach(async () => {
  for (const c of controllers.splice(0)) c.abort();
  await feed?.stop();
  await fake?.close();
  feed = undefined;
  fake = undefined;
});

/** Waits for a condition the system reaches by itself; the timeout only bounds a failure. */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function signal(): AbortSignal {
  const controller = new AbortController();
  controllers.push(controller);
  return controller.signal;
}

describe('the Sendblue event stream', () => {
  it('opens, stays open on heartbeats alone, and carries each change as an event', async () => {
    fake = await startSendblueFake({ size: 'small', eventHeartbeatMs: 20 });
    const client = createSendblueClient({ ...fake.credentials, baseUrl: fake.baseUrl });
    const events: SendblueAccountEvent[] = [];
    let opened = 0;
    let ended = false;
    void client
      .streamEvents({ onOpen: () => (opened += 1), onEvent: (e) => events.push(e) }, { signal: signal(), idleTimeoutMs: 200 })
      .catch(() => {})
      .finally(() => (ended = true));
    await until(() => fake!.eventStreams() === 1 && opened === 1, 'the stream to open');
    // Ten heartbeat periods and more than the idle timeout with no event: still open.
    const heartbeats = fake.requestsTo('/api/v2/events');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(ended).toBe(false);
    expect(fake.requestsTo('/api/v2/events')).toBe(heartbeats);

    const line = fake.numbers()[0]!;
    const text = fake.insertInbound({ sendblueNumber: line, from: '+15557650001', content: 'Are you open?' });
    fake.setLineStatus(line, 'DEGRADED');
    await until(() => events.length === 2, 'two events');
    expect(events[0]).toMatchObject({ type: 'message.received', data: { message_handle: text.message_handle, sendblue_number: line } });
    expect(events[1]).toMatchObject({ type: 'line.status.changed', data: { sendblue_number: line, status: 'DEGRADED' } });
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });

  it('fails with a timeout when the connection goes silent, heartbeats included', async () => {
    fake = await startSendblueFake({ eventHeartbeatMs: 20 });
    const client = createSendblueClient({ ...fake.credentials, baseUrl: fake.baseUrl });
    const stream = client.streamEvents({ onOpen: () => fake!.muteEventStreams(true), onEvent: () => {} }, { signal: signal(), idleTimeoutMs: 150 });
    await expect(stream).rejects.toMatchObject({ code: 'NETWORK', failure: 'timeout' });
  });

  it('ends when the server rotates it, and is refused plainly when not offered or the keys are wrong', async () => {
    fake = await startSendblueFake({ eventRotateMs: 50 });
    const client = createSendblueClient({ ...fake.credentials, baseUrl: fake.baseUrl });
    await expect(client.streamEvents({ onOpen: () => {}, onEvent: () => {} }, { signal: signal(), idleTimeoutMs: 5_000 })).resolves.toBeUndefined();
    fake.refuseEvents(404);
    await expect(client.streamEvents({ onOpen: () => {}, onEvent: () => {} }, { signal: signal(), idleTimeoutMs: 5_000 })).rejects.toBeInstanceOf(ProviderNotFoundError);
    fake.refuseEvents(null);
    const wrong = createSendblueClient({ apiKey: fake.credentials.apiKey, apiSecret: 'wrong-secret', baseUrl: fake.baseUrl });
    await expect(wrong.streamEvents({ onOpen: () => {}, onEvent: () => {} }, { signal: signal(), idleTimeoutMs: 5_000 })).rejects.toMatchObject({ code: 'AUTH', status: 401 });
  });

  it('is read by the official SDK as its AccountEvent', async () => {
    fake = await startSendblueFake({ eventHeartbeatMs: 20 });
    const sdk = new SendblueAPI({ apiKey: fake.credentials.apiKey, apiSecret: fake.credentials.apiSecret, baseURL: fake.baseUrl, maxRetries: 0 });
    const stream = await sdk.events.stream();
    await until(() => fake!.eventStreams() === 1, 'the SDK stream to open');
    const line = fake.numbers()[0]!;
    fake.insertInbound({ sendblueNumber: line, from: '+15557650002', content: 'hi' });
    let first: AccountEvent | undefined;
    for await (const event of stream) {
      first = event;
      break;
    }
    expect(first).toMatchObject({ type: 'message.received', version: 1, data: { sendblue_number: line } });
    expect(typeof first!.id).toBe('string');
    expect(Number.isNaN(Date.parse(first!.occurred_at))).toBe(false);
  });
});

describe('the Sendblue live feed', () => {
  function adapter(f: SendblueFake) {
    return createSendblueAdapter({ credentials: f.credentials, baseUrl: f.baseUrl, ...fastRetries, liveIdleTimeoutMs: 150 });
  }

  it('reads each event type as what it asks of the cache', () => {
    expect(changeOf('message.received', { sendblue_number: ' +14155550100 ' })).toEqual({ kind: 'texts', numberProviderId: '+14155550100' });
    expect(changeOf('message.updated', { sendblue_number: 42 })).toEqual({ kind: 'texts', numberProviderId: null });
    expect(changeOf('line.blocked', {})).toEqual({ kind: 'numbers' });
    for (const ignored of ['typing.changed', 'contact.created', 'verification.approved', 'something.new']) expect(changeOf(ignored, {})).toBeNull();
  });

  it('asks only for the events that change the cache', async () => {
    fake = await startSendblueFake({ eventHeartbeatMs: 20 });
    const client = createSendblueClient({ ...fake.credentials, baseUrl: fake.baseUrl });
    const events: SendblueAccountEvent[] = [];
    void client.streamEvents({ onOpen: () => {}, onEvent: (e) => events.push(e) }, { signal: signal(), idleTimeoutMs: 5_000 }).catch(() => {});
    await until(() => fake!.eventStreams() === 1, 'the stream to open');
    fake.sendEvent({ id: 'evt-typing', type: 'typing.changed', data: {} });
    fake.sendEvent({ id: 'evt-text', type: 'message.received', data: {} });
    await until(() => events.length === 1, 'the text event');
    expect(events.map((e) => e.id)).toEqual(['evt-text']);
  });

  it('acts once on an event delivered twice, and ignores typing and contact events', async () => {
    fake = await startSendblueFake({ eventHeartbeatMs: 20 });
    const changes: LiveChange[] = [];
    let opens = 0;
    const a = adapter(fake);
    feed = startLiveFeed({ listen: (h, s) => a.listen!(h, s), onOpen: () => (opens += 1), onChange: (c) => changes.push(c), minBackoffMs: 10 });
    await until(() => opens === 1, 'the feed to open');
    const line = fake.numbers()[0]!;
    fake.sendEvent({ id: 'evt-same', type: 'message.received', data: { sendblue_number: line } });
    fake.sendEvent({ id: 'evt-same', type: 'message.received', data: { sendblue_number: line } });
    fake.sendEvent({ id: 'evt-typing', type: 'typing.changed', data: { sendblue_number: line } });
    fake.sendEvent({ id: 'evt-contact', type: 'contact.created', data: {} });
    fake.sendEvent({ id: 'evt-line', type: 'line.status.changed', data: { sendblue_number: line, status: 'OFFLINE' } });
    fake.sendEvent({ id: 'evt-bare', type: 'message.updated', data: {} });
    await until(() => changes.length === 3, 'three changes');
    expect(changes).toEqual([
      { kind: 'texts', numberProviderId: line },
      { kind: 'numbers' },
      { kind: 'texts', numberProviderId: null },
    ]);
  });

  it('reconnects after a drop, after a silent connection and after refusals, reporting each opening', async () => {
    fake = await startSendblueFake({ eventHeartbeatMs: 20 });
    let opens = 0;
    const a = adapter(fake);
    feed = startLiveFeed({ listen: (h, s) => a.listen!(h, s), onOpen: () => (opens += 1), onChange: () => {}, minBackoffMs: 10, maxBackoffMs: 40 });
    await until(() => opens === 1, 'the first opening');
    fake.dropEventStreams();
    await until(() => opens === 2, 'the opening after a drop');
    fake.muteEventStreams(true);
    await until(() => fake!.requestsTo('/api/v2/events') >= 3, 'a new connection after silence');
    fake.muteEventStreams(false);
    fake.refuseEvents(500);
    fake.dropEventStreams();
    await until(() => fake!.requestsTo('/api/v2/events') >= 6, 'retries while refused');
    const before = opens;
    fake.refuseEvents(null);
    await until(() => opens > before && fake!.eventStreams() === 1, 'the opening once served again');
  });

  it('gives up, without retrying, on a server that does not offer the stream', async () => {
    fake = await startSendblueFake();
    fake.refuseEvents(404);
    const problems: (number | null)[] = [];
    const a = adapter(fake);
    feed = startLiveFeed({ listen: (h, s) => a.listen!(h, s), onOpen: () => {}, onChange: () => {}, onProblem: (p) => problems.push(p.retryInMs), minBackoffMs: 10 });
    await until(() => problems.length === 1, 'the refusal');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(problems).toEqual([null]);
    expect(fake.requestsTo('/api/v2/events')).toBe(1);
  });
});
