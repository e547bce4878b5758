import type {
  Channel,
  ChannelInput,
  ChannelOutput,
  EventName,
  EventPayload,
  TextdeskApi,
} from '../shared/contract';
import type { ErrorCode } from '../shared/errors';

/** A refused call, as the UI shows it: a closed code and a sentence meant for people. */
export class ClientError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
  }
}

type InputArgs<C extends Channel> = undefined extends ChannelInput<C> ? [ChannelInput<C>?] : [ChannelInput<C>];

/** The renderer's only way to main: invoke, unwrap the envelope, throw a ClientError on refusal. */
export interface Client {
  call<C extends Channel>(channel: C, ...input: InputArgs<C>): Promise<ChannelOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(api: TextdeskApi): Client {
  return {
    async call(channel, ...input) {
      let envelope;
      try {
        envelope = await api.invoke(channel, ...input);
      } catch {
        // The bridge itself failed (the web host went away): the same shape as a refusal.
        throw new ClientError('NETWORK', 'Textdesk could not reach its background service.');
      }
      if (envelope.ok) return envelope.value;
      throw new ClientError(envelope.error.code, envelope.error.message);
    },
    on(event, listener) {
      return api.on(event, listener);
    },
  };
}

export function errorMessage(error: unknown): string {
  if (error instanceof ClientError) return error.message;
  return 'Something went wrong.';
}

/** The API the host put on window: the Electron preload or the web host's bridge. */
export function hostApi(): TextdeskApi | null {
  const api = (globalThis as { textdesk?: TextdeskApi }).textdesk;
  return api ?? null;
}
