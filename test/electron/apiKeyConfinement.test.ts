import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventNames, type Channel, type Envelope } from '../../shared/contract';
import { dispatch } from '../../electron/core/dispatch';
import { startDemoServer, type DemoServer } from '../../electron/demo/inkbox';
import type { SecretStore } from '../../electron/core/hostInterfaces';
import { createService } from '../../electron/core/service';
import type { TextdeskService } from '../../electron/core/serviceTypes';
import { createFileLogger } from '../../electron/main/logger';
import { mediaUrl } from '../../electron/main/mediaHandler';
import { createSettingsStore } from '../../electron/main/settingsStore';
import { TEST_DEMO_ANCHOR, scratchDir } from '../support/fixtures';

/**
 * The API key goes in through accounts:add and must come out nowhere but the secret store: not
 * in the SQLite files, not in the log, not in anything the renderer is sent. The service runs
 * for real against the demo server; the log is the desktop app's file logger with no secrets
 * registered for masking, so a key that reached it would show.
 */

const apiKey = `sk-confine-${randomBytes(16).toString('hex')}`;
const scratch = scratchDir();
const logFile = join(scratch.dir, 'logs', 'main.log');
const stored = new Map<number, string>();
const secrets: SecretStore = {
  description: 'a test keychain',
  get: async (id) => stored.get(id) ?? null,
  set: async (id, secret) => void stored.set(id, secret),
  delete: async (id) => void stored.delete(id),
};
const rendererSaw: unknown[] = [];

let demo: DemoServer;
let service: TextdeskService;

async function call(channel: Channel, input?: unknown): Promise<Envelope<unknown>> {
  const envelope = await dispatch(service.handlers, channel, input);
  rendererSaw.push(envelope);
  return envelope;
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  demo = await startDemoServer({ anchor: TEST_DEMO_ANCHOR, apiKey, size: 'tiny', seed: 11 });
  const settingsData = { value: {} as unknown };
  service = await createService({
    dataDir: scratch.dir,
    host: 'electron',
    version: '0.0.0-test',
    platform: process.platform,
    secrets,
    settings: createSettingsStore({ read: () => settingsData.value, write: (v) => void (settingsData.value = v) }),
    logger: createFileLogger(logFile),
    mediaUrl,
    schedule: false,
  });
  for (const event of eventNames) service.on(event, (payload) => rendererSaw.push(payload));
  await service.start();

  const connection = { provider: 'inkbox', credentials: { apiKey }, baseUrl: demo.baseUrl };
  await call('accounts:test', connection);
  const added = await call('accounts:add', { ...connection, label: 'Confinement' });
  expect(added.ok, JSON.stringify(added)).toBe(true);
  await service.syncNow('user');
  await until(async () => {
    const status = await call('sync:status');
    return status.ok && (status.value as { state: string }).state !== 'syncing';
  });
  const list = await call('conversations:list', {});
  const first = list.ok ? (list.value as { conversations: Array<{ id: number }> }).conversations[0] : undefined;
  expect(first, 'the sync brought conversations in').toBeDefined();
  if (first) await call('thread:page', { conversationId: first.id });
  await call('search:query', { query: 'hello' });
  for (const channel of ['accounts:list', 'numbers:list', 'settings:get', 'app:info', 'sync:status'] as const) await call(channel);
  await call('export:run', { format: 'json' });
  // A wrong key that contains the right one: echoing it back anywhere would show.
  const refused = await call('accounts:test', { ...connection, credentials: { apiKey: `${apiKey}-wrong` } });
  expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH' } });
  await service.stop();
}, 60_000);

afterAll(async () => {
  await demo?.close();
  scratch.cleanup();
});

describe('the API key', () => {
  it('is kept in the secret store', () => {
    expect([...stored.values()]).toEqual([apiKey]);
  });

  it('is in none of the files the service wrote (database, WAL, media, exports)', () => {
    const files = filesUnder(scratch.dir).filter((path) => path !== logFile);
    expect(files.some((path) => /\.db$/.test(path))).toBe(true);
    for (const path of files) {
      const bytes = readFileSync(path);
      expect(bytes.includes(apiKey), path).toBe(false);
      expect(bytes.includes(Buffer.from(apiKey, 'utf16le')), path).toBe(false);
    }
  });

  it('is not in the log', () => {
    let log = '';
    try {
      log = readFileSync(logFile, 'utf8');
    } catch {
      // Nothing logged at all is fine too.
    }
    expect(log).not.toContain(apiKey);
  });

  it('is in nothing the renderer was sent', () => {
    expect(rendererSaw.length).toBeGreaterThan(5);
    expect(JSON.stringify(rendererSaw)).not.toContain(apiKey);
  });
});
