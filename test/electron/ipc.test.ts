import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames, channels, type Channel, type Envelope, type Handlers } from '../../shared/contract';
import { silentLogger } from '../../electron/core/hostInterfaces';

type Listener = (event: unknown, input: unknown) => Promise<Envelope<unknown>>;

const electron = vi.hoisted(() => ({ listeners: new Map<string, Listener>() }));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, listener: Listener) => electron.listeners.set(channel, listener),
    removeHandler: (channel: string) => electron.listeners.delete(channel),
  },
}));

const { registerIpc } = await import('../../electron/main/ipc');

const pageUrl = 'textdesk://app/index.html';
const appContents = { id: 1 };

/** Handlers that only record what reached them. */
function recordingHandlers(): { handlers: Handlers; calls: Array<{ channel: Channel; input: unknown }> } {
  const calls: Array<{ channel: Channel; input: unknown }> = [];
  const handlers = Object.fromEntries(
    channelNames.map((channel) => [channel, async (input: unknown) => (calls.push({ channel, input }), { recorded: true })]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

function appEvent(overrides: { url?: string; parent?: unknown; sender?: unknown; frame?: null } = {}) {
  const frame = overrides.frame === null ? null : { url: overrides.url ?? pageUrl, parent: overrides.parent ?? null };
  return { sender: overrides.sender ?? appContents, senderFrame: frame };
}

function listener(channel: Channel): Listener {
  const found = electron.listeners.get(channel);
  if (!found) throw new Error(`${channel} is not registered`);
  return found;
}

let recorded: ReturnType<typeof recordingHandlers>;

beforeEach(() => {
  electron.listeners.clear();
  recorded = recordingHandlers();
  registerIpc({ handlers: recorded.handlers, pageUrl, appContents: () => appContents as never, logger: silentLogger });
});

describe('the IPC wrapper', () => {
  it('registers every channel of the contract and nothing else', () => {
    expect([...electron.listeners.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('passes a valid call from the app page to its handler and answers an envelope', async () => {
    const envelope = await listener('conversations:get')(appEvent(), { conversationId: 5 });
    expect(envelope).toEqual({ ok: true, value: { recorded: true } });
    expect(recorded.calls).toEqual([{ channel: 'conversations:get', input: { conversationId: 5 } }]);
  });

  it('hands the handler the parsed input, defaults filled in', async () => {
    await listener('thread:page')(appEvent(), { conversationId: 5 });
    expect(recorded.calls[0]?.input).toEqual({ conversationId: 5, limit: 50 });
  });

  it.each([
    ['a page on another site', appEvent({ url: 'https://evil.example/index.html' })],
    ['a local file', appEvent({ url: 'file:///tmp/index.html' })],
    ['the dev server of another app', appEvent({ url: 'http://localhost:5173/' })],
    ['a frame inside the app page', appEvent({ parent: { url: pageUrl } })],
    ['a frame that has gone away', appEvent({ frame: null })],
    ['other web contents showing the app URL', appEvent({ sender: { id: 2 } })],
  ])('refuses a call from %s without reaching a handler', async (_name, event) => {
    const envelope = await listener('settings:get')(event, undefined);
    expect(envelope).toEqual({ ok: false, error: { code: 'VALIDATION', message: expect.any(String) } });
    expect(recorded.calls).toEqual([]);
  });

  it('answers INTERNAL without the error text when a handler throws something unexpected', async () => {
    recorded.handlers['settings:get'] = async () => {
      throw new Error('SQLITE_CORRUPT at /home/user/.config/Textdesk/cache.db');
    };
    const envelope = await listener('settings:get')(appEvent(), undefined);
    expect(envelope.ok).toBe(false);
    expect(JSON.stringify(envelope)).not.toMatch(/SQLITE|home|at /);
  });
});

/** Deterministic random values, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}

const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'then', 'length', '', ' ', 'x'.repeat(300)];

function shapeKeys(channel: Channel): string[] {
  const schema = channels[channel].input as unknown as { _zod?: { def?: unknown } };
  const keys = new Set<string>();
  const visit = (node: unknown, depth: number) => {
    if (!node || typeof node !== 'object' || depth > 6) return;
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    if (def.shape && typeof def.shape === 'object') {
      for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) {
        keys.add(key);
        visit(child, depth + 1);
      }
    }
    for (const inner of ['innerType', 'in', 'out', 'schema', 'element']) visit(def[inner], depth + 1);
  };
  visit(schema, 0);
  return [...keys];
}

function hostileValue(rng: ReturnType<typeof random>, keys: string[], depth = 0): unknown {
  const kinds = depth > 3 ? 12 : 16;
  switch (rng.int(kinds)) {
    case 0: return rng.pick([0, -1, 1, 1.5, -0, 2 ** 53, -(2 ** 31), 1e308, Number.NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2]);
    case 1: return rng.int(1_000_000) - 500_000;
    case 2: return rng.pick(['', ' ', 'a', '1', 'true', 'null', '💬', '\u0000', '<img src=x onerror=alert(1)>', "'; DROP TABLE messages; --", '../../etc/passwd', 'x'.repeat(5000)]);
    case 3: return String.fromCharCode(...Array.from({ length: rng.int(40) }, () => rng.int(0xffff)));
    case 4: return rng.pick([true, false, null, undefined]);
    case 5: return BigInt(rng.int(1000));
    case 6: return new Date(rng.int(2 ** 40));
    case 7: return new Uint8Array(rng.int(64));
    case 8: return new Map([[rng.pick(keys.length ? keys : ['k']), rng.int(10)]]);
    case 9: return new Set([rng.int(10)]);
    case 10: return new Error('boom');
    case 11: return /regex/g;
    case 12: return Array.from({ length: rng.int(5) }, () => hostileValue(rng, keys, depth + 1));
    case 13:
    case 14:
    case 15: {
      // Objects mix the channel's own keys (so parsing goes deep) with hostile ones.
      const value: Record<string, unknown> = {};
      const count = rng.int(5);
      for (let i = 0; i < count; i += 1) {
        const key = rng.next() < 0.7 && keys.length ? rng.pick(keys) : rng.pick(hostileKeys);
        Object.defineProperty(value, key, { value: hostileValue(rng, keys, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return value;
    }
    default: return undefined;
  }
}

function deeplyNested(levels: number): unknown {
  let value: unknown = { conversationId: 1 };
  for (let i = 0; i < levels; i += 1) value = { cursor: value, numberId: value, credentials: value };
  return value;
}

describe('the IPC wrapper under fuzzing', () => {
  const rejectionsPerChannel = 2000;

  it.each(channelNames)('answers VALIDATION to thousands of malformed %s payloads and never reaches the handler with one', async (channel) => {
    const rng = random([...channel].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 7));
    const keys = shapeKeys(channel);
    const call = listener(channel);
    const schema = channels[channel].input;
    let rejected = 0;
    let attempts = 0;
    const payloads = (function* () {
      yield deeplyNested(200);
      yield JSON.parse('{"__proto__": {"polluted": true}, "conversationId": "1"}');
      while (true) yield hostileValue(rng, keys);
    })();
    for (const payload of payloads) {
      if (rejected >= rejectionsPerChannel || attempts >= 40_000) break;
      attempts += 1;
      // What arrives over IPC went through the structured clone algorithm.
      const input = structuredClone(payload);
      const before = recorded.calls.length;
      const envelope = await call(appEvent(), input);
      if (recorded.calls.length === before) {
        expect(envelope.ok).toBe(false);
        if (!envelope.ok) {
          expect(envelope.error.code).toBe('VALIDATION');
          expect(envelope.error.message).not.toMatch(/\n\s+at /);
        }
        rejected += 1;
      } else {
        // The handler saw the call: the input must have been one the contract allows.
        expect(envelope.ok).toBe(true);
        expect(schema.safeParse(input).success).toBe(true);
      }
    }
    expect(rejected).toBe(rejectionsPerChannel);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
