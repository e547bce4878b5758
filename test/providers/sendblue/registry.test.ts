import { afterEach, describe, expect, it } from 'vitest';
import { testConnection } from '../../../electron/core/accounts';
import { startSendblueFake, type SendblueFake } from '../../../electron/demo/fakes/sendblue';
import { createAdapter, isSupportedProvider } from '../../../electron/core/providers/registry';

let fake: SendblueFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('Sendblue in the registry', () => {
  it('is a supported provider that needs both keys', () => {
    expect(isSupportedProvider('sendblue')).toBe(true);
    expect(() => createAdapter('sendblue', { credentials: { apiKey: 'k' }, baseUrl: 'http://127.0.0.1:1' })).toThrow(/API secret key/);
  });

  it('passes the connection test with the lines found in the messages', async () => {
    fake = await startSendblueFake({ size: 'small' });
    const numbers = await testConnection({ provider: 'sendblue', credentials: fake.credentials, baseUrl: fake.baseUrl });
    expect(numbers.map((n) => n.phoneNumber).sort()).toEqual(fake.numbers().sort());
    expect(numbers.every((n) => n.ready)).toBe(true);
  });
});
