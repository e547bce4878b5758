import type { RemoteNumberInfo } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Account, ProviderKind } from '../../shared/model';
import type { DemoServer } from './demo';
import type { SecretStore } from './hostInterfaces';
import { createInkboxClient, DEFAULT_INKBOX_BASE_URL, type InkboxClient } from './providers/inkbox';
import type { ParseIssue } from './providers/types';

/** The demo account's base URL in the cache: resolved to the embedded server at run time. */
export const DEMO_BASE_URL = 'demo:embedded';

export function defaultBaseUrl(provider: ProviderKind): string {
  if (provider === 'inkbox') return DEFAULT_INKBOX_BASE_URL;
  throw new AppError('UNSUPPORTED', `${providerName(provider)} accounts are not supported yet.`);
}

export function providerName(provider: ProviderKind): string {
  return { inkbox: 'Inkbox', sendblue: 'Sendblue', linq: 'Linq', heymarket: 'Heymarket' }[provider];
}

export function isDemoAccount(account: Pick<Account, 'baseUrl'>): boolean {
  return account.baseUrl === DEMO_BASE_URL;
}

/** Builds provider clients for accounts, with their secret from the host's store. */
export class ClientPool {
  private readonly clients = new Map<number, InkboxClient>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly demo: () => DemoServer | null,
    private readonly onIssue: (account: Account, issue: ParseIssue) => void,
  ) {}

  async clientFor(account: Account): Promise<InkboxClient> {
    const cached = this.clients.get(account.id);
    if (cached) return cached;
    if (account.provider !== 'inkbox') {
      throw new AppError('UNSUPPORTED', `${providerName(account.provider)} accounts are not supported yet.`);
    }
    let apiKey: string | null;
    let baseUrl = account.baseUrl;
    if (isDemoAccount(account)) {
      const server = this.demo();
      if (!server) throw new AppError('NETWORK', 'The demo server is not running.');
      apiKey = server.apiKey;
      baseUrl = server.baseUrl;
    } else {
      apiKey = await this.secrets.get(account.id);
    }
    if (!apiKey) {
      throw new AppError('AUTH', `No API key is stored for ${account.label}; add the account again.`);
    }
    const client = createInkboxClient({ apiKey, baseUrl, onIssue: (issue) => this.onIssue(account, issue) });
    this.clients.set(account.id, client);
    return client;
  }

  forget(accountId: number): void {
    this.clients.delete(accountId);
  }
}

/** Asks the provider for the account's numbers: the connection test before an account is added. */
export async function testConnection(input: {
  provider: ProviderKind;
  apiKey: string | undefined;
  baseUrl?: string | undefined;
}): Promise<RemoteNumberInfo[]> {
  if (input.provider !== 'inkbox') {
    throw new AppError('UNSUPPORTED', `${providerName(input.provider)} accounts are not supported yet.`);
  }
  if (!input.apiKey) throw new AppError('VALIDATION', 'An API key is required.');
  const client = createInkboxClient({
    apiKey: input.apiKey,
    baseUrl: input.baseUrl ?? defaultBaseUrl(input.provider),
    retry: { retries: 1 },
    timeoutMs: 10_000,
  });
  const numbers = await client.listNumbers();
  return numbers.map((number) => ({
    providerId: number.id,
    phoneNumber: number.number,
    label: null,
    ready: number.smsStatus === null || number.smsStatus === 'ready',
  }));
}
