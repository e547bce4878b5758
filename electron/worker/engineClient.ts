import { Worker } from 'node:worker_threads';
import type { Handlers } from '../../shared/contract';
import { AppError, type AppErrorShape } from '../../shared/errors';
import type { Settings } from '../../shared/settings';
import { toErrorShape } from '../core/dispatch';
import { silentLogger, type SecretScope, type SecretStore } from '../core/hostInterfaces';
import type { ServiceEventName, ServiceEvents, ServiceOptions } from '../core/serviceTypes';
import type { DemoFleetOptions } from '../demo';
import { readChannels, type EngineMethod, type EngineWorkerData, type FromEngine, type ToEngine } from './protocol';

/**
 * The host's side of the engine worker. It looks like the service to a host: `handlers` has
 * every channel (each call crosses the MessagePort), `on()` gives the service's events; the
 * service's other methods are async here. The host's thread runs no SQL.
 *
 * A worker that dies (a crash, an out-of-memory, a native fault) is reported through the
 * logger and the `engine:restarted` listeners, and a new one is started on the same files.
 * Nothing is lost: every write the engine made is committed in SQLite (WAL) before it
 * answers, queued actions live in the outbox table, and sync resumes from its saved state.
 * Calls in flight when it died are answered with an INTERNAL error saying so; calls made
 * while it restarts wait for it.
 */

export interface EngineClientOptions extends Omit<ServiceOptions, 'mediaUrl' | 'localServers'> {
  /**
   * The demo fleet (electron/demo), created by the worker on the engine's thread: its servers
   * are out of the host's reach. Without it the engine runs none (a cache's demo accounts then
   * cannot sync).
   */
  demo?: DemoFleetOptions;
  /** mediaUrl as a template, `{hash}` replaced by the content hash (functions cannot cross threads). */
  mediaUrlTemplate: string;
  /** The worker's entry; default engineWorker next to this file (.ts under tsx, .js when built). */
  workerUrl?: URL;
  /** Most restarts in a row (without a successful start between) before giving up. */
  maxRestarts?: number;
}

export interface EngineClient {
  readonly handlers: Handlers;
  on<E extends ServiceEventName>(event: E, listener: (payload: ServiceEvents[E]) => void): () => void;
  /** Called after a crashed engine has been restarted, with why it died. */
  onRestart(listener: (reason: string) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  syncNow(reason: 'start' | 'interval' | 'focus' | 'online' | 'user', numberId?: number): Promise<void>;
  pushNow(): Promise<number>;
  setOnline(online: boolean): Promise<void>;
  resolveMessageId(key: string): Promise<number | null>;
  mediaFile(hash: string): Promise<{ path: string; contentType: string; size: number } | null>;
  unreadCount(): Promise<number>;
  /** The conversation the user is looking at, as last set through app:setActiveConversation (kept here, so it is synchronous). */
  activeConversation(): number | null;
  exportTo(write: (chunk: string) => void, options: { numberId?: number; format: 'json' | 'csv' }): Promise<number>;
  /** Tells the engine the host changed a setting itself (the engine keeps a copy; see protocol.ts). */
  settingsChanged(settings: Settings): void;
  /** The worker's thread id (tests use it to see a restart happened). */
  threadId(): number;
  /** For tests and the responsiveness benchmark: kill the worker as a crash would; resolves once restarted. */
  crashForTest(): Promise<void>;
}

interface Pending {
  worker: Worker;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onChunk?: (chunk: string) => void;
}

function defaultWorkerUrl(): URL {
  const built = import.meta.url.endsWith('.js');
  return new URL(built ? './engineWorker.js' : './engineWorker.ts', import.meta.url);
}

export async function startEngineClient(options: EngineClientOptions): Promise<EngineClient> {
  const logger = options.logger ?? silentLogger;
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const maxRestarts = options.maxRestarts ?? 5;
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const restartListeners = new Set<(reason: string) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker!: Worker;
  let ready!: Promise<void>;
  let reader!: Worker;
  let readerReady!: Promise<void>;
  let readerRestarts = 0;
  let stopping = false;
  let started = false;
  let online = true;
  let restartsInARow = 0;

  const { secrets, settings, chooseSavePath, logger: _logger, workerUrl: _url, maxRestarts: _max, mediaUrlTemplate, ...plain } = options;
  // The engine files keys under its cache's installation id; one scoped view per installation.
  const scopedStores = new Map<string, SecretStore>();
  const scoped = (scope: SecretScope | null): SecretStore => {
    if (!scope || !secrets.withScope) return secrets;
    const key = `${scope.installationId}:${scope.legacyAccountIdMax}`;
    let store = scopedStores.get(key);
    if (!store) scopedStores.set(key, (store = secrets.withScope(scope)));
    return store;
  };
  void _logger;
  void _url;
  void _max;

  function launch(role: EngineWorkerData['role']): { current: Worker; started: Promise<void> } {
    const data: EngineWorkerData = {
      role,
      options: { ...plain, mediaUrlTemplate, secretsDescription: secrets.description, settings: settings.get(), hasSaveDialog: !!chooseSavePath },
    };
    const execArgv = workerUrl.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const current = new Worker(workerUrl, { workerData: data, execArgv });
    const started = new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromEngine) => {
        if (message.type === 'ready') {
          current.off('message', onMessage);
          resolve();
        }
      };
      current.on('message', onMessage);
      current.once('exit', () => reject(new AppError('INTERNAL', 'The engine stopped while starting.')));
    });
    started.catch(() => {});
    current.on('message', (message: FromEngine) => receive(current, message));
    current.on('error', (error) => logger.error('The engine failed', { role, error: error.stack ?? error.message }));
    return { current, started };
  }

  function spawn(): void {
    const { current, started } = launch('writer');
    worker = current;
    ready = started;
    current.on('exit', (code) => void exited(current, code));
  }

  /** The reader starts once the writer has opened (and migrated) the file. */
  function spawnReader(): void {
    const { current, started } = launch('reader');
    reader = current;
    readerReady = started;
    current.on('exit', (code) => {
      rejectPending(current);
      if (stopping || current !== reader) return;
      readerRestarts += 1;
      if (readerRestarts > maxRestarts) {
        logger.error(`The engine's reader stopped (exit code ${code}) ${maxRestarts} times in a row; reads go to the writer.`);
        readerReady = Promise.reject(new AppError('INTERNAL', 'No reader'));
        readerReady.catch(() => {});
        return;
      }
      logger.error(`The engine's reader stopped unexpectedly (exit code ${code}). Restarting it.`);
      spawnReader();
      void readerReady.then(() => (readerRestarts = 0), () => {});
    });
  }

  function rejectPending(of: Worker): void {
    for (const [id, call] of pending) {
      if (call.worker !== of) continue;
      pending.delete(id);
      call.reject(new AppError('INTERNAL', 'The engine stopped before answering; nothing it had saved is lost. Try again.'));
    }
  }

  function receive(from: Worker, message: FromEngine): void {
    switch (message.type) {
      case 'reply': {
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (!call) return;
        if (message.ok) call.resolve(message.value);
        else call.reject(new AppError(message.error.code, message.error.message));
        return;
      }
      case 'exportChunk':
        pending.get(message.id)?.onChunk?.(message.chunk);
        return;
      case 'event':
        for (const listener of listeners.get(message.event) ?? []) {
          try {
            (listener as (payload: unknown) => void)(message.payload);
          } catch (error) {
            logger.error('An event listener failed', { event: message.event, error: String(error) });
          }
        }
        return;
      case 'log':
        logger[message.level](message.message, message.details);
        return;
      case 'hostCall':
        void answerHost(from, message.id, async () => {
          switch (message.name) {
            case 'secrets.get':
              return scoped(message.args[1]).get(message.args[0]);
            case 'secrets.set':
              return scoped(message.args[2]).set(message.args[0], message.args[1]);
            case 'secrets.delete':
              return scoped(message.args[1]).delete(message.args[0]);
            case 'settings.set':
              return settings.set(message.args[0]);
            case 'chooseSavePath':
              return chooseSavePath ? chooseSavePath(...message.args) : null;
          }
        });
        return;
      case 'ready':
        return;
    }
  }

  async function answerHost(to: Worker, id: number, run: () => Promise<unknown>): Promise<void> {
    let reply: ToEngine;
    try {
      reply = { type: 'hostReply', id, ok: true, value: await run() };
    } catch (error) {
      reply = { type: 'hostReply', id, ok: false, error: toErrorShape('host', error) as AppErrorShape };
    }
    if (to === worker) to.postMessage(reply);
  }

  async function exited(which: Worker, code: number): Promise<void> {
    if (which !== worker) return;
    rejectPending(which);
    if (stopping) return;
    const reason = `The engine stopped unexpectedly (exit code ${code}).`;
    restartsInARow += 1;
    if (restartsInARow > maxRestarts) {
      logger.error(`${reason} It failed ${maxRestarts} times in a row; not restarting it.`);
      return;
    }
    logger.error(`${reason} Restarting it.`);
    spawn();
    try {
      await ready;
      if (started) {
        await send({ type: 'method', id: 0, name: 'start', args: [] });
        if (!online) await send({ type: 'method', id: 0, name: 'setOnline', args: [false] });
      }
      restartsInARow = 0;
      for (const listener of restartListeners) listener(reason);
    } catch (error) {
      logger.error('The engine could not be restarted', { error: String(error) });
    }
  }

  function send(message: ToEngine & { id: number }, onChunk?: (chunk: string) => void): Promise<unknown> {
    return ready.then(() => post(worker, message, onChunk));
  }

  function post(to: Worker, message: ToEngine & { id: number }, onChunk?: (chunk: string) => void): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { worker: to, resolve, reject, ...(onChunk ? { onChunk } : {}) });
      to.postMessage({ ...message, id });
    });
  }

  /** A read channel goes to the reader, or to the writer while there is none. */
  async function read(channel: string, input: unknown): Promise<unknown> {
    const hasReader = await readerReady.then(
      () => true,
      () => false,
    );
    return hasReader ? post(reader, { type: 'call', id: 0, channel, input }) : send({ type: 'call', id: 0, channel, input });
  }

  const method = (name: EngineMethod, ...args: unknown[]) => send({ type: 'method', id: 0, name, args });

  spawn();
  await ready;
  spawnReader();
  await readerReady;

  // app:info is the host's own answer (version, host, platform), the demo flag as the last
  // sync status said: it never waits for the engine.
  let appInfo = (await send({ type: 'call', id: 0, channel: 'app:info', input: undefined })) as { demo: boolean };
  listeners.set('sync:status', new Set([((status: { demo: boolean }) => (appInfo = { ...appInfo, demo: status.demo })) as (payload: never) => void]));

  // The notifier asks which conversation is open on every inbound text: kept on this side.
  let activeConversationId: number | null = null;
  const handlers = new Proxy({} as Handlers, {
    get: (_target, channel) => {
      if (typeof channel !== 'string') return undefined;
      if (channel === 'app:info') return async () => appInfo;
      if (readChannels.has(channel)) return (input?: unknown) => read(channel, input);
      return async (input?: unknown) => {
        const value = await send({ type: 'call', id: 0, channel, input });
        if (channel === 'app:setActiveConversation') activeConversationId = (input as { conversationId: number | null }).conversationId;
        return value;
      };
    },
  });

  const client: EngineClient = {
    handlers,
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    onRestart(listener) {
      restartListeners.add(listener);
      return () => restartListeners.delete(listener);
    },
    async start() {
      await method('start');
      started = true;
    },
    async stop() {
      stopping = true;
      try {
        await Promise.all([method('stop'), readerReady.then(() => post(reader, { type: 'method', id: 0, name: 'stop', args: [] }), () => {})]);
      } finally {
        await Promise.all([worker.terminate(), reader.terminate()]);
      }
    },
    syncNow: async (reason, numberId) => void (await method('syncNow', reason, numberId)),
    pushNow: async () => (await method('pushNow')) as number,
    setOnline: async (value) => {
      online = value;
      await method('setOnline', value);
    },
    resolveMessageId: async (key) => (await method('resolveMessageId', key)) as number | null,
    mediaFile: async (hash) => (await method('mediaFile', hash)) as { path: string; contentType: string; size: number } | null,
    unreadCount: async () => (await method('unreadCount')) as number,
    activeConversation: () => activeConversationId,
    exportTo: async (write, exportOptions) => (await send({ type: 'export', id: 0, options: exportOptions }, write)) as number,
    settingsChanged: (next) => worker.postMessage({ type: 'settings', settings: next } satisfies ToEngine),
    threadId: () => worker.threadId,
    async crashForTest() {
      const dying = worker;
      const restarted = new Promise<void>((resolve) => {
        const off = client.onRestart(() => {
          off();
          resolve();
        });
      });
      await dying.terminate();
      await restarted;
    },
  };
  return client;
}
