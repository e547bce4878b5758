import { describe, expect, it } from 'vitest';
import { walkPages } from '../../electron/core/sync/walk';
import { remoteText } from '../support/fixtures';
import type { RemoteMessage } from '../../electron/core/providers/types';

/** A newest-first list the test can change between page requests, as a server under drift. */
function scriptedList(count: number) {
  const texts: RemoteMessage[] = Array.from({ length: count }, (_, i) =>
    remoteText({ createdAt: new Date(Date.UTC(2026, 0, 1) - i * 60_000).toISOString() }),
  );
  return {
    texts,
    page: (offset: number, limit: number) => Promise.resolve(texts.slice(offset, offset + limit)),
  };
}

async function walkAll(list: ReturnType<typeof scriptedList>, between: (page: number) => void, limit = 20, overlap = 5) {
  const seen = new Set<string>();
  let pages = 0;
  await walkPages(list.page, { limit, overlap }, (page) => {
    for (const text of page.texts) seen.add(text.id);
    between(++pages);
  });
  return seen;
}

describe('walking offset pages', () => {
  it('reaches every text of a list that does not change', async () => {
    const list = scriptedList(97);
    const seen = await walkAll(list, () => {});
    expect(seen.size).toBe(97);
  });

  it('steps back when deletions ahead of it shift the offsets past the overlap', async () => {
    const list = scriptedList(100);
    const original = [...list.texts];
    const seen = await walkAll(list, (page) => {
      // Ten texts newer than the walk's position vanish after each of the first pages.
      if (page <= 2) list.texts.splice(0, 10);
    });
    const survivors = original.filter((text) => list.texts.includes(text));
    expect(survivors.filter((text) => !seen.has(text.id))).toEqual([]);
  });

  it('re-reads rather than skips when texts arrive at the head while it pages', async () => {
    const list = scriptedList(100);
    const original = [...list.texts];
    const seen = await walkAll(list, () => {
      list.texts.unshift(remoteText({ createdAt: '2027-01-01T00:00:00.000Z' }), remoteText({ createdAt: '2027-01-01T00:00:01.000Z' }));
    });
    expect(original.filter((text) => !seen.has(text.id))).toEqual([]);
  });

  it('gives up with a NETWORK error rather than loop when the list never settles', async () => {
    const list = scriptedList(400);
    let oldest = Date.UTC(2025, 0, 1);
    const walk = walkAll(list, () => {
      // Forty texts vanish from the head and forty older ones appear at the tail, every page.
      list.texts.splice(0, 40);
      for (let i = 0; i < 40; i++) list.texts.push(remoteText({ createdAt: new Date((oldest -= 60_000)).toISOString() }));
    });
    await expect(walk).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
