import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Presigned media URLs in the shape S3 hands out: the object key in the path, the signing time
 * and lifetime in the query, an HMAC over both. Expiry follows the server's injected clock, so
 * tests can step past it without waiting an hour.
 */

export interface MediaSigner {
  sign(key: string): string;
  verify(key: string, query: URLSearchParams): MediaVerdict;
}

export type MediaVerdict = { ok: true } | { ok: false; message: string };

export function createMediaSigner(origin: string, secret: Buffer, ttlSeconds: number, now: () => number): MediaSigner {
  const signature = (key: string, amzDate: string, expires: string): string =>
    createHmac('sha256', secret).update(`${key}\n${amzDate}\n${expires}`).digest('hex');

  return {
    sign(key) {
      const amzDate = formatAmzDate(now());
      const expires = String(ttlSeconds);
      const query = new URLSearchParams({
        'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
        'X-Amz-Credential': `DEMOACCESSKEY/${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`,
        'X-Amz-Date': amzDate,
        'X-Amz-Expires': expires,
        'X-Amz-SignedHeaders': 'host',
        'X-Amz-Signature': signature(key, amzDate, expires),
      });
      return `${origin}/media/${key.split('/').map(encodeURIComponent).join('/')}?${query.toString()}`;
    },
    verify(key, query) {
      const amzDate = query.get('X-Amz-Date');
      const expires = query.get('X-Amz-Expires');
      const given = query.get('X-Amz-Signature');
      if (!amzDate || !expires || !given) {
        return { ok: false, message: 'Query-string authentication requires the Signature, Date and Expires parameters' };
      }
      const expected = Buffer.from(signature(key, amzDate, expires), 'utf8');
      const received = Buffer.from(given, 'utf8');
      if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
        return { ok: false, message: 'The request signature we calculated does not match the signature you provided.' };
      }
      const signedAt = parseAmzDate(amzDate);
      if (signedAt === null || now() > signedAt + Number(expires) * 1000) return { ok: false, message: 'Request has expired' };
      return { ok: true };
    },
  };
}

/** 20260314T091500Z */
export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
}

export function accessDeniedXml(message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${escapeXml(message)}</Message><RequestId>DEMO0000000000000000</RequestId></Error>`;
}

export function noSuchKeyXml(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${escapeXml(key)}</Key></Error>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
