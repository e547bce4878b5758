import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/**
 * A real HTTP server on 127.0.0.1 that answers what each test scripts (canned answers or
 * misbehaviour: resets, cut-off bodies, silence) and records every request it saw.
 */

export interface SeenRequest {
  method: string;
  /** Still percent-encoded, as it came over the wire, without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (
  request: SeenRequest,
  response: ServerResponse,
  index: number,
) => void | Promise<void>;

export interface TestServer {
  baseUrl: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const url = new URL(raw.url ?? '/', 'http://127.0.0.1');
      const seen: SeenRequest = {
        method: raw.method ?? '',
        path: (raw.url ?? '/').split('?')[0] ?? '/',
        query: url.searchParams,
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      Promise.resolve(handler(seen, response, requests.length - 1)).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1/phone`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts servers that are closed after each test of the file that calls it. */
export function useServers(): (handler: Handler) => Promise<TestServer> {
  const open: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startServer(handler);
    open.push(server);
    return server;
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Sends the start of a body, then drops the connection: what a flaky proxy does. */
export function sendTruncated(response: ServerResponse, fullBody: string): void {
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(fullBody),
  });
  response.write(fullBody.slice(0, Math.floor(fullBody.length / 2)));
  setTimeout(() => response.socket?.destroy(), 10);
}

/** Closes the TCP connection with a RST before any answer. */
export function resetConnection(response: ServerResponse): void {
  response.socket?.resetAndDestroy();
}

/** Records the delays the client asks for instead of waiting. */
export function recordingSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

export const API_KEY = 'ink_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
export const NUMBER_ID = '5d1f3c2a-8b7e-4f60-9a1d-2c3b4a5e6f70';

export function wireText(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'a3c1e7f0-1111-4a2b-9c3d-000000000001',
    direction: 'inbound',
    local_phone_number: '+15550001111',
    remote_phone_number: '+15551234567',
    text: 'Is the 3pm slot still open?',
    type: 'sms',
    media: null,
    status: 'active',
    is_read: false,
    created_at: '2026-03-14T15:09:26.535Z',
    updated_at: '2026-03-14T15:09:26.535Z',
    ...overrides,
  };
}
