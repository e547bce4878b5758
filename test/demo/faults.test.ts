import { describe, expect, it } from 'vitest';
import { api, firstNumberId, useDemoServers } from './helpers';

describe('demo server faults', () => {
  const start = useDemoServers();

  it('answers 500, 502 or 503 on every /api request when errorRate is 1', async () => {
    const server = await start({ faults: { errorRate: 1 } });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const response = await api(server, '/numbers');
      statuses.add(response.status);
      await response.arrayBuffer();
    }
    expect([...statuses].every((status) => [500, 502, 503].includes(status))).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
  });

  it('answers some requests and fails others when errorRate is between 0 and 1', async () => {
    const server = await start({ faults: { errorRate: 0.5 } });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await api(server, '/numbers')).status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(5);
    expect(statuses.filter((status) => status >= 500).length).toBeGreaterThan(5);
  });

  it('draws faults from the seed, so the same seed fails the same requests', async () => {
    const run = async (seed: number) => {
      const server = await start({ seed, faults: { errorRate: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await api(server, '/numbers')).status);
      return statuses;
    };
    const first = await run(5);
    expect(await run(5)).toEqual(first);
    expect(await run(6)).not.toEqual(first);
  });

  it('answers 429 with Retry-After when rate limited', async () => {
    const server = await start({ faults: { rateLimitRate: 1 } });
    const response = await api(server, '/numbers');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(((await response.json()) as { detail: unknown }).detail).toBeTypeOf('string');
    server.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
    expect((await api(server, '/numbers')).headers.get('retry-after')).toBe('7');
  });

  it('delays each /api request by latencyMs', async () => {
    const server = await start({ faults: { latencyMs: 150 } });
    const started = performance.now();
    expect((await api(server, '/numbers')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('cuts JSON bodies off mid-way without Content-Length when truncating', async () => {
    const server = await start({ faults: { truncateRate: 1 } });
    const id = firstNumberId(server);
    const response = await api(server, `/numbers/${id}/texts`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    const body = await response.text();
    expect(body.length).toBeGreaterThan(0);
    expect(() => JSON.parse(body) as unknown).toThrow();
    server.setFaults({});
    const whole = await (await api(server, `/numbers/${id}/texts`)).text();
    expect(whole.startsWith(body.slice(0, 1))).toBe(true);
    expect(JSON.parse(whole)).toBeInstanceOf(Array);
  });

  it('drops the connection without an answer when resetting', async () => {
    const server = await start({ faults: { resetRate: 1 } });
    await expect(api(server, '/numbers')).rejects.toThrow();
    expect(server.requestCount()).toBe(1);
  });

  it('stops failing once the faults are cleared', async () => {
    const server = await start({ faults: { errorRate: 1, resetRate: 1 } });
    server.setFaults({});
    expect((await api(server, '/numbers')).status).toBe(200);
  });

  it('leaves the data alone: a failed PATCH changes nothing', async () => {
    const server = await start({ faults: { errorRate: 1 } });
    const id = firstNumberId(server);
    const text = server.texts(id).find((candidate) => candidate.is_read);
    const response = await api(server, `/numbers/${id}/texts/${text?.id}`, { method: 'PATCH', body: JSON.stringify({ is_read: false }) });
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(server.texts(id).find((candidate) => candidate.id === text?.id)?.is_read).toBe(true);
  });
});
