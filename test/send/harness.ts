import type { Credentials } from '../../shared/contract';
import type { ProviderKind } from '../../shared/model';
import { encodeCredentials } from '../../electron/core/accounts';
import { startDemoServer } from '../../electron/demo/inkbox';
import type { SendFaults } from '../../electron/demo/inkbox/types';

/** What a send test needs of a provider's fake: where it is, its send knobs, what it stored. */
export interface SendFake {
  provider: ProviderKind;
  baseUrl: string;
  credentials: Credentials;
  /** The secret the service's store hands out for the account. */
  secret: string;
  setSendFaults(faults: SendFaults): void;
  /** Outbound texts the server holds with this body, on any number. */
  storedWithBody(body: string): { id: string }[];
  /** Send requests received so far. */
  sendRequests(): number;
  close(): Promise<void>;
}

export type StartFake = () => Promise<SendFake>;

export const startInkboxFake: StartFake = async () => {
  const server = await startDemoServer({ size: 'tiny', seed: 3 });
  return {
    provider: 'inkbox',
    baseUrl: server.baseUrl,
    credentials: { apiKey: server.apiKey },
    secret: server.apiKey,
    setSendFaults: (send) => server.setFaults({ send }),
    storedWithBody: (body) =>
      server
        .numbers()
        .flatMap((number) => server.sentTexts(number.id))
        .filter((text) => text.text === body),
    sendRequests: () => server.sendRequestCount(),
    close: () => server.close(),
  };
};

export const secretOf = (credentials: Credentials): string => encodeCredentials(credentials);

export const startSendblueFake: StartFake = async () => {
  const { startSendblueFake: start } = await import('../../electron/demo/fakes/sendblue');
  const server = await start({ seed: 3, size: 'tiny' });
  const credentials = { apiKey: server.credentials.apiKey, apiSecret: server.credentials.apiSecret };
  return {
    provider: 'sendblue',
    baseUrl: server.baseUrl,
    credentials,
    secret: secretOf(credentials),
    setSendFaults: (send) => server.setFaults({ send }),
    storedWithBody: (body) => server.sentMessages().filter((m) => m['content'] === body).map((m) => ({ id: m.message_handle })),
    sendRequests: () => server.sendRequestCount(),
    close: () => server.close(),
  };
};

export const startLinqFake: StartFake = async () => {
  const { startLinqFake: start } = await import('../../electron/demo/fakes/linq');
  const server = await start({ seed: 3, size: 'tiny' });
  return {
    provider: 'linq',
    baseUrl: server.baseUrl,
    credentials: { apiKey: server.credentials.apiKey },
    secret: server.credentials.apiKey,
    setSendFaults: (send) => server.setFaults({ send }),
    storedWithBody: (body) =>
      server
        .sentMessages()
        .filter((m) => m.parts.some((part) => part.type === 'text' && part.value === body))
        .map((m) => ({ id: m.id })),
    sendRequests: () => server.sendRequestCount(),
    close: () => server.close(),
  };
};

export const startHeymarketFake: StartFake = async () => {
  const { startHeymarketFake: start } = await import('../../electron/demo/fakes/heymarket');
  const server = await start({ seed: 3, size: 'tiny' });
  return {
    provider: 'heymarket',
    baseUrl: server.baseUrl,
    credentials: { apiKey: server.credentials.apiKey },
    secret: server.credentials.apiKey,
    setSendFaults: (send) => server.setFaults({ send }),
    storedWithBody: (body) => server.sentMessages().filter((m) => m.text === body).map((m) => ({ id: String(m.id) })),
    sendRequests: () => server.sendRequestCount(),
    close: () => server.close(),
  };
};
