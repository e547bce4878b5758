import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Inkbox that lies: attachment names that climb out of folders, sizes that are not what
 * it sends, content types that are not what the bytes are, redirects to another host, bodies
 * that never end. Texts and answers are set by the test; every request is recorded, and so is
 * every request that reaches the "other host" it redirects to, so a test can prove that a key
 * never went there.
 */

export const HOSTILE_NUMBER = { id: 'hostile-number', number: '+15550009999' };

/** A small real PNG (1×1), what an honest server would send. */
export const PNG_BYTES = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201ffa65c1f0000000049454e44ae426082',
  'hex',
);

export type MediaBehaviour =
  /** The PNG, as declared. */
  | 'honest'
  /** `bytes` bytes with no Content-Length (chunked), whatever size the text declared. */
  | 'lying-size'
  /** A Content-Length far above the declared size. */
  | 'lying-length'
  /** Bytes until the client hangs up. */
  | 'endless'
  /** An HTML page with a script, whatever type the text declared. */
  | 'html'
  /** 302 to the other host, which serves the PNG. */
  | 'redirect-other-host'
  /** 302 to a file: URL. */
  | 'redirect-file';

export type ApiBehaviour =
  | 'honest'
  /** Every API answer is a JSON array that never ends. */
  | 'endless-body'
  /** Every API answer is 302 to the other host. */
  | 'redirect-other-host'
  /** Every API answer is an HTML page served as JSON. */
  | 'html';

export interface HostileMedia {
  contentType: string;
  /** The size the text declares. */
  size: number;
  filename?: string | null;
  /** A path on this server (`/media/...`) or an absolute URL, used as given. */
  url: string;
}

export interface HostileText {
  id: string;
  remote: string;
  text: string | null;
  media?: HostileMedia[];
  /** Seconds after 2026-01-01T00:00:00Z. */
  at: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  apiKey: string | null;
}

export interface HostileServer {
  baseUrl: string;
  apiKey: string;
  /** The other host (another port on loopback: another origin). */
  otherBaseUrl: string;
  texts: HostileText[];
  api: ApiBehaviour;
  /** How many bytes 'lying-size' sends. */
  lyingBytes: number;
  requests: RecordedRequest[];
  otherRequests: RecordedRequest[];
  /** How many bytes each media path served before its client went away or it finished. */
  mediaBytesSent: Map<string, number>;
  /** A URL on this server for a media behaviour, e.g. media('lying-size', 'a'). */
  media(behaviour: MediaBehaviour, tag?: string): string;
  close(): Promise<void>;
}

const epoch = Date.UTC(2026, 0, 1);

export async function startHostileServer(options: { apiKey?: string; texts?: HostileText[] } = {}): Promise<HostileServer> {
  const apiKey = options.apiKey ?? 'hostile-test-key-0123456789';
  const other = await listen((req, res) => {
    state.otherRequests.push(record(req));
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG_BYTES.length });
    res.end(PNG_BYTES);
  });

  const state: HostileServer = {
    baseUrl: '',
    apiKey,
    otherBaseUrl: other.url,
    texts: options.texts ?? [],
    api: 'honest',
    lyingBytes: 8 * 1024 * 1024,
    requests: [],
    otherRequests: [],
    mediaBytesSent: new Map(),
    media: (behaviour, tag = '') => `${state.baseUrl}/media/${behaviour}/${tag || 'x'}`,
    close: async () => {
      await Promise.all([main.close(), other.close()]);
    },
  };

  const main = await listen((req, res) => {
    state.requests.push(record(req));
    const url = new URL(req.url ?? '/', 'http://hostile.invalid');
    if (url.pathname.startsWith('/media/')) return serveMedia(state, url.pathname, req, res);
    if (req.headers['x-api-key'] !== apiKey) return json(res, 401, { detail: 'Invalid API key' });
    if (state.api !== 'honest') return misbehave(state, res);
    return serveApi(state, url, res);
  });
  state.baseUrl = main.url;
  return state;
}

function serveApi(state: HostileServer, url: URL, res: ServerResponse): void {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 1 && parts[0] === 'numbers') return json(res, 200, [HOSTILE_NUMBER]);
  if (parts[0] !== 'numbers' || parts[1] !== HOSTILE_NUMBER.id || parts[2] !== 'texts') {
    return json(res, 404, { detail: 'Number not found' });
  }
  const wire = [...state.texts].sort((a, b) => b.at - a.at).map((text) => toWire(state, text));
  if (parts.length === 3) {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const isRead = url.searchParams.get('is_read');
    const filtered = isRead === null ? wire : wire.filter((t) => String(t.is_read) === isRead);
    return json(res, 200, filtered.slice(offset, offset + limit));
  }
  if (parts[3] === 'conversations' && parts.length === 4) {
    const remotes = [...new Set(state.texts.map((t) => t.remote))];
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const summaries = remotes.map((remote) => {
      const texts = wire.filter((t) => t.remote_phone_number === remote);
      return {
        remote_phone_number: remote,
        latest_text: texts[0]?.text ?? null,
        latest_message_at: texts[0]?.created_at,
        unread_count: texts.filter((t) => !t.is_read).length,
        total_count: texts.length,
      };
    });
    return json(res, 200, summaries.slice(offset, offset + limit));
  }
  if (parts[3] === 'conversations' && parts[4]) {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    return json(res, 200, wire.filter((t) => t.remote_phone_number === parts[4]).slice(offset, offset + limit));
  }
  const one = wire.find((t) => t.id === parts[3]);
  return one ? json(res, 200, one) : json(res, 404, { detail: 'Text not found' });
}

function toWire(state: HostileServer, text: HostileText) {
  const at = new Date(epoch + text.at * 1000).toISOString();
  return {
    id: text.id,
    direction: 'inbound',
    local_phone_number: HOSTILE_NUMBER.number,
    remote_phone_number: text.remote,
    text: text.text,
    type: text.media?.length ? 'mms' : 'sms',
    media: (text.media ?? []).map((m) => ({
      content_type: m.contentType,
      size: m.size,
      filename: m.filename ?? null,
      url: m.url.startsWith('/') ? state.baseUrl + m.url : m.url,
    })),
    is_read: false,
    created_at: at,
    updated_at: at,
  };
}

function misbehave(state: HostileServer, res: ServerResponse): void {
  if (state.api === 'redirect-other-host') {
    res.writeHead(302, { location: `${state.otherBaseUrl}/numbers` });
    return void res.end();
  }
  if (state.api === 'html') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end('<html><body><script>alert(1)</script></body></html>');
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('[');
  streamUntilGone(res, Buffer.from('{"id":"x","number":"+15550000000"},'.repeat(2000)), () => {});
}

function serveMedia(state: HostileServer, pathname: string, req: IncomingMessage, res: ServerResponse): void {
  const behaviour = pathname.split('/')[2] as MediaBehaviour;
  const count = (n: number) => state.mediaBytesSent.set(pathname, (state.mediaBytesSent.get(pathname) ?? 0) + n);
  switch (behaviour) {
    case 'honest':
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG_BYTES.length });
      count(PNG_BYTES.length);
      return void res.end(PNG_BYTES);
    case 'lying-size': {
      res.writeHead(200, { 'content-type': 'image/png' });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      let left = state.lyingBytes;
      const pump = () => {
        while (left > 0) {
          const piece = chunk.subarray(0, Math.min(chunk.length, left));
          left -= piece.length;
          count(piece.length);
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (left = 0));
      return pump();
    }
    case 'lying-length':
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': 600 * 1024 * 1024 });
      return streamUntilGone(res, Buffer.alloc(64 * 1024, 0x42), count);
    case 'endless':
      res.writeHead(200, { 'content-type': 'image/png' });
      return streamUntilGone(res, Buffer.alloc(64 * 1024, 0x43), count);
    case 'html': {
      const page = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': page.length });
      count(page.length);
      return void res.end(page);
    }
    case 'redirect-other-host':
      res.writeHead(302, { location: `${state.otherBaseUrl}/picture.png` });
      return void res.end();
    case 'redirect-file':
      res.writeHead(302, { location: 'file:///etc/passwd' });
      return void res.end();
    default:
      void req;
      res.writeHead(404);
      res.end();
  }
}

function streamUntilGone(res: ServerResponse, chunk: Buffer, count: (n: number) => void): void {
  let gone = false;
  res.on('close', () => (gone = true));
  const pump = () => {
    while (!gone) {
      count(chunk.length);
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
  };
  pump();
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function record(req: IncomingMessage): RecordedRequest {
  return { method: req.method ?? '', url: req.url ?? '', apiKey: (req.headers['x-api-key'] as string | undefined) ?? null };
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
