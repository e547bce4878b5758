import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../../renderer/client';
import { connectEvents, createAppStore } from '../../renderer/store';
import { groupHits, threadRows } from '../../renderer/store/selectors';
import { conversation, createFakeApi, hit, message } from './fakeApi';

async function bootedStore() {
  const api = createFakeApi();
  const client = createClient(api);
  const store = createAppStore(client);
  connectEvents(store, client);
  await store.getState().boot();
  return { api, store };
}

describe('the store', () => {
  it('boots into the inbox with numbers and conversations from main', async () => {
    const { store } = await bootedStore();
    const state = store.getState();
    expect(state.view).toBe('inbox');
    expect(state.numbers[0]!.unreadCount).toBe(3);
    expect(state.conversations.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(state.activeId).toBe(1);
  });

  it('opening an unread conversation marks it read and lowers the number badge at once', async () => {
    const { store } = await bootedStore();
    await store.getState().openConversation(1);
    const state = store.getState();
    expect(state.conversations.find((c) => c.id === 1)!.unreadCount).toBe(0);
    expect(state.numbers[0]!.unreadCount).toBe(0);
    expect(state.thread!.messages.every((m) => m.isRead)).toBe(true);
  });

  it('rolls a refused mark-read back and says why', async () => {
    const { api, store } = await bootedStore();
    api.refuse('conversations:setRead', { code: 'DB', message: 'The cache is locked.' });
    await store.getState().setConversationRead(1, true);
    const state = store.getState();
    expect(state.conversations.find((c) => c.id === 1)!.unreadCount).toBe(3);
    expect(state.numbers[0]!.unreadCount).toBe(3);
    expect(state.toasts.at(-1)).toMatchObject({ kind: 'error', text: expect.stringContaining('The cache is locked.') });
  });

  it('refetches the list when main says data changed', async () => {
    const { api, store } = await bootedStore();
    api.conversations.unshift(conversation(9, '+14155550199', { latestText: 'A new arrival' }));
    api.emit('data:changed', { numberIds: [1], conversationIds: [9], unread: true });
    await vi.waitFor(() => expect(store.getState().conversations[0]!.id).toBe(9));
  });

  it('hides a deleted text at once, restores it on undo, and never sends the delete', async () => {
    vi.useFakeTimers();
    try {
      const { api, store } = await bootedStore();
      await store.getState().openConversation(1);
      store.getState().deleteMessage(2);
      expect(store.getState().pendingDeletes).toEqual([2]);
      expect(threadRows(store.getState().thread!.messages, store.getState().pendingDeletes).some((r) => r.kind === 'message' && r.message.id === 2)).toBe(false);
      store.getState().undoDelete(2);
      await vi.advanceTimersByTimeAsync(6000);
      expect(store.getState().pendingDeletes).toEqual([]);
      expect(api.calls.some((c) => c.channel === 'message:delete')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends a delete once the undo window has passed', async () => {
    vi.useFakeTimers();
    try {
      const { api, store } = await bootedStore();
      await store.getState().openConversation(1);
      store.getState().deleteMessage(3);
      await vi.advanceTimersByTimeAsync(5100);
      expect(api.calls.filter((c) => c.channel === 'message:delete')).toHaveLength(1);
      expect(store.getState().thread!.messages.some((m) => m.id === 3)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows only the latest query’s hits when answers arrive out of order', async () => {
    const { api, store } = await bootedStore();
    let releaseOld!: (hits: ReturnType<typeof hit>[]) => void;
    api.searchAnswers.set('boo', new Promise((resolve) => (releaseOld = resolve)));
    const c = api.conversations[0]!;
    api.searchAnswers.set('book', [hit(api.messages[1]!, c, [[6, 10]])]);
    store.getState().setSearchQuery('boo');
    const pendingOld = store.getState().runSearch();
    store.getState().setSearchQuery('book');
    await store.getState().runSearch();
    releaseOld([hit(api.messages[0]!, c, [[0, 3]])]);
    await pendingOld;
    expect(store.getState().searchHits.map((h) => h.message.id)).toEqual([2]);
  });
});

describe('selectors', () => {
  it('puts a day separator before each new day and joins bubbles in the same run', () => {
    const day = 24 * 60 * 60_000;
    const base = new Date('2025-03-10T10:00:00').getTime();
    const rows = threadRows(
      [
        message(1, 1, 'a', { createdAt: new Date(base).toISOString() }),
        message(2, 1, 'b', { createdAt: new Date(base + 60_000).toISOString() }),
        message(3, 1, 'c', { createdAt: new Date(base + day).toISOString() }),
      ],
      [],
    );
    expect(rows.map((r) => r.kind)).toEqual(['day', 'message', 'message', 'day', 'message']);
    expect(rows[1]).toMatchObject({ firstOfGroup: true, lastOfGroup: false });
    expect(rows[2]).toMatchObject({ firstOfGroup: false, lastOfGroup: true });
  });

  it('groups search hits by conversation in the order of each group’s best hit', () => {
    const a = conversation(1, '+14155550100');
    const b = conversation(2, '+14155550101');
    const groups = groupHits([hit(message(1, 2, 'x'), b, []), hit(message(2, 1, 'y'), a, []), hit(message(3, 2, 'z'), b, [])]);
    expect(groups.map((g) => [g.conversationId, g.hits.length])).toEqual([
      [2, 2],
      [1, 1],
    ]);
  });
});
