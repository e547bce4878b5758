import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMediaHandler, mediaUrl, parseByteRange } from '../../electron/main/mediaHandler';
import { scratchDir } from '../support/fixtures';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
const hash = createHash('sha256').update(bytes).digest('hex');
const path = join(scratch.dir, hash);
writeFileSync(path, bytes);
const looked: string[] = [];
const handler = createMediaHandler((wanted) => {
  looked.push(wanted);
  return wanted === hash ? { path, contentType: 'audio/wav', size: bytes.length } : null;
});

const get = (url: string, headers: Record<string, string> = {}) => handler(new Request(url, { headers }));

describe('the media protocol', () => {
  it('serves a cached file whole by its content hash', async () => {
    const response = await get(mediaUrl(hash));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(response.headers.get('content-length')).toBe('1000');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('serves a byte range for seeking in audio and video', async () => {
    const response = await get(mediaUrl(hash), { Range: 'bytes=100-199' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(response.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes.subarray(100, 200));
  });

  it('serves an open-ended range to the end of the file', async () => {
    const response = await get(mediaUrl(hash), { Range: 'bytes=990-' });
    expect(response.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes.subarray(990));
  });

  it('serves the last bytes for a suffix range', async () => {
    const response = await get(mediaUrl(hash), { Range: 'bytes=-10' });
    expect(response.headers.get('content-range')).toBe('bytes 990-999/1000');
  });

  it('answers 416 for a range past the end', async () => {
    const response = await get(mediaUrl(hash), { Range: 'bytes=5000-6000' });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
  });

  it('marks media as inert: no sniffing, no scripts', async () => {
    const response = await get(mediaUrl(hash));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('answers 404 for a hash it does not have', async () => {
    expect((await get(mediaUrl('0'.repeat(64)))).status).toBe(404);
  });

  it.each([
    'textdesk-media://file/../../etc/passwd',
    'textdesk-media://file/%2e%2e%2fcache.db',
    `textdesk-media://file/${hash.toUpperCase()}`,
    `textdesk-media://file/${hash.slice(1)}`,
    `textdesk-media://file/${hash}/extra`,
    `textdesk-media://file/${hash}?path=/etc/passwd`,
    `textdesk-media://other/${hash}`,
    `textdesk-media://file/${'g'.repeat(64)}`,
  ])('refuses %s without looking anything up', async (url) => {
    looked.length = 0;
    expect((await get(url)).status).toBe(404);
    expect(looked).toEqual([]);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handler(new Request(mediaUrl(hash), { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('range parsing', () => {
  it.each([
    [null, null],
    ['bytes=0-0', { start: 0, end: 0 }],
    ['bytes=0-99999', { start: 0, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=500-100', null],
    ['bytes=1-2,5-6', null],
    ['items=0-1', null],
    ['bytes=-', null],
    ['bytes=1000-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
  ] as const)('reads %s on a 1000-byte file as %j', (header, expected) => {
    expect(parseByteRange(header, 1000)).toEqual(expected);
  });
});
