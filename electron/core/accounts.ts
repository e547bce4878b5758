import type { RemoteNumberInfo } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Account, ProviderKind } from '../../shared/model';
import { providerInfo } from '../../shared/providers';
import type { SecretStore } from './hostInterfaces';
import type { ProviderAdapter } from './providers/adapter';
import { createAdapter } from './providers/registry';
import type { ParseIssue } from './providers/types';

/**
 * A local server's account is marked by its base URL in the cache (`demo:embedded` for Inkbox,
 * `demo:<provider>` for the others: existing caches hold these), resolved at run time to where
 * the host's server listens now; its port changes per run.
 */
export const LOCAL_INKBOX_BASE_URL = 'demo:embedded';

export function localServerBaseUrl(provider: ProviderKind): string {
  return provider === 'inkbox' ? LOCAL_INKBOX_BASE_URL : `demo:${provider}`;
}

export interface Credentials {
  apiKey?: string;
  apiSecret?: string;
}

export function defaultBaseUrl(provider: ProviderKind): string {
  return providerInfo[provider].defaultBaseUrl;
}

export function providerName(provider: ProviderKind): string {
  return providerInfo[provider].name;
}

/** Whether the account is one of the host's local servers (the demo), not a provider's own. */
export function isLocalServerAccount(account: Pick<Account, 'baseUrl'>): boolean {
  return account.baseUrl.startsWith('demo:');
}

/** Where a local server listens now and the credentials it accepts. */
export interface LocalEndpoint {
  baseUrl: string;
  credentials: Credentials;
}

/** Starts the host's local server for a provider if needed and answers its endpoint; null: the host runs none. */
export type LocalEndpointLookup = (provider: ProviderKind) => Promise<LocalEndpoint> | null;

/**
 * One string per account in the secret store: the bare key where a provider needs only a key
 * (what a user sees in their keychain), JSON where it needs a key and a secret (Sendblue).
 */
export function encodeCredentials(credentials: Credentials): string {
  if (credentials.apiSecret === undefined) return credentials.apiKey ?? '';
  return JSON.stringify({ apiKey: credentials.apiKey, apiSecret: credentials.apiSecret });
}

export function decodeCredentials(secret: string): Credentials {
  if (secret.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(secret) as Credentials;
      return { apiKey: parsed.apiKey ?? undefined, apiSecret: parsed.apiSecret ?? undefined };
    } catch {
      // Not ours: treat it as the key itself.
    }
  }
  return { apiKey: secret };
}

/**
 * Every value in a stored secret a log must never show: the whole string and, for a two-part
 * key, each part on its own (an error quotes the key id or the secret, not the JSON around them).
 */
export function secretParts(secret: string): string[] {
  const { apiKey, apiSecret } = decodeCredentials(secret);
  return [...new Set([secret, apiKey, apiSecret].filter((part): part is string => typeof part === 'string' && part !== ''))];
}

/** Builds provider adapters for accounts, with their credentials from the host's secret store. */
export class AdapterPool {
  private readonly adapters = new Map<number, ProviderAdapter>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly local: LocalEndpointLookup,
    private readonly onIssue: (account: Account, issue: ParseIssue) => void,
    /** The account's server answered a request (any status): its sync is not stalled. */
    private readonly onAnswer: (account: Account) => void = () => {},
  ) {}

  async adapterFor(account: Account): Promise<ProviderAdapter> {
    const cached = this.adapters.get(account.id);
    if (cached) return cached;
    let credentials: Credentials;
    let baseUrl = account.baseUrl;
    if (isLocalServerAccount(account)) {
      const notRunning = () => new AppError('NETWORK', `The ${providerName(account.provider)} demo server is not running.`);
      const opening = this.local(account.provider);
      if (!opening) throw notRunning();
      const endpoint = await opening.catch((error: unknown) => {
        throw new AppError('NETWORK', `${notRunning().message} ${(error as Error)?.message ?? ''}`.trim(), { cause: error });
      });
      credentials = endpoint.credentials;
      baseUrl = endpoint.baseUrl;
    } else {
      const secret = await this.secrets.get(account.id);
      if (!secret) throw new AppError('AUTH', `No credentials are stored for ${account.label}; add the account again.`);
      credentials = decodeCredentials(secret);
    }
    const adapter = createAdapter(account.provider, {
      credentials,
      baseUrl,
      onIssue: (issue) => this.onIssue(account, issue),
      onAnswer: () => this.onAnswer(account),
    });
    this.adapters.set(account.id, adapter);
    return adapter;
  }

  forget(accountId: number): void {
    this.adapters.delete(accountId);
  }
}

/** Asks the provider for the account's numbers: the connection test before an account is added. */
export async function testConnection(input: {
  provider: ProviderKind;
  credentials: Credentials;
  baseUrl?: string | undefined;
}): Promise<RemoteNumberInfo[]> {
  const adapter = createAdapter(input.provider, {
    credentials: input.credentials,
    baseUrl: input.baseUrl ?? defaultBaseUrl(input.provider),
    retry: { retries: 1 },
    timeoutMs: 10_000,
  });
  const numbers = await adapter.listNumbers();
  return numbers.map((number) => ({
    providerId: number.id,
    phoneNumber: number.number,
    label: null,
    ready: number.smsStatus === null || number.smsStatus === 'ready',
  }));
}
