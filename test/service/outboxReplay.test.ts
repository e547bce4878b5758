import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import { TEST_DEMO_ANCHOR, scratchDir } from '../support/fixtures';
import { call, startService } from '../support/serviceHost';

let server: DemoServer | undefined;
let scratch: ReturnType<typeof scratchDir> | undefined;
afterEach(async () => {
  await server?.close();
  scratch?.cleanup();
  server = undefined;
  scratch = undefined;
});

describe('the outbox across a restart', () => {
  it('keeps a read and a delete made while the server was unreachable, and pushes them after a restart without a sync undoing them', async () => {
    server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny' });
    scratch = scratchDir('textdesk-outbox-');
    const first = await startService(scratch.dir, server.apiKey);
    await first.start();
    await call(first, 'accounts:add', { provider: 'inkbox', credentials: { apiKey: server.apiKey }, baseUrl: server.baseUrl, label: 'Demo' });
    await first.syncNow('user');
    const numberId = server.numbers()[0]!.id;
    const toRead = server.texts(numberId).find((t) => t.direction === 'inbound' && !t.is_read)!;
    const toDelete = server.texts(numberId).find((t) => t.id !== toRead.id)!;

    server.setFaults({ resetRate: 1 });
    await call(first, 'message:setRead', { messageId: first.resolveMessageId(toRead.id)!, isRead: true });
    const outcome = await call(first, 'message:delete', { messageId: first.resolveMessageId(toDelete.id)! });
    expect(outcome).toMatchObject({ scope: 'server', queued: true });
    expect(await first.pushNow()).toBe(2);
    await first.stop();

    // Back online; a new service on the same folder, as after relaunching the app.
    server.setFaults({});
    const second = await startService(scratch.dir, server.apiKey);
    await second.start();
    expect((await call(second, 'sync:status', undefined)).pendingActions).toBe(2);
    await second.syncNow('user');
    expect((await call(second, 'sync:status', undefined)).pendingActions).toBe(0);
    expect(server.texts(numberId).find((t) => t.id === toRead.id)?.is_read).toBe(true);
    expect(server.texts(numberId).some((t) => t.id === toDelete.id)).toBe(false);
    const readId = second.resolveMessageId(toRead.id)!;
    const context = await call(second, 'search:context', { messageId: readId, before: 0, after: 0 });
    expect(context.messages.find((m) => m.id === readId)?.isRead).toBe(true);
    expect(second.resolveMessageId(toDelete.id)).toBeNull();
    await second.stop();
  });

  it('shows a queued read as read throughout the sync that pushes it, though the server still says unread', async () => {
    server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny' });
    scratch = scratchDir('textdesk-outbox-');
    const service = await startService(scratch.dir, server.apiKey);
    await service.start();
    await call(service, 'accounts:add', { provider: 'inkbox', credentials: { apiKey: server.apiKey }, baseUrl: server.baseUrl, label: 'Demo' });
    await service.syncNow('user');
    const numberId = server.numbers()[0]!.id;
    const target = server.texts(numberId).find((t) => t.direction === 'inbound' && !t.is_read)!;
    const messageId = service.resolveMessageId(target.id)!;

    // Pushes fail (the PATCH is refused mid-flight) while reads of the lists still succeed.
    server.setFaults({ resetRate: 1 });
    await call(service, 'message:setRead', { messageId, isRead: true });
    await service.pushNow();
    server.setFaults({});
    server.setRead(numberId, target.id, false); // the server still says unread
    const conversationId = (await call(service, 'search:context', { messageId, before: 0, after: 0 })).conversation.id;
    const seen: boolean[] = [];
    service.on('data:changed', () => {
      void call(service, 'thread:page', { conversationId, limit: 500 }).then((page) =>
        seen.push(page.messages.find((m) => m.id === messageId)?.isRead ?? true),
      );
    });
    await service.syncNow('user');
    expect(seen.every((isRead) => isRead)).toBe(true);
    expect(server.texts(numberId).find((t) => t.id === target.id)?.is_read).toBe(true);
    await service.stop();
  });
});
