import type { Conversation } from '../../shared/model';
import { errorMessage } from '../client';
import type { SliceCreator } from './types';

type Cursor = { latestAt: number; id: number } | null;

export interface ConversationsSlice {
  /** null: All numbers. */
  scopeNumberId: number | null;
  unreadOnly: boolean;
  conversations: Conversation[];
  nextCursor: Cursor;
  listLoading: boolean;
  listError: string | null;
  /** The row keyboard focus is on (may differ from the open one until Enter). */
  activeId: number | null;
  openId: number | null;

  loadConversations(reset?: boolean): Promise<void>;
  loadMoreConversations(): Promise<void>;
  selectNumber(numberId: number | null): void;
  setUnreadOnly(unreadOnly: boolean): void;
  setActive(conversationId: number | null): void;
  moveActive(delta: number): void;
  openConversation(conversationId: number, jump?: { messageId: number; highlights: Array<[number, number]> }): Promise<void>;
  closeConversation(): void;
  setConversationRead(conversationId: number, isRead: boolean): Promise<void>;
  setMuted(conversationId: number, muted: boolean): Promise<void>;
}

const pageSize = 100;
/** Guards against a slow answer for an old scope landing after a newer one. */
let listGeneration = 0;

export const createConversationsSlice: SliceCreator<ConversationsSlice> = (set, get, client) => {
  function patchConversation(id: number, patch: Partial<Conversation> | Conversation) {
    set((state) => ({
      conversations: state.conversations.map((c) => (c.id === id ? { ...c, ...patch } : c)),
    }));
  }

  return {
    scopeNumberId: null,
    unreadOnly: false,
    conversations: [],
    nextCursor: null,
    listLoading: false,
    listError: null,
    activeId: null,
    openId: null,

    async loadConversations(reset = false) {
      const generation = ++listGeneration;
      const { scopeNumberId, unreadOnly, conversations } = get();
      // A refetch keeps as many rows as were shown, so the list does not jump back to the top.
      const limit = reset ? pageSize : Math.min(500, Math.max(pageSize, conversations.length));
      set({ listLoading: true });
      try {
        const page = await client.call('conversations:list', {
          ...(scopeNumberId !== null ? { numberId: scopeNumberId } : {}),
          unreadOnly,
          limit,
        });
        if (generation !== listGeneration) return;
        set({ conversations: page.conversations, nextCursor: page.nextCursor, listLoading: false, listError: null });
        const { activeId } = get();
        if (activeId === null || !page.conversations.some((c) => c.id === activeId)) {
          if (reset || activeId === null) set({ activeId: page.conversations[0]?.id ?? null });
        }
      } catch (error) {
        if (generation !== listGeneration) return;
        set({ listLoading: false, listError: errorMessage(error) });
      }
    },

    async loadMoreConversations() {
      const { nextCursor, listLoading, scopeNumberId, unreadOnly } = get();
      if (!nextCursor || listLoading) return;
      const generation = listGeneration;
      set({ listLoading: true });
      try {
        const page = await client.call('conversations:list', {
          ...(scopeNumberId !== null ? { numberId: scopeNumberId } : {}),
          unreadOnly,
          limit: 500,
          cursor: nextCursor,
        });
        if (generation !== listGeneration) return;
        set((state) => {
          const known = new Set(state.conversations.map((c) => c.id));
          return {
            conversations: [...state.conversations, ...page.conversations.filter((c) => !known.has(c.id))],
            nextCursor: page.nextCursor,
            listLoading: false,
          };
        });
      } catch (error) {
        if (generation !== listGeneration) return;
        set({ listLoading: false, listError: errorMessage(error) });
      }
    },

    selectNumber(numberId) {
      set({ scopeNumberId: numberId, conversations: [], nextCursor: null, activeId: null });
      void get().loadConversations(true);
    },

    setUnreadOnly(unreadOnly) {
      set({ unreadOnly });
      void get().loadConversations(true);
    },

    setActive(conversationId) {
      set({ activeId: conversationId });
    },

    moveActive(delta) {
      const { conversations, activeId } = get();
      if (conversations.length === 0) return;
      const index = conversations.findIndex((c) => c.id === activeId);
      const next = Math.max(0, Math.min(conversations.length - 1, (index < 0 ? -1 : index) + delta));
      set({ activeId: conversations[next]!.id });
      if (next >= conversations.length - 20) void get().loadMoreConversations();
    },

    async openConversation(conversationId, jump) {
      set({ openId: conversationId, activeId: conversationId });
      void client.call('app:setActiveConversation', { conversationId }).catch(() => {});
      await get().loadThread(conversationId, jump);
      // Opening a conversation reads it, as in every messenger; a jump from search does too.
      const conversation = get().conversations.find((c) => c.id === conversationId);
      if (conversation && conversation.unreadCount > 0 && get().openId === conversationId) {
        await get().setConversationRead(conversationId, true);
      }
    },

    closeConversation() {
      set({ openId: null });
      get().clearThread();
      void client.call('app:setActiveConversation', { conversationId: null }).catch(() => {});
    },

    async setConversationRead(conversationId, isRead) {
      const before = get().conversations.find((c) => c.id === conversationId);
      const beforeNumbers = get().numbers;
      const beforeMessages = get().thread?.conversationId === conversationId ? get().thread!.messages : null;
      if (before) {
        const unreadCount = isRead ? 0 : Math.max(1, before.unreadCount);
        patchConversation(conversationId, { unreadCount });
        const delta = unreadCount - before.unreadCount;
        set((state) => ({
          numbers: state.numbers.map((n) => (n.id === before.numberId ? { ...n, unreadCount: Math.max(0, n.unreadCount + delta) } : n)),
        }));
      }
      if (beforeMessages && isRead) get().patchThreadMessages((m) => (m.direction === 'inbound' ? { ...m, isRead: true } : m));
      try {
        const updated = await client.call('conversations:setRead', { conversationId, isRead });
        patchConversation(conversationId, updated);
      } catch (error) {
        if (before) patchConversation(conversationId, before);
        set({ numbers: beforeNumbers });
        if (beforeMessages) get().patchThreadMessages((m) => beforeMessages.find((b) => b.id === m.id) ?? m);
        get().pushToast({ kind: 'error', text: `Could not mark ${isRead ? 'read' : 'unread'}: ${errorMessage(error)}` });
      }
    },

    async setMuted(conversationId, muted) {
      const before = get().conversations.find((c) => c.id === conversationId);
      patchConversation(conversationId, { muted });
      try {
        patchConversation(conversationId, await client.call('conversations:setMuted', { conversationId, muted }));
      } catch (error) {
        if (before) patchConversation(conversationId, before);
        get().pushToast({ kind: 'error', text: `Could not ${muted ? 'mute' : 'unmute'}: ${errorMessage(error)}` });
      }
    },
  };
};
