import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TextdeskApi } from '../../shared/contract';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as Array<{ channel: string; input: unknown }>,
  listeners: new Map<string, Set<(event: unknown, payload: unknown) => void>>(),
  answer: { ok: true, value: 'from main' } as unknown,
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      electron.invoked.push({ channel, input });
      if (electron.answer instanceof Error) throw electron.answer;
      return electron.answer;
    },
    on: (event: string, listener: (event: unknown, payload: unknown) => void) => {
      const set = electron.listeners.get(event) ?? new Set();
      set.add(listener);
      electron.listeners.set(event, set);
    },
    removeListener: (event: string, listener: (event: unknown, payload: unknown) => void) => {
      electron.listeners.get(event)?.delete(listener);
    },
  },
}));

await import('../../electron/preload/index');

function api(): TextdeskApi {
  return electron.exposed.get('textdesk') as TextdeskApi;
}

function emit(event: string, payload: unknown) {
  const ipcEvent = { sender: 'the ipcRenderer', ports: ['a port'] };
  for (const listener of electron.listeners.get(event) ?? []) listener(ipcEvent, payload);
}

beforeEach(() => {
  electron.invoked.length = 0;
  electron.answer = { ok: true, value: 'from main' };
});

describe('the preload', () => {
  it('exposes window.textdesk and nothing else', () => {
    expect([...electron.exposed.keys()]).toEqual(['textdesk']);
    expect(Object.keys(api()).sort()).toEqual(['invoke', 'on']);
  });

  it('never exposes ipcRenderer or its methods', () => {
    const values = Object.values(api());
    expect(values.every((value) => typeof value === 'function')).toBe(true);
    expect(JSON.stringify(Object.keys(api()))).not.toMatch(/send|ipc|invoke\w/i);
  });

  it('sends a contract channel to main and returns its envelope', async () => {
    await expect(api().invoke('conversations:get', { conversationId: 3 })).resolves.toEqual({ ok: true, value: 'from main' });
    expect(electron.invoked).toEqual([{ channel: 'conversations:get', input: { conversationId: 3 } }]);
  });

  it('answers VALIDATION for a channel outside the contract without sending anything', async () => {
    const invoke = api().invoke as (channel: string, input?: unknown) => Promise<unknown>;
    for (const channel of ['shell:openExternal', '__proto__', 'toString', 'ELECTRON_BROWSER_REQUIRE']) {
      await expect(invoke(channel, {})).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(electron.invoked).toEqual([]);
  });

  it('answers INTERNAL, never a rejection, when main cannot be reached', async () => {
    electron.answer = new Error("No handler registered for 'settings:get'");
    await expect(api().invoke('settings:get')).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.any(String) },
    });
  });

  it('delivers an event payload without the IPC event object', () => {
    const seen: unknown[][] = [];
    const unsubscribe = api().on('sync:progress', (...args: unknown[]) => seen.push(args));
    emit('sync:progress', { numberId: 1, phase: 'head', fetched: 5, total: null });
    unsubscribe();
    expect(seen).toEqual([[{ numberId: 1, phase: 'head', fetched: 5, total: null }]]);
  });

  it('stops delivering after unsubscribing', () => {
    const seen: unknown[] = [];
    const unsubscribe = api().on('data:changed', (payload) => seen.push(payload));
    unsubscribe();
    emit('data:changed', { numberIds: [], conversationIds: [], unread: false });
    expect(seen).toEqual([]);
  });

  it('refuses to listen to anything but the contract events', () => {
    const on = api().on as (event: string, listener: () => void) => () => void;
    expect(() => on('ELECTRON_RENDERER_IPC', () => {})).toThrow(TypeError);
    expect(electron.listeners.has('ELECTRON_RENDERER_IPC')).toBe(false);
  });
});
