import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeArrival, insertInboundText } from '../../demo/inkbox/arrivals';
import { routeContacts } from '../../demo/inkbox/contacts';
import { generateDataset } from '../../demo/inkbox/dataset';
import { planFaults, rateLimitedResponse, serverErrorResponse, type CannedResponse } from '../../demo/inkbox/faults';
import { patchText } from '../../demo/inkbox/queries';
import { createSendLedger } from '../../demo/inkbox/send';
import { createRandom } from '../../demo/inkbox/random';
import { routeApi, type ApiContext } from '../../demo/inkbox/routes';
import { accessDeniedXml, createMediaSigner, noSuchKeyXml, type MediaSigner } from './signing';
import { activeNumbers, requireNumber, requireText, type NumberRecord, type TextRecord } from './state';
import type { DemoServer, DemoServerOptions, FaultOptions } from './types';
import { toWireNumber, toWireText } from './wire';

const apiPrefix = '/api/v1/phone';
const contactsPrefix = '/api/v1/contacts';
const mediaPrefix = '/media/';
const maxBodyBytes = 1 << 20;

/**
 * Starts the Inkbox-compatible demo server on 127.0.0.1: the app's embedded default and the
 * server every sync test runs against.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const seed = options.seed ?? 1;
  const apiKey = options.apiKey ?? 'demo-key';
  const now = options.now ?? Date.now;
  const state = generateDataset(seed, options.size ?? 'demo', options.anchor ?? now());
  const faultRandom = createRandom(seed, 'faults');
  const liveRandom = createRandom(seed, 'live');
  const insertRandom = createRandom(seed, 'inserts');
  let faults: FaultOptions = { ...options.faults };
  let requests = 0;
  let closed = false;
  // Filled in once the port is known (URLs name it); no request can arrive before that.
  const media: { signer?: MediaSigner } = {};
  const pendingDelays = new Set<() => void>();

  const context: ApiContext = {
    state,
    now,
    get signer() {
      if (!media.signer) throw new Error('The demo server is not listening yet');
      return media.signer;
    },
    faults: () => faults,
    driftRandom: createRandom(seed, 'drift'),
    sendRandom: createRandom(seed, 'sends'),
    ledger: createSendLedger(),
  };
  const accepted: { number: NumberRecord; text: TextRecord }[] = [];
  let sendRequests = 0;
  const replyRandom = createRandom(seed, 'replies');

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        pendingDelays.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      pendingDelays.add(finish);
    });

  const handleApi = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    requests += 1;
    const body = await readBody(request);
    const plan = planFaults(faultRandom, faults);
    if (plan.latencyMs > 0) await delay(plan.latencyMs);
    if (closed || plan.reset) {
      request.socket.destroy();
      return;
    }
    if (plan.rateLimited) return sendCanned(response, rateLimitedResponse(faults.retryAfterSeconds ?? 1));
    if (plan.serverError) return sendCanned(response, serverErrorResponse(plan.serverError));

    const cut = plan.truncate ? plan.truncateAt : null;
    const givenKey = request.headers['x-api-key'];
    if (givenKey !== apiKey) {
      return sendJson(response, 401, { detail: givenKey === undefined ? 'Missing API key' : 'Invalid API key' }, cut);
    }
    const path = url.pathname;
    if (path === contactsPrefix || path.startsWith(`${contactsPrefix}/`)) {
      const rest = path.slice(contactsPrefix.length + 1).split('/').filter((s) => s !== '').map(decodeSegment);
      const answer = routeContacts(state, request.method ?? 'GET', rest, url.searchParams);
      return 'canned' in answer ? sendCanned(response, answer.canned) : sendJson(response, answer.status, answer.body, cut);
    }
    if (path !== apiPrefix && !path.startsWith(`${apiPrefix}/`)) return sendJson(response, 404, { detail: 'Not Found' }, cut);
    const segments = path.slice(apiPrefix.length + 1).split('/').map(decodeSegment);
    if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
    const method = request.method ?? 'GET';
    if (method === 'POST' && segments.length === 3 && segments[2] === 'texts') sendRequests += 1;
    const result = routeApi(context, { method, segments, query: url.searchParams, body });
    if (result.sent) {
      accepted.push(result.sent);
      maybeAnswerBack(result.sent.number, result.sent.text);
    }
    if (result.answer?.delayMs) await delay(result.answer.delayMs);
    if (result.answer?.drop || closed) {
      request.socket.destroy();
      return;
    }
    sendJson(response, result.status, result.body, cut, result.headers);
  };

  const handleMedia = (request: IncomingMessage, response: ServerResponse, url: URL): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'application/xml' }).end();
      return;
    }
    const key = url.pathname.slice(mediaPrefix.length).split('/').map(decodeSegment).join('/');
    const verdict = context.signer.verify(key, url.searchParams);
    if (!verdict.ok) return sendXml(response, 403, accessDeniedXml(verdict.message));
    const object = state.media.get(key);
    if (!object) return sendXml(response, 404, noSuchKeyXml(key));
    response.writeHead(200, {
      'Content-Type': object.contentType,
      'Content-Length': String(object.bytes.byteLength),
      'Cache-Control': 'private, max-age=3600',
    });
    response.end(request.method === 'HEAD' ? undefined : object.bytes);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const work = url.pathname.startsWith('/api/')
      ? handleApi(request, response, url)
      : url.pathname.startsWith(mediaPrefix)
        ? Promise.resolve(handleMedia(request, response, url))
        : Promise.resolve(sendJson(response, 404, { detail: 'Not Found' }, null));
    work.catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else sendCanned(response, { status: 500, contentType: 'text/plain; charset=utf-8', body: `Internal Server Error: ${String(error)}` });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  media.signer = createMediaSigner(origin, randomBytes(32), options.mediaTtlSeconds ?? 3600, now);

  const tickLive = () => {
    const numbers = activeNumbers(state);
    if (numbers.length === 0) throw new Error('Every demo number was released');
    const number = liveRandom.pick(numbers);
    return toWireText(number, composeArrival(liveRandom, state, number, now()), context.signer);
  };

  const interval = options.liveIntervalSeconds;

  /** In live mode, someone who was texted sometimes answers a few seconds later. */
  function maybeAnswerBack(number: NumberRecord, sent: TextRecord): void {
    if (!interval || interval <= 0 || sent.remote.includes(',') || !replyRandom.chance(0.5)) return;
    const reply = replyRandom.pick(['Thanks!', 'Got it, thank you.', 'Sounds good 👍', 'Perfect, see you then.', 'OK', 'Great, thanks for letting me know.']);
    const timer = setTimeout(() => {
      if (!closed && activeNumbers(state).includes(number)) insertInboundText(insertRandom, state, number, sent.remote, reply, [], now());
    }, 2_000 + Math.floor(replyRandom.next() * 4_000));
    timer.unref();
  }
  const liveTimer =
    interval !== null && interval !== undefined && interval > 0
      ? setInterval(() => {
          if (activeNumbers(state).length > 0) tickLive();
        }, interval * 1000)
      : null;
  liveTimer?.unref();

  return {
    baseUrl: `${origin}${apiPrefix}`,
    apiKey,
    port,
    setFaults(next) {
      faults = { ...next };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (liveTimer) clearInterval(liveTimer);
      for (const finish of [...pendingDelays]) finish();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    numbers: () => activeNumbers(state).map(toWireNumber),
    texts(numberId) {
      const number = requireNumber(state, numberId);
      return number.texts.filter((text) => !text.deleted).map((text) => toWireText(number, text, context.signer));
    },
    insertInbound(numberId, remote, text, media = []) {
      const number = requireNumber(state, numberId);
      return toWireText(number, insertInboundText(insertRandom, state, number, remote, text, media, now()), context.signer);
    },
    setRead(numberId, textId, isRead) {
      patchText(requireText(requireNumber(state, numberId), textId), { isRead }, now());
    },
    deleteText(numberId, textId) {
      patchText(requireText(requireNumber(state, numberId), textId), { delete: true }, now());
    },
    editText(numberId, textId, text) {
      const record = requireText(requireNumber(state, numberId), textId);
      record.text = text;
      record.updatedAt = Math.max(record.updatedAt + 1, now());
    },
    releaseNumber(numberId) {
      requireNumber(state, numberId);
      state.released.add(numberId);
    },
    requestCount: () => requests,
    tickLive,
    sentTexts: (numberId) =>
      accepted.filter((entry) => entry.number.id === numberId && !entry.text.deleted).map((entry) => toWireText(entry.number, entry.text, context.signer)),
    sendRequestCount: () => sendRequests,
    setNumberType(numberId, type) {
      requireNumber(state, numberId).type = type;
    },
    setSmsStatus(numberId, status) {
      requireNumber(state, numberId).smsStatus = status;
    },
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw new Error('Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * JSON as Starlette sends it. With truncateAt set, the body is cut there and the connection
 * closed with neither Content-Length nor chunked framing, so the client sees a "complete"
 * response whose JSON does not parse.
 */
function sendJson(response: ServerResponse, status: number, body: unknown, truncateAt: number | null, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json');
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  if (truncateAt === null) {
    response.setHeader('Content-Length', String(payload.length));
    response.end(payload);
    return;
  }
  response.removeHeader('Content-Length');
  response.removeHeader('Transfer-Encoding');
  response.setHeader('Connection', 'close');
  response.end(payload.subarray(0, Math.max(1, Math.min(payload.length - 1, Math.floor(payload.length * truncateAt)))));
}

function sendCanned(response: ServerResponse, canned: CannedResponse): void {
  response.writeHead(canned.status, {
    'Content-Type': canned.contentType,
    'Content-Length': String(Buffer.byteLength(canned.body)),
    ...canned.headers,
  });
  response.end(canned.body);
}

function sendXml(response: ServerResponse, status: number, xml: string): void {
  sendCanned(response, { status, contentType: 'application/xml', body: xml });
}
