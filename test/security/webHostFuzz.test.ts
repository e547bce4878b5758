import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/cache';
import { startWebHost, type WebHost } from '../../electron/web/host';
import { memorySecrets } from '../support/demoService';
import { scratchDir } from '../support/fixtures';

/**
 * The browser host's HTTP and WebSocket surfaces under malformed input: whatever bytes arrive,
 * the host answers the next ordinary request. Requests go over raw sockets, because fetch and
 * ws refuse to send most of these.
 */

let host: WebHost;
let port: number;
let scratch: ReturnType<typeof scratchDir>;

beforeAll(async () => {
  scratch = scratchDir('textdesk-fuzz-');
  host = await startWebHost({
    dataDir: scratch.dir,
    demo: false,
    schedule: false,
    secrets: memorySecrets(),
    // The HTTP surface is under test, not the renderer build.
    assets: async () => new Map([['/index.html', { contentType: 'text/html', body: Buffer.from('<html><head></head><body>ok</body></html>') }]]),
  });
  port = Number(new URL(host.origin).port);
});

afterAll(async () => {
  await host.close();
  scratch.cleanup();
});

/** Sends raw bytes, then collects whatever comes back until the host closes or goes quiet. */
function raw(bytes: string | Buffer, options: { endAfterWrite?: boolean; resetAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const finish = () => {
      clearTimeout(quiet);
      socket.destroy();
      resolve(answer);
    };
    const quiet = setTimeout(finish, 300);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.resetAfterMs !== undefined) setTimeout(() => socket.resetAndDestroy(), options.resetAfterMs);
      else if (options.endAfterWrite) socket.end();
    });
  });
}

async function stillAnswers(): Promise<void> {
  const page = await fetch(host.url);
  expect(page.status).toBe(200);
  const api = await fetch(`${host.origin}/api/app:info`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-textdesk-token': host.token },
    body: '{}',
  });
  expect(((await api.json()) as { ok: boolean }).ok).toBe(true);
}

const hostHeader = () => `Host: 127.0.0.1:${port}`;
const upgradeHeaders = () =>
  `${hostHeader()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://127.0.0.1:${port}`;

/** A deterministic byte soup: the same cases every run. */
function noise(seed: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

describe('the browser host survives malformed requests', () => {
  it('refuses a WebSocket upgrade whose URL does not parse, and keeps running', async () => {
    const answer = await raw(`GET http://[/events HTTP/1.1\r\n${upgradeHeaders()}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 40\d/);
    await stillAnswers();
  });

  it('answers 400 to a bad percent-escape in an API channel', async () => {
    const response = await fetch(`${host.origin}/api/app%E0%A4%A:info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-textdesk-token': host.token },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { ok: boolean }).ok).toBe(false);
    await stillAnswers();
  });

  it.runIf(process.platform === 'linux')('ends only that response when a media file fails after stat', async () => {
    // A cached file that stats as a regular file but fails on read: /proc/self/mem at offset 0.
    const hash = createHash('sha256').update('unreadable').digest('hex');
    const db = openDatabase(join(scratch.dir, 'cache.db'));
    db.prepare(`INSERT OR REPLACE INTO media_files (hash, size, content_type, stored_at, last_used_at) VALUES (?, 1, 'image/png', 0, 0)`).run(hash);
    db.close();
    mkdirSync(join(scratch.dir, 'media', hash.slice(0, 2)), { recursive: true });
    symlinkSync('/proc/self/mem', join(scratch.dir, 'media', hash.slice(0, 2), hash));
    const answer = await raw(`GET /media/${hash}?token=${host.token} HTTP/1.1\r\n${hostHeader()}\r\n\r\n`);
    expect(answer).not.toMatch(/Internal error/);
    await stillAnswers();
  });

  const cases: Array<[string, () => string | Buffer, { endAfterWrite?: boolean; resetAfterMs?: number }?]> = [
    ['upgrade with a relative URL that does not parse', () => `GET //[::1/events HTTP/1.1\r\n${upgradeHeaders()}\r\n\r\n`],
    ['upgrade to an unknown protocol', () => `GET /events HTTP/1.1\r\n${hostHeader()}\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n`],
    ['upgrade with a broken key', () => `GET /events?token=${host.token} HTTP/1.1\r\n${upgradeHeaders().replace('dGhlIHNhbXBsZSBub25jZQ==', '%%%')}\r\n\r\n`],
    ['upgrade with the token and a version nobody speaks', () => `GET /events?token=${host.token} HTTP/1.1\r\n${upgradeHeaders().replace('Version: 13', 'Version: 99')}\r\n\r\n`],
    ['upgrade then reset at once', () => `GET /events?token=${host.token} HTTP/1.1\r\n${upgradeHeaders()}\r\n\r\n`, { resetAfterMs: 0 }],
    ['upgrade then garbage frames', () => Buffer.concat([Buffer.from(`GET /events?token=${host.token} HTTP/1.1\r\n${upgradeHeaders()}\r\n\r\n`), noise(7, 4096)])],
    ['a bad escape in a page path', () => `GET /%ff%fe%zz HTTP/1.1\r\n${hostHeader()}\r\n\r\n`],
    ['a bad escape in a media path', () => `GET /media/%E0%A4%A?token=${host.token} HTTP/1.1\r\n${hostHeader()}\r\n\r\n`],
    ['an absolute-form URL to another host', () => `GET http://example.com/api/app:info HTTP/1.1\r\n${hostHeader()}\r\n\r\n`],
    ['an asterisk target', () => `OPTIONS * HTTP/1.1\r\n${hostHeader()}\r\n\r\n`],
    ['CONNECT', () => `CONNECT 127.0.0.1:22 HTTP/1.1\r\n${hostHeader()}\r\n\r\n`],
    ['an API body that is cut off', () => `POST /api/app:info HTTP/1.1\r\n${hostHeader()}\r\nX-Textdesk-Token: ${host.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"in`, { endAfterWrite: true }],
    ['an API body reset midway', () => `POST /api/app:info HTTP/1.1\r\n${hostHeader()}\r\nX-Textdesk-Token: ${host.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"in`, { resetAfterMs: 50 }],
    ['broken chunked encoding', () => `POST /api/app:info HTTP/1.1\r\n${hostHeader()}\r\nX-Textdesk-Token: ${host.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
    ['two Content-Length headers', () => `POST /api/app:info HTTP/1.1\r\n${hostHeader()}\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}`],
    ['an API body that is not JSON', () => `POST /api/app:info HTTP/1.1\r\n${hostHeader()}\r\nX-Textdesk-Token: ${host.token}\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{{{{{`],
    ['an API body over the limit', () => `POST /api/app:info HTTP/1.1\r\n${hostHeader()}\r\nX-Textdesk-Token: ${host.token}\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n${'['.repeat(1_100_000)}`],
    ['a channel that does not exist', () => `POST /api/..%2F..%2Fetc HTTP/1.1\r\n${hostHeader()}\r\nX-Textdesk-Token: ${host.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`],
    ['a header block of 100 KB', () => `GET / HTTP/1.1\r\n${hostHeader()}\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`],
    ['a NUL in the target', () => `GET /\u0000/index.html HTTP/1.1\r\n${hostHeader()}\r\n\r\n`],
    ['a range header of nonsense', () => `GET /media/${'a'.repeat(64)}?token=${host.token} HTTP/1.1\r\n${hostHeader()}\r\nRange: bytes=99999999999999999999-1\r\n\r\n`],
    ['no Host header', () => `GET / HTTP/1.1\r\n\r\n`],
    ['HTTP/0.9', () => `GET /\r\n`],
    ['pure noise', () => noise(1, 2048)],
    ['noise after a request line', () => Buffer.concat([Buffer.from('GET / HTTP/1.1\r\n'), noise(2, 2048)])],
    ['a pipelined good and bad request', () => `GET /?token=${host.token} HTTP/1.1\r\n${hostHeader()}\r\n\r\nGET http://[/events HTTP/1.1\r\n${upgradeHeaders()}\r\n\r\n`],
  ];

  for (const [name, request, options] of cases) {
    it(`keeps answering after ${name}`, async () => {
      await raw(request(), options);
      await stillAnswers();
    });
  }

  it('keeps answering after a hundred seeded random requests', async () => {
    const methods = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'PATCH', 'G\u0001T', ''];
    const paths = ['/', '/api/', '/api/%', '/events', '/media/', '/%', 'http://[', '//', '/api/app:info?%%'];
    for (let i = 0; i < 100; i++) {
      const soup = noise(1000 + i, 64);
      const method = methods[soup[0]! % methods.length]!;
      const path = paths[soup[1]! % paths.length]! + soup.subarray(2, 2 + (soup[2]! % 16)).toString('latin1');
      const upgrade = soup[3]! % 2 === 0 ? `\r\n${upgradeHeaders()}` : `\r\n${hostHeader()}`;
      await raw(`${method} ${path} HTTP/1.1${upgrade}\r\nContent-Length: ${soup[4]! % 8}\r\n\r\n${soup.subarray(10, 10 + (soup[5]! % 30)).toString('latin1')}`);
    }
    await stillAnswers();
  });
});
