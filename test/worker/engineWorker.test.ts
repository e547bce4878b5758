import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { writerNiceness } from '../../electron/worker/priority';
import { dispatch } from '../../electron/core/dispatch';
import { secretStoreOver } from '../../electron/core/secrets/scoped';
import { startEngineClient, type EngineClient } from '../../electron/worker/engineClient';
import { startDemoServer } from '../../electron/demo/inkbox';
import { memorySecrets } from '../support/demoService';
import { scratchDir, TEST_DEMO_ANCHOR } from '../support/fixtures';
import { consoleErrors, memorySettings } from '../support/serviceHost';

let engine: EngineClient | null = null;
const scratch = scratchDir('textdesk-engine-');

afterEach(async () => {
  await engine?.stop();
  engine = null;
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** An engine with no accounts, demo or schedule, its keys and settings in memory. */
function quietEngine(dataDir: string): Parameters<typeof startEngineClient>[0] {
  return {
    dataDir,
    host: 'web',
    version: 'test',
    platform: process.platform,
    secrets: memorySecrets(),
    settings: memorySettings(),
    logger: { ...consoleErrors, error: () => {} },
    mediaUrlTemplate: 'media://{hash}',
    schedule: false,
  };
}

describe('the engine in a worker thread', () => {
  it('files an account\'s key under its cache\'s installation, as the engine in process does', async () => {
    const entries = new Map<string, string>();
    const store = secretStoreOver('test keychain', {
      get: async (name) => entries.get(name) ?? null,
      set: async (name, secret) => void entries.set(name, secret),
      delete: async (name) => void entries.delete(name),
    });
    const server = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, size: 'tiny', apiKey: 'worker-key' });
    try {
      engine = await startEngineClient({
        dataDir: scratchDir('textdesk-engine-scope-').dir,
        host: 'web',
        version: 'test',
        platform: process.platform,
        secrets: store,
        settings: memorySettings(),
        logger: { ...consoleErrors, error: () => {} },
        mediaUrlTemplate: 'media://{hash}',
        schedule: false,
      });
      await engine.start();
      const added = await dispatch(engine.handlers, 'accounts:add', { provider: 'inkbox', credentials: { apiKey: 'worker-key' }, baseUrl: server.baseUrl });
      if (!added.ok) throw new Error(added.error.message);
      expect([...entries.keys()]).toEqual([expect.stringMatching(new RegExp(`^[0-9a-f]{32}/account-${(added.value as { id: number }).id}$`))]);
    } finally {
      await server.close();
    }
  }, 60_000);

  it.runIf(process.platform === 'linux')('runs the writer nicer than the host\'s thread, and the host at its own priority', async () => {
    const niceOfThreads = () =>
      readdirSync('/proc/self/task').map((task) => {
        // Field 19 of stat is the nice value; the command name before it may hold spaces.
        const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
    const own = getPriority(0);
    const before = niceOfThreads().filter((nice) => nice === Math.min(19, own + writerNiceness)).length;
    engine = await startEngineClient(quietEngine(scratchDir('textdesk-engine-nice-').dir));
    await engine.start();
    // The writer, and any thread it starts (the background quick_check) inherits its nice value.
    expect(niceOfThreads().filter((nice) => nice === Math.min(19, own + writerNiceness)).length).toBeGreaterThan(before);
    expect(getPriority(0)).toBe(own);
  }, 60_000);

  it('answers the contract over its port, sends events, and comes back whole after a crash', async () => {
    const settings = memorySettings();
    engine = await startEngineClient({
      dataDir: scratch.dir,
      host: 'web',
      version: 'test',
      platform: process.platform,
      secrets: memorySecrets(),
      settings,
      logger: { ...consoleErrors, error: () => {} },
      mediaUrlTemplate: 'media://{hash}',
      demo: { offerWhenEmpty: true, size: 'tiny', providers: [] },
      schedule: false,
    });
    const statuses: string[] = [];
    engine.on('sync:status', (status) => statuses.push(status.state));
    await engine.start();
    const call = async (channel: string, input?: unknown) => {
      const envelope = await dispatch(engine!.handlers, channel, input);
      if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
      return envelope.value as never;
    };
    await engine.syncNow('user');
    expect(((await call('sync:status')) as { lastSyncedAt: string | null }).lastSyncedAt).not.toBeNull();
    expect(statuses.length).toBeGreaterThan(0);

    const before = (await call('conversations:list', { limit: 500 })) as { conversations: { id: number; unreadCount: number; totalCount: number }[] };
    expect(before.conversations.length).toBeGreaterThan(0);
    // A write through the worker: one unread conversation marked read, pushed to the server.
    const target = before.conversations.find((c) => c.unreadCount > 0)!;
    expect(target).toBeTruthy();
    expect(((await call('conversations:setRead', { conversationId: target.id, isRead: true })) as { unreadCount: number }).unreadCount).toBe(0);
    // Bad input is refused by the contract before it reaches the worker; errors thrown in the worker keep their code.
    expect((await dispatch(engine.handlers, 'thread:page', { conversationId: -1, limit: 10 })).ok).toBe(false);
    const missing = await dispatch(engine.handlers, 'conversations:get', { conversationId: 999_999_999 });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    // Settings written in the engine reach the host's store.
    await call('settings:set', { syncIntervalSeconds: 120 });
    await until(async () => settings.get().syncIntervalSeconds === 120, 'the settings write');
    // And one the host makes itself (the tray's do-not-disturb) reaches the engine's copy.
    engine.settingsChanged(settings.set({ doNotDisturb: true }));
    expect(await call('settings:get')).toMatchObject({ doNotDisturb: true, syncIntervalSeconds: 120 });

    const firstThread = engine.threadId();
    await engine.crashForTest();
    expect(engine.threadId()).not.toBe(firstThread);
    const after = (await call('conversations:list', { limit: 500 })) as typeof before;
    expect(after.conversations.map((c) => [c.id, c.totalCount])).toEqual(before.conversations.map((c) => [c.id, c.totalCount]));
    expect(after.conversations.find((c) => c.id === target.id)!.unreadCount).toBe(0);
    expect(await engine.unreadCount()).toBe(after.conversations.reduce((sum, c) => sum + c.unreadCount, 0));
  }, 60_000);

  it('answers a call in flight when the worker dies with an error that says so, and the next call works', async () => {
    engine = await startEngineClient(quietEngine(scratchDir('textdesk-engine-').dir));
    await engine.start();
    const inFlight = dispatch(engine.handlers, 'accounts:list', undefined);
    const crash = engine.crashForTest();
    const answer = await inFlight;
    // Either it was answered before the worker died, or it is told the engine stopped.
    if (!answer.ok) expect(answer.error).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/engine stopped/) });
    await crash;
    expect(await dispatch(engine.handlers, 'accounts:list', undefined)).toEqual({ ok: true, value: [] });
  }, 60_000);
});
