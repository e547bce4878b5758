import type { Channel, EventName, EventPayload, TextdeskApi } from '../../shared/contract';

/**
 * The browser's stand-in for the Electron preload: TextdeskApi over fetch and one WebSocket.
 * Built by Vite into a small IIFE that the web host serves as /bridge.js before the renderer.
 * It carries no logic of its own; every call is answered by dispatch() on the host.
 */

type Listener = (payload: unknown) => void;

// This file runs in the page, but is type-checked with the Node project (no DOM lib): declare
// the two browser globals it touches beyond fetch and WebSocket, which both runtimes share.
declare const location: { search: string; href: string; protocol: string };
declare const window: object;

const token = new URLSearchParams(location.search).get('token') ?? '';
const listeners = new Map<EventName, Set<Listener>>();
let socket: WebSocket | null = null;
let retryMs = 500;
let everConnected = false;

function emit(event: EventName, payload: unknown) {
  for (const listener of listeners.get(event) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      console.error('A Textdesk event listener failed', error);
    }
  }
}

function connect() {
  const url = new URL('/events', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  socket = new WebSocket(url);
  socket.onopen = () => {
    retryMs = 500;
    // Events sent while the socket was down are lost: tell the UI to refetch what it shows.
    if (everConnected) emit('data:changed', { numberIds: [], conversationIds: [], unread: true });
    everConnected = true;
  };
  socket.onmessage = (message) => {
    try {
      const { event, payload } = JSON.parse(String(message.data)) as { event: EventName; payload: unknown };
      emit(event, payload);
    } catch {
      // Not ours; ignore.
    }
  };
  socket.onclose = () => {
    socket = null;
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 5000);
  };
}

const api: TextdeskApi = {
  async invoke(channel: Channel, input?: unknown) {
    try {
      const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-textdesk-token': token },
        body: JSON.stringify(input === undefined ? {} : { input }),
      });
      return await response.json();
    } catch {
      return { ok: false, error: { code: 'NETWORK', message: 'The Textdesk web host is not answering. Is `npm run web` still running?' } };
    }
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener as Listener);
    };
  },
} as TextdeskApi;

Object.defineProperty(window, 'textdesk', { value: Object.freeze(api), writable: false, configurable: false });
connect();
