import type { Credentials } from '../../shared/contract';
import type { ProviderKind } from '../../shared/model';
import { encodeCredentials } from '../../electron/core/accounts';
import { startDemoServer } from '../../electron/core/demo';
import type { SendFaults } from '../../electron/core/demo/types';

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
