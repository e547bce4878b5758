import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRandom } from '../../inkbox/random';

/**
 * GET /api/v2/events on the Sendblue fake: the account's server-sent event stream, with a
 * heartbeat comment every `heartbeatMs`, an end after `rotateMs` for the client to reconnect, a
 * ?types= allowlist, and knobs that mute, cut or refuse the streams.
 */

export interface SendblueEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

export interface EventHubOptions {
  seed: number;
  now: () => number;
  heartbeatMs?: number;
  rotateMs?: number;
  /** Answers a refused stream in Sendblue's error shape. */
  fail: (res: ServerResponse, status: number, message: string) => void;
}

export function createEventHub(options: EventHubOptions) {
  /** Open streams; `types` is the ?types= allowlist (null: every type). */
  const streams = new Set<{ res: ServerResponse; timers: NodeJS.Timeout[]; types: Set<string> | null }>();
  const random = createRandom(options.seed, 'live');
  let refusal: 403 | 404 | 500 | null = null;
  let muted = false;
  let counter = 0;

  function write(event: SendblueEvent): void {
    if (muted) return;
    const payload = JSON.stringify({ id: event.id, type: event.type, occurred_at: new Date(options.now()).toISOString(), data: event.data, version: 1 });
    for (const stream of streams) {
      if (stream.types && !stream.types.has(event.type)) continue;
      stream.res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${payload}\n\n`);
    }
  }

  return {
    write,
    /** An event as Sendblue's stream would carry it: a stable id, a type and minimal data. */
    emit(type: string, data: Record<string, unknown>): void {
      counter += 1;
      write({ id: `evt_${counter}_${random.digits(6)}`, type, data });
    },
    open(req: IncomingMessage, res: ServerResponse): void {
      if (refusal !== null) return options.fail(res, refusal, refusal === 500 ? 'Internal server error' : 'Events are not available');
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      const types = new URL(req.url ?? '/', 'http://fake').searchParams.get('types');
      const stream = { res, timers: [] as NodeJS.Timeout[], types: types ? new Set(types.split(',').map((t) => t.trim())) : null };
      const heartbeat = setInterval(() => {
        if (!muted) res.write(': heartbeat\n\n');
      }, options.heartbeatMs ?? 15_000);
      const rotate = setTimeout(() => res.end(), options.rotateMs ?? 15 * 60_000);
      heartbeat.unref();
      rotate.unref();
      stream.timers.push(heartbeat, rotate);
      streams.add(stream);
      const forget = () => {
        for (const timer of stream.timers) clearTimeout(timer);
        streams.delete(stream);
      };
      res.on('close', forget);
      req.on('close', forget);
    },
    count: () => streams.size,
    drop(): void {
      for (const stream of streams) stream.res.destroy();
    },
    mute(value: boolean): void {
      muted = value;
    },
    refuse(status: 403 | 404 | 500 | null): void {
      refusal = status;
    },
    /** Stops every stream's timers (the server is closing). */
    stopTimers(): void {
      for (const stream of streams) for (const timer of stream.timers) clearTimeout(timer);
    },
  };
}
