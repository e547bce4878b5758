import type { AppErrorShape } from '../../shared/errors';
import type { Settings } from '../../shared/settings';
import type { SecretScope } from '../core/hostInterfaces';
import type { ServiceOptions } from '../core/serviceTypes';
import type { DemoFleetOptions } from '../demo';

/**
 * The messages between a host and the engine worker (engineWorker.ts), over the worker's
 * MessagePort. The contract is the boundary: a host forwards calls by channel name and
 * receives the service's events; what the engine needs from the host (secrets, settings
 * writes, the save dialog, the log) comes back the other way as host calls.
 */

/** The part of ServiceOptions that can cross a thread: functions and stores stay on the host. */
export interface EngineWorkerData {
  /**
   * writer: the service that owns sync, the outbox and media bookkeeping, and answers every
   * channel; reader: a second service on the same file (WAL) that is never started and only
   * answers the read channels (readChannels), so reads do not queue behind the writer's pages.
   */
  role: 'writer' | 'reader';
  options: Omit<ServiceOptions, 'secrets' | 'settings' | 'logger' | 'mediaUrl' | 'chooseSavePath' | 'localServers'> & {
    /** The demo fleet the worker runs on the engine's thread, beside the writer (see engineWorker.ts). */
    demo?: DemoFleetOptions;
    /** mediaUrl as a template: `{hash}` is replaced by the file's content hash. */
    mediaUrlTemplate: string;
    secretsDescription: string;
    /** The settings as the host has them now; the worker keeps a copy and sends writes back. */
    settings: Settings;
    hasSaveDialog: boolean;
  };
}

/** Channels a reader answers: they only read the cache. */
export const readChannels: ReadonlySet<string> = new Set(['conversations:list', 'conversations:get', 'thread:page', 'search:query', 'search:context']);

/** Service methods a host may call besides the channels (TextdeskService, async across the port). */
export type EngineMethod = 'start' | 'stop' | 'syncNow' | 'pushNow' | 'setOnline' | 'resolveMessageId' | 'mediaFile' | 'unreadCount';

export type ToEngine =
  | { type: 'call'; id: number; channel: string; input: unknown }
  | { type: 'method'; id: number; name: EngineMethod; args: unknown[] }
  | { type: 'export'; id: number; options: { numberId?: number; format: 'json' | 'csv' } }
  /** The host changed a setting itself (Electron's tray: do not disturb): the worker's copy follows. */
  | { type: 'settings'; settings: Settings }
  | { type: 'hostReply'; id: number; ok: true; value: unknown }
  | { type: 'hostReply'; id: number; ok: false; error: AppErrorShape };

export type HostCall =
  | { name: 'secrets.get'; args: [number, SecretScope | null] }
  | { name: 'secrets.set'; args: [number, string, SecretScope | null] }
  | { name: 'secrets.delete'; args: [number, SecretScope | null] }
  | { name: 'settings.set'; args: [Settings] }
  | { name: 'chooseSavePath'; args: [string] };

export type FromEngine =
  | { type: 'ready' }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: AppErrorShape }
  | { type: 'exportChunk'; id: number; chunk: string }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; details?: Record<string, unknown> }
  | ({ type: 'hostCall'; id: number } & HostCall);
