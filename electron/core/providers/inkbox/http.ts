import { clientTransport, createHttpClient, type ClientOptions, type HttpClient } from '../http';
import { describeInkboxError } from './errorDetail';

export const PROVIDER = 'Inkbox';

/**
 * The HTTP client every Inkbox API (phone, contacts) is reached through: the key as X-API-Key
 * (trimmed: keys are often pasted with a trailing newline), redacted from errors, and Inkbox's
 * error detail.
 */
export function inkboxHttp(options: ClientOptions & { apiKey: string }, baseUrl: string): HttpClient {
  const apiKey = options.apiKey.trim();
  return createHttpClient({
    provider: PROVIDER,
    baseUrl,
    headers: { 'x-api-key': apiKey },
    secrets: [apiKey],
    credentialLabel: 'API key',
    ...clientTransport(options),
    describeError: describeInkboxError,
  });
}
