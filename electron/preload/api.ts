import type { Channel, Envelope, EventName, TextdeskApi } from '../../shared/contract';

/** What the preload needs from ipcRenderer, so the API's checks are tested without Electron. */
export interface IpcTransport {
  invoke(channel: Channel, input: unknown): Promise<unknown>;
  subscribe(event: EventName, deliver: (payload: unknown) => void): () => void;
}

/**
 * The renderer's API: invoke() only for the contract's channels and on() only for its events.
 * Main validates everything again; checking here turns a typo into a clear envelope rather than
 * an unhandled IPC error. Calls never reject: a broken transport answers INTERNAL.
 */
export function createTextdeskApi(transport: IpcTransport, channels: readonly Channel[], events: readonly EventName[]): TextdeskApi {
  const knownChannels = new Set<string>(channels);
  const knownEvents = new Set<string>(events);
  return {
    async invoke(channel: Channel, ...input: unknown[]) {
      if (typeof channel !== 'string' || !knownChannels.has(channel)) {
        return failure('VALIDATION', `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}.`);
      }
      try {
        return (await transport.invoke(channel, input[0])) as Envelope<never>;
      } catch {
        return failure('INTERNAL', 'Textdesk could not reach its main process.');
      }
    },
    on(event: EventName, listener: (payload: never) => void) {
      if (typeof event !== 'string' || !knownEvents.has(event) || typeof listener !== 'function') {
        throw new TypeError(`Unknown event ${JSON.stringify(String(event)).slice(0, 80)}.`);
      }
      return transport.subscribe(event, (payload) => listener(payload as never));
    },
  } as TextdeskApi;
}

function failure(code: 'VALIDATION' | 'INTERNAL', message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}
