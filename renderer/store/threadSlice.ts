import type { Message } from '../../shared/model';
import type { Range } from '../../shared/search';
import { errorMessage } from '../client';
import type { SliceCreator } from './types';

export interface ThreadState {
  conversationId: number;
  messages: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
  loading: boolean;
  loadingOlder: boolean;
  error: string | null;
  /** A search hit to scroll to and mark. */
  highlight: { messageId: number; ranges: Range[] } | null;
  /** The first text that was unread when the thread was opened: the unread divider goes above it. */
  unreadFromId: number | null;
}

export interface ThreadSlice {
  thread: ThreadState | null;
  /** Deleted in the UI but not yet sent to main: the undo window. */
  pendingDeletes: number[];

  loadThread(conversationId: number, jump?: { messageId: number; highlights: Range[] }): Promise<void>;
  loadOlder(): Promise<void>;
  loadNewer(): Promise<void>;
  refreshThread(): Promise<void>;
  clearThread(): void;
  patchThreadMessages(map: (message: Message) => Message): void;
  setMessageRead(messageId: number, isRead: boolean): Promise<void>;
  /** hideOnly: the provider cannot delete, so main hides it on this device; the wording says so. */
  deleteMessage(messageId: number, options?: { hideOnly?: boolean; why?: string }): void;
  undoDelete(messageId: number): void;
  /** Sends every delete still in its undo window (the page is going away). */
  flushDeletes(): void;
}

const pageSize = 50;
const olderPageSize = 150;
const undoMs = 5000;
const deleteTimers = new Map<number, ReturnType<typeof setTimeout>>();

export const createThreadSlice: SliceCreator<ThreadSlice> = (set, get, client) => {
  function current(conversationId: number) {
    const thread = get().thread;
    return thread && thread.conversationId === conversationId ? thread : null;
  }
  function patchThread(conversationId: number, patch: Partial<ThreadState>) {
    set((state) =>
      state.thread && state.thread.conversationId === conversationId ? { thread: { ...state.thread, ...patch } } : {},
    );
  }

  async function commitDelete(messageId: number) {
    deleteTimers.delete(messageId);
    try {
      const outcome = await client.call('message:delete', { messageId });
      if (outcome.scope === 'local') get().pushToast({ kind: 'info', text: outcome.message });
      set((state) => ({
        pendingDeletes: state.pendingDeletes.filter((id) => id !== messageId),
        thread: state.thread ? { ...state.thread, messages: state.thread.messages.filter((m) => m.id !== messageId) } : null,
      }));
    } catch (error) {
      set((state) => ({ pendingDeletes: state.pendingDeletes.filter((id) => id !== messageId) }));
      get().pushToast({ kind: 'error', text: `The text was not deleted: ${errorMessage(error)}` });
    }
  }

  return {
    thread: null,
    pendingDeletes: [],

    async loadThread(conversationId, jump) {
      set({
        thread: {
          conversationId,
          messages: current(conversationId)?.messages ?? [],
          hasOlder: false,
          hasNewer: false,
          loading: true,
          loadingOlder: false,
          error: null,
          highlight: jump ? { messageId: jump.messageId, ranges: jump.highlights } : null,
          unreadFromId: current(conversationId)?.unreadFromId ?? null,
        },
      });
      try {
        const page = await client.call('thread:page', {
          conversationId,
          limit: pageSize,
          ...(jump ? { around: jump.messageId } : {}),
        });
        // Read before it is marked read: where the user's unread texts begin, fixed while the thread is open.
        const firstUnread = page.messages.find((m) => m.direction === 'inbound' && !m.isRead);
        patchThread(conversationId, { ...page, loading: false, unreadFromId: current(conversationId)?.unreadFromId ?? firstUnread?.id ?? null });
      } catch (error) {
        patchThread(conversationId, { loading: false, error: errorMessage(error) });
      }
    },

    async loadOlder() {
      const thread = get().thread;
      if (!thread || !thread.hasOlder || thread.loadingOlder || thread.messages.length === 0) return;
      const { conversationId } = thread;
      patchThread(conversationId, { loadingOlder: true });
      try {
        // Older pages are larger: fewer prepends (each re-lays the rows) while scrolling back fast.
        const page = await client.call('thread:page', { conversationId, limit: olderPageSize, before: thread.messages[0]!.id });
        const now = current(conversationId);
        if (!now) return;
        const known = new Set(now.messages.map((m) => m.id));
        patchThread(conversationId, {
          messages: [...page.messages.filter((m) => !known.has(m.id)), ...now.messages],
          hasOlder: page.hasOlder,
          loadingOlder: false,
        });
      } catch (error) {
        patchThread(conversationId, { loadingOlder: false });
        get().pushToast({ kind: 'error', text: `Older texts could not load: ${errorMessage(error)}` });
      }
    },

    async loadNewer() {
      const thread = get().thread;
      if (!thread || !thread.hasNewer || thread.loadingOlder || thread.messages.length === 0) return;
      const { conversationId } = thread;
      patchThread(conversationId, { loadingOlder: true });
      try {
        const last = thread.messages[thread.messages.length - 1]!;
        const page = await client.call('thread:page', { conversationId, limit: pageSize, after: last.id });
        const now = current(conversationId);
        if (!now) return;
        const known = new Set(now.messages.map((m) => m.id));
        patchThread(conversationId, {
          messages: [...now.messages, ...page.messages.filter((m) => !known.has(m.id))],
          hasNewer: page.hasNewer,
          loadingOlder: false,
        });
      } catch {
        patchThread(conversationId, { loadingOlder: false });
      }
    },

    async refreshThread() {
      const thread = get().thread;
      if (!thread || thread.loading) return;
      const { conversationId } = thread;
      // Viewing an older window (after a search jump): only what is on screen is re-read.
      const oldest = thread.messages[0];
      const input = thread.hasNewer && oldest
        ? { conversationId, limit: Math.min(500, thread.messages.length + 1), after: oldest.id - 1 }
        : { conversationId, limit: Math.min(500, Math.max(pageSize, thread.messages.length)) };
      try {
        const page = await client.call('thread:page', input);
        const now = current(conversationId);
        if (!now) return;
        const first = page.messages[0];
        // Keep what is older than the refetched window; the window itself is main's truth.
        const kept = first ? now.messages.filter((m) => m.id < first.id) : now.messages;
        patchThread(conversationId, {
          messages: [...kept, ...page.messages],
          hasOlder: kept.length > 0 ? now.hasOlder : page.hasOlder,
          hasNewer: page.hasNewer,
        });
      } catch {
        // A failed refresh leaves the cached view; the status bar reports the cause.
      }
    },

    clearThread() {
      set({ thread: null });
    },

    patchThreadMessages(map) {
      set((state) => (state.thread ? { thread: { ...state.thread, messages: state.thread.messages.map(map) } } : {}));
    },

    async setMessageRead(messageId, isRead) {
      const before = get().thread?.messages.find((m) => m.id === messageId);
      get().patchThreadMessages((m) => (m.id === messageId ? { ...m, isRead } : m));
      try {
        const updated = await client.call('message:setRead', { messageId, isRead });
        get().patchThreadMessages((m) => (m.id === messageId ? updated : m));
        void get().loadConversations();
        void get().refreshNumbers();
      } catch (error) {
        if (before) get().patchThreadMessages((m) => (m.id === messageId ? before : m));
        get().pushToast({ kind: 'error', text: `Could not mark ${isRead ? 'read' : 'unread'}: ${errorMessage(error)}` });
      }
    },

    deleteMessage(messageId, options) {
      if (deleteTimers.has(messageId)) return;
      set((state) => ({ pendingDeletes: [...state.pendingDeletes, messageId] }));
      deleteTimers.set(messageId, setTimeout(() => void commitDelete(messageId), undoMs));
      get().pushToast(
        {
          kind: 'info',
          text: options?.hideOnly ? 'Text hidden on this device' : 'Text deleted',
          ...(options?.why ? { detail: options.why } : {}),
          action: { label: 'Undo', run: () => get().undoDelete(messageId) },
        },
        undoMs,
      );
    },

    undoDelete(messageId) {
      const timer = deleteTimers.get(messageId);
      if (!timer) return;
      clearTimeout(timer);
      deleteTimers.delete(messageId);
      set((state) => ({ pendingDeletes: state.pendingDeletes.filter((id) => id !== messageId) }));
    },

    flushDeletes() {
      for (const [messageId, timer] of deleteTimers) {
        clearTimeout(timer);
        void commitDelete(messageId);
      }
    },
  };
};
