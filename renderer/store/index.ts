import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../client';
import { createAppSlice } from './appSlice';
import { createComposeSlice } from './composeSlice';
import { createConversationsSlice } from './conversationsSlice';
import { createMediaSlice } from './mediaSlice';
import { createSearchSlice } from './searchSlice';
import { createThreadSlice } from './threadSlice';
import { createToastSlice } from './toastSlice';
import type { AppState } from './types';
import { showBrowserNotification } from './browserNotifications';

export type { AppState } from './types';
export type AppStore = StoreApi<AppState>;

/** The one store: a cache of main's truth, refetched when main says data changed. */
export function createAppStore(client: Client): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createAppSlice(set, get, client),
    ...createConversationsSlice(set, get, client),
    ...createThreadSlice(set, get, client),
    ...createSearchSlice(set, get, client),
    ...createMediaSlice(set, get, client),
    ...createToastSlice(set, get, client),
    ...createComposeSlice(set, get, client),
  }));
}

/**
 * Wires main's events into the store. data:changed refetches what it names rather than
 * patching in the renderer, so the UI never drifts from the cache.
 */
export function connectEvents(store: AppStore, client: Client): () => void {
  const offs = [
    client.on('data:changed', (change) => {
      const state = store.getState();
      if (state.view !== 'inbox') return;
      void state.refreshNumbers().catch(() => {});
      void state.loadConversations();
      const thread = state.thread;
      if (thread && (change.conversationIds.length === 0 || change.conversationIds.includes(thread.conversationId))) {
        void state.refreshThread();
      }
      if (state.searchQuery.trim() !== '') void state.runSearch();
    }),
    client.on('sync:status', (status) => {
      const before = store.getState().status;
      store.getState().setStatus(status);
      // Back online: what was cached while offline may have been replaced by the server's truth.
      if (before && before.state === 'offline' && status.state !== 'offline') void store.getState().refreshNumbers().catch(() => {});
    }),
    client.on('sync:progress', (progress) => {
      const status = store.getState().status;
      if (status) store.getState().setStatus({ ...status, progress });
    }),
    client.on('notify:show', (notice) => showBrowserNotification(store, notice)),
    client.on('notify:open', ({ conversationId, messageId }) => {
      const state = store.getState();
      void state.openConversation(conversationId, messageId !== null ? { messageId, highlights: [] } : undefined);
    }),
  ];
  return () => offs.forEach((off) => off());
}
