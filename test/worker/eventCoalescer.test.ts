import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventCoalescer } from '../../electron/worker/eventCoalescer';

afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const seen: [string, unknown][] = [];
  return { seen, forward: (event: string, payload: unknown) => seen.push([event, payload]) };
}

const changed = (numberIds: number[], conversationIds: number[], unread = false) => ({ numberIds, conversationIds, unread });

describe('the worker folds a sync\'s per-page events', () => {
  it('sends the first at once and, at the window\'s end, the newest status and the union of changes', () => {
    vi.useFakeTimers();
    const { seen, forward } = recorder();
    const events = createEventCoalescer(forward, 100);
    events.push('sync:status', { state: 'syncing', n: 1 });
    expect(seen).toEqual([['sync:status', { state: 'syncing', n: 1 }]]);
    events.push('data:changed', changed([1], [10]));
    events.push('sync:status', { state: 'syncing', n: 2 });
    events.push('data:changed', changed([1, 2], [11], true));
    events.push('sync:status', { state: 'syncing', n: 3 });
    expect(seen).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(seen.slice(1)).toEqual([
      ['data:changed', changed([1, 2], [10, 11], true)],
      ['sync:status', { state: 'syncing', n: 3 }],
    ]);
    // A quiet window ends the folding: the next event goes at once again.
    vi.advanceTimersByTime(100);
    events.push('sync:progress', { fetched: 5 });
    expect(seen.at(-1)).toEqual(['sync:progress', { fetched: 5 }]);
  });

  it('keeps order: any other event first sends what waits', () => {
    vi.useFakeTimers();
    const { seen, forward } = recorder();
    const events = createEventCoalescer(forward, 100);
    events.push('data:changed', changed([1], [10]));
    events.push('data:changed', changed([1], [12]));
    events.push('inbound', { messages: [{ id: 5 }] });
    expect(seen.map(([event]) => event)).toEqual(['data:changed', 'data:changed', 'inbound']);
    expect(seen[1]![1]).toEqual(changed([1], [12]));
  });

  it('loses nothing at stop: flush sends what waits', () => {
    vi.useFakeTimers();
    const { seen, forward } = recorder();
    const events = createEventCoalescer(forward, 100);
    events.push('sync:status', { state: 'syncing' });
    events.push('sync:status', { state: 'idle' });
    events.flush();
    expect(seen.at(-1)).toEqual(['sync:status', { state: 'idle' }]);
    vi.advanceTimersByTime(1000);
    expect(seen).toHaveLength(2);
  });
});
