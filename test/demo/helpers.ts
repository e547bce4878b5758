import { afterEach } from 'vitest';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../electron/demo/inkbox/index';

/** A fixed instant, so expiry and "recent" are reproducible. */
export const fixedNow = Date.parse('2026-06-15T12:00:00.000Z');

/** A clock tests can move. */
export function manualClock(start = fixedNow): { now: () => number; advance: (ms: number) => void } {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms) };
}

/** Starts servers that are all closed after each test; tiny data unless told otherwise. */
export function useDemoServers(): (options?: DemoServerOptions) => Promise<DemoServer> {
  const started: DemoServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (options = {}) => {
    const server = await startDemoServer({ size: 'tiny', now: () => fixedNow, ...options });
    started.push(server);
    return server;
  };
}

export function api(server: DemoServer, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: { 'X-API-Key': server.apiKey, ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
  });
}

export async function getJson<T = unknown>(server: DemoServer, path: string): Promise<T> {
  const response = await api(server, path);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export function patch(server: DemoServer, path: string, body: unknown): Promise<Response> {
  return api(server, path, { method: 'PATCH', body: typeof body === 'string' ? body : JSON.stringify(body) });
}

export function firstNumberId(server: DemoServer): string {
  const [number] = server.numbers();
  if (!number) throw new Error('The demo server has no numbers');
  return number.id;
}

/** FastAPI's 422 body: detail is a list of {type, loc, msg}. */
export interface ValidationBody {
  detail: { type: string; loc: (string | number)[]; msg: string }[];
}

export const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const isoZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
