import { describe, expect, it } from 'vitest';
import { useDemoServers } from './helpers';

describe('demo server authentication and routing', () => {
  const start = useDemoServers();

  it('answers 401 with a detail string when the API key is missing', async () => {
    const server = await start();
    const response = await fetch(`${server.baseUrl}/numbers`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { detail: unknown };
    expect(typeof body.detail).toBe('string');
  });

  it('answers 401 when the API key is wrong, on every route', async () => {
    const server = await start();
    const id = server.numbers()[0]?.id ?? '';
    for (const path of ['/numbers', `/numbers/${id}/texts`, `/numbers/${id}/texts/conversations`, `/numbers/${id}/texts/search?q=hi`]) {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: { 'X-API-Key': 'not-the-key' } });
      expect(response.status, path).toBe(401);
    }
  });

  it('accepts a custom API key and the default one is then refused', async () => {
    const server = await start({ apiKey: 'sk-custom' });
    expect(server.apiKey).toBe('sk-custom');
    expect((await fetch(`${server.baseUrl}/numbers`, { headers: { 'X-API-Key': 'sk-custom' } })).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/numbers`, { headers: { 'X-API-Key': 'demo-key' } })).status).toBe(401);
  });

  it('binds 127.0.0.1 on a port the OS chose and exposes the Inkbox base path', async () => {
    const server = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.baseUrl).toBe(`http://127.0.0.1:${server.port}/api/v1/phone`);
    expect(server.apiKey).toBe('demo-key');
  });

  it('answers 404 with a detail for unknown paths and 405 for unsupported methods', async () => {
    const server = await start();
    const unknown = await fetch(`${server.baseUrl}/nothing-here`, { headers: { 'X-API-Key': server.apiKey } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ detail: 'Not Found' });
    const wrongMethod = await fetch(`${server.baseUrl}/numbers`, { method: 'DELETE', headers: { 'X-API-Key': server.apiKey } });
    expect(wrongMethod.status).toBe(405);
  });

  it('counts /api requests, refused ones included', async () => {
    const server = await start();
    expect(server.requestCount()).toBe(0);
    await fetch(`${server.baseUrl}/numbers`);
    await fetch(`${server.baseUrl}/numbers`, { headers: { 'X-API-Key': server.apiKey } });
    expect(server.requestCount()).toBe(2);
  });
});
