import { describe, expect, it } from 'vitest';
import { credentialHelp, envAccounts } from '../../electron/cli/envCredentials';

describe('credentials from the environment', () => {
  it('takes a Heymarket API Secret as ID and Key, before the legacy token', () => {
    const accounts = envAccounts({ HEYMARKET_API_SECRET_ID: ' sid ', HEYMARKET_API_SECRET_KEY: 'skey\n', HEYMARKET_API_TOKEN: 'legacy' });
    expect(accounts).toEqual([{ provider: 'heymarket', credentials: { apiKey: 'sid', apiSecret: 'skey' }, baseUrl: 'https://api.heymarket.com/v1' }]);
  });

  it('still takes the legacy Heymarket token alone', () => {
    expect(envAccounts({ HEYMARKET_API_TOKEN: 'legacy', HEYMARKET_BASE_URL: 'http://127.0.0.1:1/v1' })).toEqual([
      { provider: 'heymarket', credentials: { apiKey: 'legacy' }, baseUrl: 'http://127.0.0.1:1/v1' },
    ]);
  });

  it('refuses half an API Secret by name instead of ignoring it', () => {
    expect(() => envAccounts({ HEYMARKET_API_SECRET_ID: 'sid', HEYMARKET_API_TOKEN: 'legacy' })).toThrow(
      'HEYMARKET_API_SECRET_ID is set but HEYMARKET_API_SECRET_KEY is not: set both.',
    );
  });

  it('names both Heymarket credentials in the help', () => {
    expect(credentialHelp()).toContain('HEYMARKET_API_SECRET_ID + HEYMARKET_API_SECRET_KEY, or HEYMARKET_API_TOKEN');
  });
});
