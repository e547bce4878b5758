import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames } from '../../shared/contract';
import { dispatch } from '../core/dispatch';
import { silentLogger, type Logger, type SecretStore } from '../core/hostInterfaces';
import { loadKeytarSecretStore } from '../core/secrets/keytarStore';
import { decideNotifications, emptyHistory, pruneHistory, type NotifyHistory } from '../core/notify/policy';
import { createService, type TextdeskService } from '../core/service';
import { startEngineClient, type EngineClient } from '../worker/engineClient';
import { buildWebAssets, type BuiltFile } from './build';
import { createFileSettingsStore, createMemorySecretStore } from './stores';
import { appVersion } from '../core/version';
import { createDemoFleet, type DemoFleet, type DemoFleetOptions } from '../demo';

export interface WebHostOptions {
  dataDir: string;
  /** 0 (default): the OS picks. Always bound to 127.0.0.1. */
  port?: number;
  /** Use the embedded demo server when no account is configured (default true). */
  demo?: boolean;
  demoLiveIntervalSeconds?: number | null;
  demoSize?: 'tiny' | 'small' | 'demo';
  /** Where API keys go; default the system keychain if it answers, else memory for the session. */
  secrets?: SecretStore;
  /** Run the sync scheduler (default true). */
  schedule?: boolean;
  /** The renderer's files; default: built from the sources (tests of the HTTP surface pass a few). */
  assets?: () => Promise<Map<string, BuiltFile>>;
  logger?: Logger;
  version?: string;
  /**
   * Where the engine runs: in a worker thread (the host's event loop then runs no SQL and no
   * sync; `npm run web` uses this; the demo fleet then runs there too), or on the host's own
   * thread ('inline', the default, where tests reach the demo fleet through `demo`).
   */
  engine?: 'worker' | 'inline';
}

export interface WebHost {
  /** Open this (it carries the token). */
  url: string;
  origin: string;
  token: string;
  /**
   * The core service behind the host, for tests that drive it: the service itself inline, or
   * its client in worker mode (same handlers and events; its other methods are async there).
   */
  service: TextdeskService | EngineClient;
  /** The demo fleet the host runs, inline only (in worker mode it runs on the engine's thread): tests reach its servers' knobs here. */
  demo: DemoFleet | null;
  secretsDescription: string;
  close(): Promise<void>;
}

const maxBody = 1024 * 1024;
/** An address book file travels in one call (contacts:import caps its text at 10 MB; JSON escaping adds some). */
const maxImportBody = 24 * 1024 * 1024;

/**
 * The browser host: the renderer and the contract over HTTP + WebSocket on 127.0.0.1. A random
 * token in the URL gates every call; requests from other origins (and other Host names, against
 * DNS rebinding) are refused. Every call goes through dispatch(), as IPC does in Electron.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const logger = options.logger ?? silentLogger;
  const token = randomBytes(24).toString('base64url');
  const secrets = options.secrets ?? (await loadKeytarSecretStore({ logger })) ?? createMemorySecretStore();
  let origin = '';

  const assetsPromise = (options.assets ?? buildWebAssets)();
  const settings = createFileSettingsStore(join(options.dataDir, 'settings.json'));
  const serviceOptions = {
    dataDir: options.dataDir,
    host: 'web' as const,
    version: options.version ?? appVersion,
    platform: process.platform,
    secrets,
    settings,
    logger,
    schedule: options.schedule ?? true,
  };
  const demo: DemoFleetOptions = {
    offerWhenEmpty: options.demo ?? true,
    liveIntervalSeconds: options.demoLiveIntervalSeconds === undefined ? 20 : options.demoLiveIntervalSeconds,
    ...(options.demoSize ? { size: options.demoSize } : {}),
  };
  const fleet = options.engine === 'worker' ? null : createDemoFleet(options.dataDir, demo);
  const service: TextdeskService | EngineClient = fleet
    ? await createService({ ...serviceOptions, localServers: fleet, mediaUrl: (hash) => `/media/${hash}?token=${token}` })
    : await startEngineClient({ ...serviceOptions, demo, mediaUrlTemplate: `/media/{hash}?token=${token}` });
  const assets = await assetsPromise;

  function tokenMatches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  function hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host ?? '';
    const port = new URL(origin).port;
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  }

  function originAllowed(req: IncomingMessage): boolean {
    const from = req.headers.origin;
    if (from === undefined) return true;
    const port = new URL(origin).port;
    return from === `http://127.0.0.1:${port}` || from === `http://localhost:${port}`;
  }

  function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) {
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'x-frame-options': 'DENY',
      ...extra,
    });
    res.end(body);
  }

  const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string) {
    if (req.method !== 'POST') return send(res, 405, 'POST only');
    if (!tokenMatches(req.headers['x-textdesk-token'] as string | undefined)) return send(res, 403, 'Forbidden');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'JSON only');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > (channel === 'contacts:import' ? maxImportBody : maxBody)) return send(res, 413, 'Too large');
      chunks.push(chunk as Buffer);
    }
    let input: unknown;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { input?: unknown };
      input = body.input;
    } catch {
      return send(res, 400, JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: 'The request body is not JSON.' } }), 'application/json');
    }
    let name: string;
    try {
      name = decodeURIComponent(channel);
    } catch {
      return send(res, 400, JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: 'The channel name is not valid.' } }), 'application/json');
    }
    const envelope = await dispatch(service.handlers, name, input, (where, error) =>
      logger.error('A call failed', { channel: where, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
    send(res, 200, JSON.stringify(envelope), 'application/json', { 'cache-control': 'no-store' });
  }

  async function handleMedia(req: IncomingMessage, res: ServerResponse, hash: string, url: URL) {
    if (!tokenMatches(url.searchParams.get('token'))) return send(res, 403, 'Forbidden');
    if (!/^[0-9a-f]{64}$/.test(hash)) return send(res, 404, 'Not found');
    const file = await service.mediaFile(hash);
    if (!file) return send(res, 404, 'Not found');
    let size: number;
    try {
      size = statSync(file.path).size;
    } catch {
      return send(res, 404, 'Not found');
    }
    const headers: Record<string, string | number> = {
      'content-type': file.contentType,
      'accept-ranges': 'bytes',
      // Content-addressed: the bytes behind a hash never change.
      'cache-control': 'private, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
    };
    const range = req.headers.range ? /^bytes=(\d*)-(\d*)$/.exec(req.headers.range) : null;
    if (req.headers.range && !range) {
      res.writeHead(416, { 'content-range': `bytes */${size}` });
      return res.end();
    }
    if (range) {
      let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
      let end = range[1] === '' || range[2] === '' ? size - 1 : Number(range[2]);
      start = Math.max(0, start);
      end = Math.min(size - 1, end);
      if (start > end || start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        return res.end();
      }
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
      if (req.method === 'HEAD') return res.end();
      return streamFile(res, file.path, { start, end });
    }
    res.writeHead(200, { ...headers, 'content-length': size });
    if (req.method === 'HEAD') return res.end();
    streamFile(res, file.path, {});
  }

  /** A file can vanish or fail between stat and read (evicted, a disk error): end that response only. */
  function streamFile(res: ServerResponse, path: string, range: { start?: number; end?: number }) {
    const stream = createReadStream(path, range);
    stream.on('error', (error) => {
      logger.warn('A media file could not be read', { error: String(error) });
      res.destroy();
    });
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  }

  function handleAsset(res: ServerResponse, pathname: string, url: URL) {
    if (pathname === '/' || pathname === '/index.html') {
      // The page itself needs the token: without it there is nothing to show.
      if (!tokenMatches(url.searchParams.get('token'))) {
        return send(res, 403, 'Open the URL printed by `npm run web`; it carries the access token.');
      }
      const html = assets.get('/index.html')!.body.toString('utf8').replace(
        // The bridge must run before the renderer's module script.
        '<head>',
        '<head>\n    <script src="/bridge.js"></script>',
      );
      return send(res, 200, html, 'text/html; charset=utf-8', { 'content-security-policy': csp, 'cache-control': 'no-store' });
    }
    if (pathname === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    const file = assets.get(pathname);
    if (!file) return send(res, 404, 'Not found');
    send(res, 200, file.body, file.contentType, { 'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
  }

  const server = createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req) || !originAllowed(req)) return send(res, 403, 'Forbidden');
      const url = parseRequestUrl(req.url);
      if (!url) return send(res, 400, 'Bad request');
      const { pathname } = url;
      if (pathname.startsWith('/api/')) return await handleApi(req, res, pathname.slice('/api/'.length));
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      if (pathname.startsWith('/media/')) return await handleMedia(req, res, pathname.slice('/media/'.length), url);
      return handleAsset(res, pathname, url);
    })().catch((error: unknown) => {
      logger.error('The web host failed a request', { error: String(error) });
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  /** A request target that does not parse (`http://[/events`) is a bad request, never a throw. */
  function parseRequestUrl(target: string | undefined): URL | null {
    try {
      return new URL(target ?? '/', origin);
    } catch {
      return null;
    }
  }

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
  });
  server.on('upgrade', (req, socket, head) => {
    // The socket is ours from here: an error on it (a reset) must not become an uncaught one.
    socket.on('error', () => socket.destroy());
    const refuse = (status: string) => {
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    try {
      const url = parseRequestUrl(req.url);
      // Browsers always send Origin on WebSocket handshakes: require ours.
      if (!url || url.pathname !== '/events' || !hostAllowed(req) || req.headers.origin === undefined || !originAllowed(req) || !tokenMatches(url.searchParams.get('token'))) {
        return refuse('403 Forbidden');
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('error', () => ws.terminate());
        ws.on('close', () => sockets.delete(ws));
        ws.on('message', () => ws.close(1008, 'This socket only sends'));
      });
    } catch (error) {
      logger.warn('Refused a WebSocket handshake that failed', { error: String(error) });
      refuse('400 Bad Request');
    }
  });

  const broadcast = (event: string, payload: unknown) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  };
  const offs = eventNames.map((event) => service.on(event, (payload) => broadcast(event, payload)));
  // The browser shows notifications itself; the host decides which, by the same policy as the
  // desktop's. Whether the tab has focus only the page knows: it drops a notice for the
  // conversation on screen in a focused tab.
  let notifyHistory: NotifyHistory = emptyHistory;
  offs.push(
    service.on('inbound', (event) => {
      const now = Date.now();
      const decision = decideNotifications({
        messages: event.messages,
        conversations: event.conversations,
        settings: settings.get(),
        activeConversationId: null,
        windowFocused: false,
        backfill: false,
        history: pruneHistory(notifyHistory, now),
        now,
      });
      notifyHistory = decision.history;
      for (const notice of decision.notices) {
        broadcast('notify:show', {
          conversationId: notice.kind === 'message' ? notice.conversationId : null,
          messageId: notice.kind === 'message' ? notice.messageId : null,
          title: notice.title,
          body: notice.body,
        });
      }
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  await service.start();

  let closed: Promise<void> | null = null;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    service,
    demo: fleet,
    secretsDescription: secrets.description,
    close() {
      closed ??= (async () => {
        offs.forEach((off) => off());
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await service.stop();
        await fleet?.close();
      })();
      return closed;
    },
  };
}
