import { AppError } from '../../shared/errors';
import type { Credentials } from '../core/accounts';
import { encodeCredentials } from '../core/accounts';
import type { SecretStore } from '../core/hostInterfaces';
import type { ProviderKind } from '../../shared/model';
import { providerInfo } from '../../shared/providers';

/**
 * The CLI reads credentials from the environment, one set per provider, and never stores them.
 * INKBOX_API_KEY and INKBOX_BASE_URL are the names the official Inkbox SDKs read. Heymarket
 * takes either an API Secret (ID + Key, recommended: JWTs are minted from it) or the legacy
 * team API token; the Secret wins when both are set.
 */
export const envNames: Record<ProviderKind, { apiKey: string; apiSecret?: string; baseUrl: string; secret?: { id: string; key: string } }> = {
  inkbox: { apiKey: 'INKBOX_API_KEY', baseUrl: 'INKBOX_BASE_URL' },
  sendblue: { apiKey: 'SENDBLUE_API_KEY_ID', apiSecret: 'SENDBLUE_API_SECRET_KEY', baseUrl: 'SENDBLUE_BASE_URL' },
  linq: { apiKey: 'LINQ_API_TOKEN', baseUrl: 'LINQ_BASE_URL' },
  heymarket: {
    apiKey: 'HEYMARKET_API_TOKEN',
    baseUrl: 'HEYMARKET_BASE_URL',
    secret: { id: 'HEYMARKET_API_SECRET_ID', key: 'HEYMARKET_API_SECRET_KEY' },
  },
};

export interface EnvAccount {
  provider: ProviderKind;
  credentials: Credentials;
  baseUrl: string;
}

/**
 * The providers whose credentials the environment holds. Half an API Secret (an ID without its
 * Key, or the other way round) is refused by name rather than silently ignored.
 */
export function envAccounts(env: NodeJS.ProcessEnv = process.env): EnvAccount[] {
  const found: EnvAccount[] = [];
  for (const provider of Object.keys(envNames) as ProviderKind[]) {
    const names = envNames[provider];
    const baseUrl = env[names.baseUrl]?.trim() || providerInfo[provider].defaultBaseUrl;
    if (names.secret) {
      const id = env[names.secret.id]?.trim();
      const key = env[names.secret.key]?.trim();
      if (id && key) {
        found.push({ provider, credentials: { apiKey: id, apiSecret: key }, baseUrl });
        continue;
      }
      if (id || key) {
        throw new AppError('VALIDATION', `${id ? names.secret.id : names.secret.key} is set but ${id ? names.secret.key : names.secret.id} is not: set both.`);
      }
    }
    const apiKey = env[names.apiKey]?.trim();
    if (!apiKey) continue;
    const apiSecret = names.apiSecret ? env[names.apiSecret]?.trim() : undefined;
    found.push({
      provider,
      credentials: names.apiSecret ? { apiKey, apiSecret } : { apiKey },
      baseUrl,
    });
  }
  return found;
}

/**
 * A SecretStore over the environment: an account gets the credentials the environment holds for
 * its provider only when they name its base URL (the provider's default when no base URL is
 * set), so a key meant for one server never reaches another. `accountOf` reads the cache.
 */
export function envSecretStore(
  accountOf: (accountId: number) => { provider: ProviderKind; baseUrl: string } | undefined,
  env: NodeJS.ProcessEnv = process.env,
): SecretStore {
  return {
    description: 'environment variables',
    async get(accountId) {
      const wanted = accountOf(accountId);
      const account = wanted && envAccounts(env).find((a) => a.provider === wanted.provider && sameBaseUrl(a.baseUrl, wanted.baseUrl));
      return account ? encodeCredentials(account.credentials) : null;
    },
    async set() {},
    async delete() {},
  };
}

/** Base URLs compare as URLs: case of the host, a default port and a trailing slash do not matter. */
export function sameBaseUrl(a: string, b: string): boolean {
  return normalizeBaseUrl(a) === normalizeBaseUrl(b);
}

function normalizeBaseUrl(value: string): string {
  try {
    const url = new URL(value.trim());
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
  } catch {
    return value.trim().replace(/\/+$/, '');
  }
}

export function credentialHelp(): string {
  return (Object.keys(envNames) as ProviderKind[])
    .map((provider) => {
      const names = envNames[provider];
      const secret = names.secret ? `${names.secret.id} + ${names.secret.key}, or ` : '';
      const vars = secret + [names.apiKey, names.apiSecret].filter(Boolean).join(' + ');
      return `  ${providerInfo[provider].name.padEnd(10)} ${vars} (base URL: ${names.baseUrl})`;
    })
    .join('\n');
}
