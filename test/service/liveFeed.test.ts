import { afterEach, describe, expect, it } from 'vitest';
import { startSendblueFake, type SendblueFake } from '../../electron/demo/fakes/sendblue';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import type { InboundEvent } from '../../electron/core/serviceTypes';
import { startTestService, type TestService } from '../support/demoService';

let fake: SendblueFake | undefined;
let handle: TestService | undefined;
let inkbox: DemoServer | undefined;
afterEach(async () => {
  await handle?.close();
  await fake?.close();
  await inkbox?.close();
  handle = undefined;
  fake = undefined;
  inkbox = undefined;
});

/** Waits for a state the service reaches by itself; the timeout only bounds a failure. */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A service with no scheduler (no polling at all) and Sendblue's live feed on, synced once. */
async function liveService(): Promise<{ fake: SendblueFake; handle: TestService }> {
  fake = await startSendblueFake({ size: 'small', eventHeartbeatMs: 50 });
  handle = await startTestService({ liveFeeds: { enabled: true, minBackoffMs: 20, maxBackoffMs: 100 } });
  await handle.call('accounts:add', { provider: 'sendblue', credentials: fake.credentials, baseUrl: fake.baseUrl });
  await handle.service.syncNow('user');
  await until(() => fake!.eventStreams() === 1, 'the event stream to open');
  return { fake, handle };
}

async function cached(h: TestService, handle: string): Promise<boolean> {
  return h.service.resolveMessageId(handle) !== null;
}

describe('the live feed in the service', () => {
  it('shows a new text without any poll and raises its notification', async () => {
    const { fake, handle } = await liveService();
    const inbound: InboundEvent[] = [];
    handle.service.on('inbound', (event) => inbound.push(event));
    const line = fake.numbers()[1]!;
    const text = fake.insertInbound({ sendblueNumber: line, from: '+15557650101', content: 'Is the blue one still there?' });
    await until(() => cached(handle, text.message_handle), 'the text to reach the cache');
    await until(() => inbound.length > 0, 'the inbound event');
    expect(inbound.flatMap((e) => e.messages.map((m) => m.text))).toContain('Is the blue one still there?');
  });

  it('fetches what arrived while the stream was down once it is back', async () => {
    const { fake, handle } = await liveService();
    fake.refuseEvents(500);
    fake.dropEventStreams();
    await until(() => fake.eventStreams() === 0, 'the stream to drop');
    // Sent while no stream is open: no event will ever carry it.
    const text = fake.insertInbound({ sendblueNumber: fake.numbers()[0]!, from: '+15557650102', content: 'Sent during the outage' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await cached(handle, text.message_handle)).toBe(false);
    fake.refuseEvents(null);
    await until(() => cached(handle, text.message_handle), 'the gap to be filled by the walk');
    expect(fake.eventStreams()).toBe(1);
  });

  it('refreshes a line’s health when its status changes, with no sync asked for', async () => {
    const { fake, handle } = await liveService();
    const line = fake.numbers()[0]!;
    fake.setLineStatus(line, 'DEGRADED');
    await until(async () => (await handle.call('numbers:list', undefined)).some((n) => n.providerId === line && n.health === 'degraded'), 'the degraded line');
  });

  it('closes the stream when the account is removed or the network goes away, and reopens it on return', async () => {
    const { fake, handle } = await liveService();
    handle.service.setOnline(false);
    await until(() => fake.eventStreams() === 0, 'the stream to close offline');
    handle.service.setOnline(true);
    await until(() => fake.eventStreams() === 1, 'the stream to reopen online');
    const [account] = await handle.call('accounts:list', undefined);
    await handle.call('accounts:remove', { accountId: account!.id });
    await until(() => fake.eventStreams() === 0, 'the stream to close with its account');
  });
  it('walks only its own account when the stream reopens: the other accounts are not asked again', async () => {
    const { fake, handle } = await liveService();
    inkbox = await startDemoServer({ size: 'tiny', apiKey: 'inkbox-key' });
    await handle.call('accounts:add', { provider: 'inkbox', credentials: { apiKey: 'inkbox-key' }, baseUrl: inkbox.baseUrl });
    const numbers = await handle.call('numbers:list', undefined);
    const sendblueNumber = numbers.find((n) => n.providerId === fake.numbers()[0])!;
    // Waiting on a sync of one Sendblue number also waits out every sync already running or queued.
    const settled = () => handle.service.syncNow('live', sendblueNumber.id);
    await settled();
    const inkboxRequests = inkbox.requestCount();

    fake.refuseEvents(500);
    fake.dropEventStreams();
    await until(() => fake.eventStreams() === 0, 'the stream to drop');
    const text = fake.insertInbound({ sendblueNumber: fake.numbers()[0]!, from: '+15557650103', content: 'Sent while the stream was down' });
    fake.refuseEvents(null);
    await until(() => cached(handle, text.message_handle), 'the gap to be filled by the walk');
    await settled();
    expect(inkbox.requestCount()).toBe(inkboxRequests);
  });
});
