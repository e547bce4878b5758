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
  /** The open conversation as last seen, so its header stays when a filter takes it out of the list. */
  openSnapshot: Conversation | null;
  /** The Archived view instead of the inbox. */
  archivedView: boolean;
  /**
   * A number to start a new conversation with (a phone link with no conversation yet). The
   * compose feature reads and clears it; null when nothing waits.
   */
  composeTo: string | null;

  loadConversations(reset?: boolean): Promise<void>;
  loadMoreConversations(): Promise<void>;
  selectNumber(numberId: number | null): void;
  setUnreadOnly(unreadOnly: boolean): void;
  setArchivedView(archived: boolean): void;
  setActive(conversationId: number | null): void;
  moveActive(delta: number): void;
  openConversation(conversationId: number, jump?: { messageId: number; highlights: Array<[number, number]> }): Promise<void>;
  closeConversation(): void;
  setConversationRead(conversationId: number, isRead: boolean): Promise<void>;
  setMuted(conversationId: number, muted: boolean): Promise<void>;
  setPinned(conversationId: number, pinned: boolean): Promise<void>;
  setArchived(conversationId: number, archived: boolean): Promise<void>;
  /** Opens the conversation with this E.164 number (the open one's line first), or hands it to compose. */
  startConversation(numberE164: string): Promise<void>;
  clearCompose(): void;
}

const pageSize = 100;

/** The list's filters (the number it is scoped to, unread only, the archive) as conversations:list takes them. */
function listFilters(scopeNumberId: number | null, unreadOnly: boolean, archivedView: boolean) {
  return { ...(scopeNumberId !== null ? { numberId: scopeNumberId } : {}), unreadOnly, ...(archivedView ? { archived: true } : {}) };
}
/** Guards against a slow answer for an old scope landing after a newer one. */
let listGeneration = 0;

export const createConversationsSlice: SliceCreator<ConversationsSlice> = (set, get, client) => {
  function patchConversation(id: number, patch: Partial<Conversation> | Conversation) {
    set((state) => ({
      conversations: state.conversations.map((c) => (c.id === id ? { ...c, ...patch } : c)),
      openSnapshot: state.openSnapshot?.id === id ? { ...state.openSnapshot, ...patch } : state.openSnapshot,
    }));
  }

  /** A filtered list (unread only) drops the open conversation once it is read: it stays where it was until the user leaves it. */
  function keepOpen(previous: Conversation[], next: Conversation[]): Conversation[] {
    const { openId, unreadOnly, archivedView } = get();
    if (openId === null || !unreadOnly || next.some((c) => c.id === openId)) return next;
    const index = previous.findIndex((c) => c.id === openId);
    if (index < 0) return next;
    const kept = previous[index]!;
    if (!!kept.archived !== archivedView) return next;
    const out = [...next];
    out.splice(Math.min(index, out.length), 0, kept);
    return out;
  }

  async function changeFiling(conversationId: number, patch: Partial<Conversation>, call: () => Promise<Conversation>, failure: string): Promise<Conversation | null> {
    const before = get().conversations.find((c) => c.id === conversationId) ?? get().openSnapshot;
    patchConversation(conversationId, patch);
    try {
      const updated = await call();
      patchConversation(conversationId, updated);
      await get().loadConversations();
      return updated;
    } catch (error) {
      if (before) patchConversation(conversationId, before);
      get().pushToast({ kind: 'error', text: `${failure}: ${errorMessage(error)}` });
      return null;
    }
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
    openSnapshot: null,
    archivedView: false,
    composeTo: null,

    async loadConversations(reset = false) {
      const generation = ++listGeneration;
      const { scopeNumberId, unreadOnly, conversations, archivedView } = get();
      // A refetch keeps as many rows as were shown, so the list does not jump back to the top.
      const limit = reset ? pageSize : Math.min(500, Math.max(pageSize, conversations.length));
      set({ listLoading: true });
      try {
        const page = await client.call('conversations:list', { ...listFilters(scopeNumberId, unreadOnly, archivedView), limit });
        if (generation !== listGeneration) return;
        const openId = get().openId;
        const fresh = openId === null ? undefined : page.conversations.find((c) => c.id === openId);
        set({
          conversations: reset ? page.conversations : keepOpen(conversations, page.conversations),
          nextCursor: page.nextCursor,
          listLoading: false,
          listError: null,
          ...(fresh ? { openSnapshot: fresh } : {}),
        });
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
      const { nextCursor, listLoading, scopeNumberId, unreadOnly, archivedView } = get();
      if (!nextCursor || listLoading) return;
      const generation = listGeneration;
      set({ listLoading: true });
      try {
        const page = await client.call('conversations:list', { ...listFilters(scopeNumberId, unreadOnly, archivedView), limit: 500, cursor: nextCursor });
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

    setArchivedView(archived) {
      set({ archivedView: archived, conversations: [], nextCursor: null, activeId: null });
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
      const state = get();
      const known =
        state.conversations.find((c) => c.id === conversationId) ??
        state.searchHits.find((h) => h.conversation.id === conversationId)?.conversation ??
        (state.openSnapshot?.id === conversationId ? state.openSnapshot : null);
      set({ openId: conversationId, activeId: conversationId, openSnapshot: known });
      if (!known) {
        // Opened from outside the list (a notification, a phone link): ask main for it.
        void client
          .call('conversations:get', { conversationId })
          .then((conversation) => {
            if (get().openId === conversationId) set({ openSnapshot: conversation });
          })
          .catch(() => {});
      }
      void client.call('app:setActiveConversation', { conversationId }).catch(() => {});
      await get().loadThread(conversationId, jump);
      // Opening a conversation reads it, as in every messenger; a jump from search does too.
      const conversation = get().conversations.find((c) => c.id === conversationId) ?? get().openSnapshot;
      if (conversation && conversation.id === conversationId && conversation.unreadCount > 0 && get().openId === conversationId) {
        await get().setConversationRead(conversationId, true);
      }
    },

    closeConversation() {
      set({ openId: null, openSnapshot: null });
      get().clearThread();
      void client.call('app:setActiveConversation', { conversationId: null }).catch(() => {});
    },

    async setConversationRead(conversationId, isRead) {
      const before = get().conversations.find((c) => c.id === conversationId) ?? (get().openSnapshot?.id === conversationId ? get().openSnapshot! : undefined);
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

    async setPinned(conversationId, pinned) {
      await changeFiling(conversationId, { pinned, ...(pinned ? { archived: false } : {}) }, () => client.call('conversations:setPinned', { conversationId, pinned }), pinned ? 'Could not pin' : 'Could not unpin');
    },

    async setArchived(conversationId, archived) {
      const updated = await changeFiling(
        conversationId,
        { archived, ...(archived ? { pinned: false } : {}) },
        () => client.call('conversations:setArchived', { conversationId, archived }),
        archived ? 'Could not archive' : 'Could not move to the inbox',
      );
      if (archived && updated?.archived) {
        get().pushToast({ kind: 'info', text: 'Archived', action: { label: 'Undo', run: () => void get().setArchived(conversationId, false) } });
      }
    },

    async startConversation(numberE164) {
      const { openSnapshot, scopeNumberId } = get();
      // The line in view first: the open conversation's, else the number the list is scoped to.
      const preferred = openSnapshot?.numberId ?? scopeNumberId ?? undefined;
      try {
        const found = await client.call('conversations:find', { remote: numberE164 });
        const match = found.find((c) => c.numberId === preferred) ?? found[0];
        if (match) {
          if (match.archived && !get().archivedView) get().setArchivedView(true);
          await get().openConversation(match.id);
          return;
        }
        // No conversation with this number yet: a new one, from the line in view, to this number.
        set({ composeTo: numberE164 });
        get().patchNewConversation({ to: numberE164, ...(preferred !== undefined ? { numberId: preferred } : {}) });
        get().openNewConversation(true);
      } catch (error) {
        get().pushToast({ kind: 'error', text: `Could not look up ${numberE164}: ${errorMessage(error)}` });
      }
    },

    clearCompose() {
      set({ composeTo: null });
    },
  };
};
