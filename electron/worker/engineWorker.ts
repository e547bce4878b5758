import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { eventNames } from '../../shared/contract';
import { AppError, type AppErrorShape } from '../../shared/errors';
import { Settings } from '../../shared/settings';
import { toErrorShape } from '../core/dispatch';
import type { Logger, SecretScope, SecretStore, SettingsStore } from '../core/hostInterfaces';
import { createService } from '../core/service';
import type { TextdeskService } from '../core/serviceTypes';
import { createDemoFleet } from '../demo';
import type { EngineWorkerData, FromEngine, HostCall, ToEngine } from './protocol';
import { createEventCoalescer } from './eventCoalescer';
import { yieldToForeground } from './priority';

/**
 * The engine's thread: the core service (the cache, sync, the outbox, media bookkeeping) runs
 * here, so that none of its SQL or its sync's JSON runs on the host's thread (Electron's main
 * process, the browser host's event loop). The host talks to it through engineClient.ts.
 */

const port = parentPort!;
const { options, role } = workerData as EngineWorkerData;
const send = (message: FromEngine) => port.postMessage(message);

// The writer gives way to the host's thread and the readers when they want the same core.
if (role === 'writer') yieldToForeground();

let nextHostCall = 1;
const hostCalls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function callHost<T>(call: HostCall): Promise<T> {
  const id = nextHostCall++;
  return new Promise<T>((resolve, reject) => {
    hostCalls.set(id, { resolve: resolve as (value: unknown) => void, reject });
    send({ type: 'hostCall', id, ...call });
  });
}

/**
 * The host's secret store, through the port. The scope (the cache's installation id) travels
 * with every call, so keys stay filed per installation as they are with the engine in process.
 */
function hostSecrets(scope: SecretScope | null): SecretStore {
  return {
    description: options.secretsDescription,
    get: (accountId) => callHost<string | null>({ name: 'secrets.get', args: [accountId, scope] }),
    set: (accountId, secret) => callHost<void>({ name: 'secrets.set', args: [accountId, secret, scope] }),
    delete: (accountId) => callHost<void>({ name: 'secrets.delete', args: [accountId, scope] }),
    withScope: (next) => hostSecrets(next),
  };
}
const secrets = hostSecrets(null);

// Settings are read on every sync decision, synchronously: the worker keeps the current values
// and sends each change to the host, which persists it.
let settingsNow: Settings = options.settings;
const settings: SettingsStore = {
  get: () => settingsNow,
  set: (patch) => {
    settingsNow = Settings.parse({ ...settingsNow, ...patch });
    void callHost({ name: 'settings.set', args: [settingsNow] }).catch(() => {});
    return settingsNow;
  },
};

const logger: Logger = {
  info: (message, details) => send({ type: 'log', level: 'info', message, details }),
  warn: (message, details) => send({ type: 'log', level: 'warn', message, details }),
  error: (message, details) => send({ type: 'log', level: 'error', message, details }),
};

function errorShape(error: unknown): AppErrorShape {
  return toErrorShape('engine', error, (channel, cause) =>
    logger.error('A call failed in the engine', { channel, error: cause instanceof Error ? (cause.stack ?? cause.message) : String(cause) }),
  );
}

// The demo fleet runs here, on the engine's thread, beside the writer; the writer's stop closes it.
const { demo, ...serviceOptions } = options;
const fleet = role === 'writer' && demo ? createDemoFleet(dirname(options.databasePath ?? join(options.dataDir, 'cache.db')), demo) : null;

// A reader is the same service on the same file, never started: no sync, no schedule, no demo
// server; its read channels see every committed write (WAL).
const servicePromise: Promise<TextdeskService> = createService({
  ...serviceOptions,
  ...(role === 'reader' ? { schedule: false } : {}),
  ...(fleet ? { localServers: fleet } : {}),
  secrets,
  settings,
  logger,
  mediaUrl: (hash) => options.mediaUrlTemplate.replace('{hash}', hash),
  ...(options.hasSaveDialog ? { chooseSavePath: (name: string) => callHost<string | null>({ name: 'chooseSavePath', args: [name] }) } : {}),
});

// A sync's per-page events reach the host folded, at most one of each kind per 100 ms.
const events = createEventCoalescer((event, payload) => send({ type: 'event', event, payload }));

void servicePromise.then(
  (service) => {
    for (const event of role === 'reader' ? [] : [...eventNames, 'inbound' as const]) {
      service.on(event, (payload) => events.push(event, payload));
    }
    send({ type: 'ready' });
  },
  (error: unknown) => {
    // The host sees the worker exit and reports it; the reason goes to the log first.
    logger.error('The engine could not start', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    setImmediate(() => process.exit(1));
  },
);

port.on('message', (message: ToEngine) => {
  if (message.type === 'settings') {
    settingsNow = message.settings;
    return;
  }
  if (message.type === 'hostReply') {
    const pending = hostCalls.get(message.id);
    hostCalls.delete(message.id);
    if (!pending) return;
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new AppError(message.error.code, message.error.message));
    return;
  }
  void (async () => {
    const service = await servicePromise;
    try {
      let value: unknown;
      if (message.type === 'call') {
        const handler = (service.handlers as Record<string, ((input: unknown) => Promise<unknown>) | undefined>)[message.channel];
        if (!handler) throw new AppError('VALIDATION', `Unknown channel ${message.channel}.`);
        value = await handler(message.input);
      } else if (message.type === 'export') {
        value = service.exportTo((chunk) => send({ type: 'exportChunk', id: message.id, chunk }), message.options);
      } else {
        const method = service[message.name] as (...args: unknown[]) => unknown;
        value = await method.apply(service, message.args);
        if (message.name === 'stop') await fleet?.close();
      }
      // What the call caused reaches the host before its answer does.
      events.flush();
      send({ type: 'reply', id: message.id, ok: true, value });
    } catch (error) {
      events.flush();
      send({ type: 'reply', id: message.id, ok: false, error: errorShape(error) });
    }
  })();
});
