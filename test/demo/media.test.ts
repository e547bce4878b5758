import { describe, expect, it } from 'vitest';
import type { DemoMediaKind, DemoText } from '../../electron/demo/inkbox/index';
import { decodeByContentType } from './fileChecks';
import { firstNumberId, getJson, manualClock, useDemoServers } from './helpers';

const allKinds: DemoMediaKind[] = ['png', 'jpeg', 'wav', 'mp4', 'vcard', 'pdf'];

describe('demo media', () => {
  const start = useDemoServers();

  it('serves every kind of media with its bytes, Content-Type and Content-Length, and each decodes', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const inserted = server.insertInbound(id, '+14155550120', null, allKinds.map((kind) => ({ kind })));
    const text = await getJson<DemoText>(server, `/numbers/${id}/texts/${inserted.id}`);
    expect(text).toMatchObject({ type: 'mms', text: null });
    expect(text.media?.map((media) => media.content_type)).toEqual(['image/png', 'image/jpeg', 'audio/wav', 'video/mp4', 'text/vcard', 'application/pdf']);
    for (const media of text.media ?? []) {
      const response = await fetch(media.url);
      expect(response.status, media.content_type).toBe(200);
      expect(response.headers.get('content-type')).toBe(media.content_type);
      expect(Number(response.headers.get('content-length'))).toBe(media.size);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length).toBe(media.size);
      expect(() => decodeByContentType(media.content_type, bytes), media.content_type).not.toThrow();
    }
  });

  it('serves media bytes supplied by a test', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const text = server.insertInbound(id, '+14155550121', 'raw', [{ contentType: 'application/octet-stream', bytes }]);
    const response = await fetch(text.media?.[0]?.url ?? '');
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it('signs URLs outside /api in the S3 presigned shape', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const text = server.insertInbound(id, '+14155550122', 'photo', [{ kind: 'jpeg' }]);
    const url = new URL(text.media?.[0]?.url ?? '');
    expect(url.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(url.pathname.startsWith('/api')).toBe(false);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-Date')).toMatch(/^\d{8}T\d{6}Z$/);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('expires URLs after mediaTtlSeconds by the injected clock, with an S3 AccessDenied body', async () => {
    const clock = manualClock();
    const server = await start({ now: clock.now, mediaTtlSeconds: 60 });
    const id = firstNumberId(server);
    const url = server.insertInbound(id, '+14155550123', null, [{ kind: 'png' }]).media?.[0]?.url ?? '';
    clock.advance(59_000);
    expect((await fetch(url)).status).toBe(200);
    clock.advance(2_000);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    const body = await expired.text();
    expect(body).toContain('<Error><Code>AccessDenied</Code><Message>Request has expired</Message>');
  });

  it('signs a fresh URL each time the text is fetched again', async () => {
    const clock = manualClock();
    const server = await start({ now: clock.now, mediaTtlSeconds: 60 });
    const id = firstNumberId(server);
    const inserted = server.insertInbound(id, '+14155550124', null, [{ kind: 'pdf' }]);
    clock.advance(120_000);
    expect((await fetch(inserted.media?.[0]?.url ?? '')).status).toBe(403);
    const renewed = await getJson<DemoText>(server, `/numbers/${id}/texts/${inserted.id}`);
    expect(renewed.media?.[0]?.url).not.toBe(inserted.media?.[0]?.url);
    expect((await fetch(renewed.media?.[0]?.url ?? '')).status).toBe(200);
  });

  it('refuses a tampered signature or a URL without one', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const url = new URL(server.insertInbound(id, '+14155550125', null, [{ kind: 'wav' }]).media?.[0]?.url ?? '');
    const tampered = new URL(url);
    tampered.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    const refused = await fetch(tampered);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>AccessDenied</Code>');
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '999999');
    expect((await fetch(longer)).status).toBe(403);
    expect((await fetch(`${url.origin}${url.pathname}`)).status).toBe(403);
  });

  it('is neither counted nor subject to faults', async () => {
    const server = await start();
    const id = firstNumberId(server);
    const url = server.insertInbound(id, '+14155550126', null, [{ kind: 'mp4' }]).media?.[0]?.url ?? '';
    server.setFaults({ errorRate: 1, resetRate: 1, latencyMs: 2_000 });
    const before = server.requestCount();
    const started = Date.now();
    expect((await fetch(url)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(server.requestCount()).toBe(before);
  });
});
