import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openMediaStore } from '../../electron/core/media/store';
import { scratchDir } from '../support/fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

describe('partial files in the media store', () => {
  it('removes .part files an unfinished write left behind, and keeps fresh ones another process may be writing', () => {
    const scratch = scratchDir('textdesk-parts-');
    cleanups.push(scratch.cleanup);
    const dir = join(scratch.dir, 'media');
    mkdirSync(join(dir, 'ab'), { recursive: true });
    const stale = join(dir, 'ab', 'abcdef.0123.part');
    const fresh = join(dir, 'incoming-fresh.part');
    const kept = join(dir, 'ab', 'not-a-part-file');
    for (const file of [stale, fresh, kept]) writeFileSync(file, 'half a picture');
    const now = Date.UTC(2026, 0, 1, 12);
    utimesSync(stale, new Date(now - 2 * 60 * 60_000), new Date(now - 2 * 60 * 60_000));
    utimesSync(fresh, new Date(now - 60_000), new Date(now - 60_000));
    utimesSync(kept, new Date(now - 2 * 60 * 60_000), new Date(now - 2 * 60 * 60_000));

    openMediaStore(dir, { now: () => now });

    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(kept)).toBe(true);
  });

  it('leaves no .part file when a streamed download is cut off', async () => {
    const scratch = scratchDir('textdesk-parts-');
    cleanups.push(scratch.cleanup);
    const store = openMediaStore(join(scratch.dir, 'media'));
    async function* body() {
      yield new Uint8Array(10);
      throw new Error('the connection was reset');
    }
    await expect(store.putStream(body(), 1000)).rejects.toThrow(/reset/);
    await expect(store.putStream((async function* () { yield new Uint8Array(2000); })(), 1000)).rejects.toThrow(/larger/);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(store.dir, { recursive: true })).toEqual([]);
  });
});
