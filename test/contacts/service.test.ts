import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { Conversation } from '../../shared/model';
import { dispatch } from '../../electron/core/dispatch';
import { startHeymarketFake } from '../../electron/demo/fakes/heymarket';
import { startSendblueFake, type SendblueFake } from '../../electron/demo/fakes/sendblue';
import { personFor } from '../../electron/demo/fakes/people';
import { createService, type TextdeskService } from '../../electron/core/service';
import { memorySecrets, startTestService, type TestService } from '../support/demoService';
import { scratchDir } from '../support/fixtures';
import { consoleErrors, memorySettings } from '../support/serviceHost';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function all(handle: Pick<TestService, 'call'>): Promise<Conversation[]> {
  return (await handle.call('conversations:list', { limit: 500 })).conversations;
}

/** A service on a folder that outlives it, so that a second one opens the same cache (a restart). */
function restartable() {
  const scratch = scratchDir('textdesk-contacts-');
  cleanups.push(() => scratch.cleanup());
  const secrets = memorySecrets();
  const settings = memorySettings();
  return async () => {
    const service: TextdeskService = await createService({
      dataDir: scratch.dir,
      host: 'web',
      version: 'test',
      platform: process.platform,
      secrets,
      settings,
      logger: consoleErrors,
      mediaUrl: (hash) => `media://${hash}`,
      schedule: false,
    });
    await service.start();
    const call = async <C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>> => {
      const envelope = await dispatch(service.handlers, channel, input, () => {});
      if (!envelope.ok) throw new Error(`${channel} answered ${envelope.error.code}: ${envelope.error.message}`);
      return envelope.value as ChannelOutput<C>;
    };
    return { service, call, stop: () => service.stop() };
  };
}

async function withSendblue(): Promise<{ fake: SendblueFake; open: ReturnType<typeof restartable> }> {
  const fake = await startSendblueFake({ size: 'small' });
  cleanups.push(() => fake.close());
  return { fake, open: restartable() };
}

describe('names from a provider address book', () => {
  it('name conversations and their texts, and carry the opt-out state, after a sync', async () => {
    const { fake, open } = await withSendblue();
    const app = await open();
    cleanups.push(() => app.stop());
    await app.call('accounts:add', { provider: 'sendblue', credentials: fake.credentials, baseUrl: fake.baseUrl });
    await app.service.syncNow('user');

    const conversations = (await all(app)).filter((c) => !c.isGroup);
    expect(conversations.length).toBeGreaterThan(10);
    let named = 0;
    let optedOut = 0;
    for (const conversation of conversations) {
      const person = personFor(conversation.remote);
      expect(conversation.remoteName ?? null).toBe(person ? `${person.first} ${person.last}` : null);
      expect(conversation.optedOut ?? null).toBe(person ? person.optedOut : null);
      if (person) named += 1;
      if (person?.optedOut) optedOut += 1;
      const { messages } = await app.call('thread:page', { conversationId: conversation.id, limit: 5 });
      for (const message of messages) expect(message.remoteName ?? null).toBe(conversation.remoteName ?? null);
    }
    expect(named).toBeGreaterThan(0);
    expect(named).toBeLessThan(conversations.length);
    expect(optedOut).toBeGreaterThan(0);

    const rows: { remote_phone_number: string; remote_name: string | null }[] = [];
    let json = '';
    app.service.exportTo((chunk) => (json += chunk), { format: 'json' });
    rows.push(...JSON.parse(json));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const conversation = conversations.find((c) => c.remote === row.remote_phone_number);
      if (conversation) expect(row.remote_name).toBe(conversation.remoteName ?? null);
      expect('remote_name' in row).toBe(true);
    }
  });

  it('a local name wins over the provider, survives syncs, a provider edit and a restart; removing it shows the provider\'s again', async () => {
    const { fake, open } = await withSendblue();
    let app = await open();
    await app.call('accounts:add', { provider: 'sendblue', credentials: fake.credentials, baseUrl: fake.baseUrl });
    await app.service.syncNow('user');
    const target = (await all(app)).find((c) => !c.isGroup && c.remoteName)!;
    const national = target.remote.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');
    expect(national).not.toBe(target.remote);

    expect(await app.call('contacts:set', { phone: national, name: '  Mom \u0007' })).toEqual({ phone: target.remote, name: 'Mom' });
    expect((await app.call('conversations:get', { conversationId: target.id })).remoteName).toBe('Mom');

    fake.putContact({ ...fake.contacts().find((c) => c.phone === target.remote)!, first_name: 'Renamed', last_name: 'Elsewhere' });
    await app.service.syncNow('user');
    expect((await app.call('conversations:get', { conversationId: target.id })).remoteName).toBe('Mom');
    await app.stop();

    app = await open();
    cleanups.push(() => app.stop());
    expect((await app.call('conversations:get', { conversationId: target.id })).remoteName).toBe('Mom');
    await app.service.syncNow('start');
    expect((await app.call('conversations:get', { conversationId: target.id })).remoteName).toBe('Mom');
    const listed = await app.call('contacts:list', { query: 'mom' });
    expect(listed.contacts).toEqual([expect.objectContaining({ phone: target.remote, name: 'Mom', source: 'local' })]);

    expect(await app.call('contacts:set', { phone: target.remote, name: null })).toEqual({ phone: target.remote, name: 'Renamed Elsewhere' });
    expect((await app.call('conversations:get', { conversationId: target.id })).remoteName).toBe('Renamed Elsewhere');
  });

  it('looks up a party new since the refresh, so its first notification carries the name', async () => {
    const { fake, open } = await withSendblue();
    const app = await open();
    cleanups.push(() => app.stop());
    await app.call('accounts:add', { provider: 'sendblue', credentials: fake.credentials, baseUrl: fake.baseUrl });
    await app.service.syncNow('user');
    const stranger = '+14155557788';
    fake.putContact({ phone: stranger, first_name: 'Nina', last_name: 'Newcomer', opt_out: false });
    const events: { conversations: Conversation[] }[] = [];
    app.service.on('inbound', (event) => events.push(event));
    fake.insertInbound({ sendblueNumber: fake.numbers()[0]!, from: stranger, content: 'Hi, Nina here' });
    // A routine poll: the address book is not due for a refresh, the lookup names the newcomer.
    await app.service.syncNow('interval');
    expect(events.flatMap((e) => e.conversations).map((c) => [c.remote, c.remoteName])).toEqual([[stranger, 'Nina Newcomer']]);
    expect((await app.call('contacts:list', { query: 'nina' })).contacts).toEqual([
      expect.objectContaining({ phone: stranger, name: 'Nina Newcomer', source: 'provider', provider: 'sendblue', optedOut: false }),
    ]);
  });

  it("names a party from another account's address book, and forgets that name with the account", async () => {
    const { fake, open } = await withSendblue();
    const heymarket = await startHeymarketFake({ size: 'tiny' });
    cleanups.push(() => heymarket.close());
    const app = await open();
    cleanups.push(() => app.stop());
    await app.call('accounts:add', { provider: 'sendblue', credentials: fake.credentials, baseUrl: fake.baseUrl });
    await app.service.syncNow('user');
    const target = (await all(app)).filter((c) => !c.isGroup && !c.remoteName).sort((a, b) => a.id - b.id)[0]!;
    heymarket.putContact({ phone: target.remote.slice(1), display_name: 'Known Elsewhere', first: 'Known', last: 'Elsewhere', is_opted_out: true });
    const other = await app.call('accounts:add', { provider: 'heymarket', credentials: heymarket.credentials, baseUrl: heymarket.baseUrl });
    await app.service.syncNow('user');
    // The name travels; the opt-out does not (Heymarket will not be the one sending to this party).
    expect(await app.call('conversations:get', { conversationId: target.id })).toMatchObject({ remoteName: 'Known Elsewhere', optedOut: null });
    await app.call('accounts:remove', { accountId: other.id });
    expect((await app.call('conversations:get', { conversationId: target.id })).remoteName).toBeNull();
  });

  it('refuses a number that is not one and an empty name, changing nothing', async () => {
    const handle = await startTestService({ demo: true });
    cleanups.push(() => handle.close());
    await handle.call('contacts:set', { phone: '+14155550100', name: 'Jane Doe' });
    expect(await handle.callError('contacts:set', { phone: 'not a number', name: 'X' })).toMatchObject({ code: 'VALIDATION' });
    expect(await handle.callError('contacts:set', { phone: '+14155550100', name: '\u200b \u0000' })).toMatchObject({ code: 'VALIDATION' });
    expect(await handle.callError('contacts:import', { format: 'vcf', content: 'hello, this is not a vCard' })).toMatchObject({ code: 'VALIDATION' });
    expect((await handle.call('contacts:list')).contacts).toEqual([expect.objectContaining({ phone: '+14155550100', name: 'Jane Doe' })]);
  });
});

describe('the demo: every source names its parties', () => {
  it('Inkbox, Linq and Heymarket demo accounts all bring names, and search finds a party by name', async () => {
    const handle = await startTestService({ demo: true, providers: ['linq', 'heymarket'] });
    cleanups.push(() => handle.close());
    await handle.service.syncNow('user');
    const accounts = await handle.call('accounts:list');
    const conversations = await all(handle);
    for (const account of accounts) {
      const mine = conversations.filter((c) => c.accountId === account.id && !c.isGroup);
      expect(mine.some((c) => c.remoteName), `${account.provider} names some parties`).toBe(true);
    }
    const sources = new Set((await handle.call('contacts:list', { limit: 1000 })).contacts.map((c) => c.provider));
    expect(sources).toEqual(new Set(accounts.map((a) => a.provider)));

    // Pick the named party with the most received texts, and search by its name.
    const named = conversations.filter((c) => c.remoteName && !c.isGroup);
    const target = named.sort((a, b) => b.totalCount - a.totalCount || a.id - b.id)[0]!;
    const namesakes = named.filter((c) => c.remoteName!.toLowerCase() === target.remoteName!.toLowerCase()).map((c) => c.id);
    const from = await handle.call('search:query', { query: `from:"${target.remoteName}"`, limit: 500, sort: 'newest' });
    expect(from.hits.length).toBeGreaterThan(0);
    // Theirs: their own conversations, and what they wrote in groups.
    const numbersOf = new Set(named.filter((c) => namesakes.includes(c.id)).map((c) => c.remote));
    for (const hit of from.hits) {
      expect(namesakes.includes(hit.conversation.id) || (hit.conversation.isGroup && numbersOf.has(hit.message.sender ?? ''))).toBe(true);
      expect(hit.message.direction).toBe('inbound');
    }
    const within = await handle.call('search:query', { query: `in:"${target.remoteName!.toUpperCase()}"`, limit: 500, sort: 'newest' });
    expect(within.hits.length).toBeGreaterThanOrEqual(from.hits.filter((h) => namesakes.includes(h.conversation.id)).length);
    expect(within.hits.every((h) => namesakes.includes(h.conversation.id))).toBe(true);

    const byWords = await handle.call('search:query', { query: target.remoteName!.split(' ')[0]!.toLowerCase() });
    expect(byWords.conversations?.map((c) => c.id)).toContain(target.id);
    expect(byWords.conversations!.every((c) => c.remoteName!.toLowerCase().includes(target.remoteName!.split(' ')[0]!.toLowerCase()))).toBe(true);

    expect(await handle.callError('search:query', { query: 'from:"Nobody Anywhere"' })).toMatchObject({ code: 'VALIDATION' });
  });

  it('"Add to contacts" imports a vCard received in a text', async () => {
    const handle = await startTestService({ demo: true });
    cleanups.push(() => handle.close());
    await handle.service.syncNow('user');
    const server = handle.fleet.inkbox()!;
    const number = server.numbers()[0]!;
    const card = 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Harvey Specter\r\nTEL;VALUE=uri:tel:+1-212-555-0142\r\nEND:VCARD\r\n';
    server.insertInbound(number.id, '+13125550177', 'His card', [{ contentType: 'text/vcard', bytes: Buffer.from(card) }]);
    await handle.service.syncNow('user');
    const conversation = (await all(handle)).find((c) => c.remote === '+13125550177')!;
    const { messages } = await handle.call('thread:page', { conversationId: conversation.id, limit: 5 });
    const media = messages.flatMap((m) => m.media).find((m) => m.contentType.startsWith('text/vcard'))!;
    const deadline = Date.now() + 10_000;
    while ((await handle.call('media:get', { mediaId: media.id })).url === null) {
      if (Date.now() > deadline) throw new Error('the card was not downloaded');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await handle.call('contacts:importFromMedia', { mediaId: media.id })).toMatchObject({ cards: 1, imported: 1, skipped: 0 });
    expect((await handle.call('contacts:list', { query: 'harvey' })).contacts).toEqual([
      expect.objectContaining({ phone: '+12125550142', name: 'Harvey Specter', source: 'local' }),
    ]);
    const photo = messages.flatMap((m) => m.media).find((m) => !m.contentType.includes('vcard'));
    if (photo) expect(await handle.callError('contacts:importFromMedia', { mediaId: photo.id })).toMatchObject({ code: 'VALIDATION' });
  });
});
