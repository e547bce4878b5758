import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHeymarketFake, type HeymarketFake } from '../../../electron/demo/fakes/heymarket';
import { ProviderAuthError } from '../../../electron/core/providers/errors';
import { createHeymarketClient } from '../../../electron/core/providers/heymarket/client';
import { createHeymarketAdapter } from '../../../electron/core/providers/heymarket/adapter';
import { createTokenSource, signHeymarketToken } from '../../../electron/core/providers/heymarket/jwt';
import { fastRetries } from './harness';

let fake: HeymarketFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
const secret = { secretId: '74f80a77-9b3f-44ac-b3ad-ab68cfb548fa', secretKey: 'cPQku7lnSLbnK88UFOBg1a6Q3t1w1RgK' };

describe('Heymarket API Secret tokens', () => {
  it('are HS256 JWTs of {iss: Secret ID, iat} signed with "SECRET_ID||SECRET_KEY"', () => {
    const token = signHeymarketToken(secret, 1713225600);
    const [head, body, signature] = token.split('.') as [string, string, string];
    expect(decode(head)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decode(body)).toEqual({ iss: secret.secretId, iat: 1713225600 });
    const expected = createHmac('sha256', `${secret.secretId}||${secret.secretKey}`).update(`${head}.${body}`).digest('base64url');
    expect(signature).toBe(expected);
  });

  it('are minted again only when the cached one has less than a minute left', () => {
    let clock = Date.UTC(2026, 2, 1, 12, 0, 0);
    const tokens = createTokenSource(secret, () => clock);
    const first = tokens.token();
    clock += 3 * 60_000;
    expect(tokens.token()).toBe(first);
    clock += 59_000;
    expect(tokens.token()).toBe(first);
    clock += 2_000; // 4 min 1 s after iat: 59 s left.
    const second = tokens.token();
    expect(second).not.toBe(first);
    expect(decode(second.split('.')[1]!)['iat']).toBe(Math.floor(clock / 1000));
    expect(tokens.minted()).toBe(2);
  });
});

describe('the Heymarket fake and client with an API Secret', () => {
  it('accepts a signed token and still accepts the legacy API key', async () => {
    fake = await startHeymarketFake();
    const jwt = createHeymarketClient({ secret: fake.apiSecret, baseUrl: fake.baseUrl, ...fastRetries });
    const legacy = createHeymarketClient({ apiKey: fake.credentials.apiKey, baseUrl: fake.baseUrl, ...fastRetries });
    expect(await jwt.listInboxes()).toEqual(await legacy.listInboxes());
    expect(fake.tokensSeen()).toHaveLength(1);
  });

  it('uses one token for many requests, and a new one when it nears its 5 minutes', async () => {
    let clock = Date.UTC(2026, 2, 1, 12, 0, 0);
    fake = await startHeymarketFake({ now: () => clock });
    const client = createHeymarketClient({ secret: fake.apiSecret, baseUrl: fake.baseUrl, now: () => clock, ...fastRetries });
    for (let i = 0; i < 20; i++) await client.listInboxes();
    expect(fake.tokensSeen()).toHaveLength(1);
    clock += 4 * 60_000 + 30_000;
    await client.listInboxes();
    expect(fake.tokensSeen()).toHaveLength(2);
  });

  it('refuses a token signed with the wrong key, and one past its 5 minutes, with 401', async () => {
    let clock = Date.UTC(2026, 2, 1, 12, 0, 0);
    fake = await startHeymarketFake({ now: () => clock });
    const wrong = createHeymarketClient({ secret: { ...fake.apiSecret, secretKey: 'not-the-key-000' }, baseUrl: fake.baseUrl, ...fastRetries });
    await expect(wrong.listInboxes()).rejects.toMatchObject({ status: 401 });
    await expect(wrong.listInboxes()).rejects.toBeInstanceOf(ProviderAuthError);

    const stale = signHeymarketToken(fake.apiSecret, clock / 1000);
    clock += 5 * 60_000;
    const response = await fetch(`${fake.baseUrl}/inboxes`, { headers: { authorization: `Bearer ${stale}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'Token expired' });
    const early = await fetch(`${fake.baseUrl}/inboxes`, { headers: { authorization: `Bearer ${signHeymarketToken(fake.apiSecret, clock / 1000 - 299)}` } });
    expect(early.status).toBe(200);
  });

  it('is refused as AUTH while our clock is more than 5 minutes behind, and works once it is right', async () => {
    const serverClock = Date.UTC(2026, 2, 1, 12, 0, 0);
    let clientClock = serverClock;
    fake = await startHeymarketFake({ now: () => serverClock });
    const client = createHeymarketClient({ secret: fake.apiSecret, baseUrl: fake.baseUrl, now: () => clientClock, ...fastRetries });
    // Our clock runs 10 minutes slow: the token's iat is already past its life on the server.
    clientClock = serverClock - 10 * 60_000;
    await expect(client.listInboxes()).rejects.toMatchObject({ status: 401 });
    clientClock = serverClock;
    await expect(client.listInboxes()).resolves.toHaveLength(1);
  });

  it('syncs through the adapter from a Secret ID and Key in the account credentials', async () => {
    fake = await startHeymarketFake();
    const adapter = createHeymarketAdapter({
      credentials: { apiKey: fake.apiSecret.secretId, apiSecret: fake.apiSecret.secretKey },
      baseUrl: fake.baseUrl,
      ...fastRetries,
    });
    const numbers = await adapter.listNumbers();
    expect(numbers.map((n) => n.id)).toEqual(fake.numbers().map((i) => String(i.id)));
    expect(fake.tokensSeen()).toHaveLength(1);
  });
});
