import { createHmac } from 'node:crypto';

/**
 * Heymarket's recommended authentication (developers.heymarket.com/authentication): a JWT,
 * HS256, payload {iss: SECRET_ID, iat: now in seconds}, signed with "SECRET_ID||SECRET_KEY",
 * sent as the Bearer token. It expires 5 minutes after iat. node:crypto is all it takes.
 */

/** Heymarket's token life: 5 minutes after iat. */
export const HEYMARKET_TOKEN_LIFE_SECONDS = 300;
/** A cached token is renewed when it has less than this left, so no request carries one about to lapse. */
export const HEYMARKET_RENEW_WITHIN_SECONDS = 60;

export interface HeymarketSecret {
  secretId: string;
  secretKey: string;
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** The signed token for `iatSeconds`. */
export function signHeymarketToken(secret: HeymarketSecret, iatSeconds: number): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iss: secret.secretId, iat: Math.floor(iatSeconds) }));
  const signature = createHmac('sha256', `${secret.secretId}||${secret.secretKey}`).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export interface TokenSource {
  /** The cached token, or a new one when the cached one has less than a minute left. */
  token(): string;
  /** How many tokens were minted, for tests and logs. */
  minted(): number;
}

/** Mints tokens only as needed: one every four minutes or so for a client in steady use. */
export function createTokenSource(secret: HeymarketSecret, now: () => number = Date.now): TokenSource {
  let cached: { token: string; expiresMs: number } | null = null;
  let minted = 0;
  return {
    token() {
      const at = now();
      if (cached && cached.expiresMs - at > HEYMARKET_RENEW_WITHIN_SECONDS * 1000) return cached.token;
      const iat = Math.floor(at / 1000);
      cached = { token: signHeymarketToken(secret, iat), expiresMs: (iat + HEYMARKET_TOKEN_LIFE_SECONDS) * 1000 };
      minted += 1;
      return cached.token;
    },
    minted: () => minted,
  };
}
