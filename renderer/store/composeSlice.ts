import type { Conversation, Message } from '../../shared/model';
import { errorMessage } from '../client';
import type { SliceCreator } from './types';

/** What the New conversation dialog holds while it is open (and after it is closed by mistake). */
export interface NewConversationDraft {
  numberId: number | null;
  to: string;
  text: string;
}

export interface ComposeSlice {
  /**
   * What the user typed in each conversation's box this session; before it is touched, the box
   * shows the draft the cache kept (Conversation.draft).
   */
  drafts: Record<number, string>;
  /** The last send that failed in a conversation, for the composer to say (cleared on the next). */
  sendErrors: Record<number, string>;
  newConversationOpen: boolean;
  newConversation: NewConversationDraft;

  setDraft(conversationId: number, text: string): void;
  /** Writes every draft still waiting for its debounce (switching conversation, page going away). */
  flushDrafts(): void;
  /** Sends the box's text; false when it was not sent, with the text back in the box. */
  sendReply(conversationId: number, text: string): Promise<boolean>;
  /** Sends the words of a text the carrier did not deliver as a new text, leaving the box alone. */
  sendAgain(message: Message): Promise<void>;
  /** A first text to a recipient typed as the user wrote it; the conversation it landed in, or the reason it did not. */
  sendNewConversation(input: { numberId: number; to: string; text: string }): Promise<{ conversationId: number } | { error: string }>;
  retrySend(messageId: number): Promise<void>;
  /** Deletes a text that has not gone out, at once: an undo window would let the outbox send it meanwhile. */
  cancelSend(messageId: number): Promise<void>;
  openNewConversation(open: boolean): void;
  patchNewConversation(patch: Partial<NewConversationDraft>): void;
}

const draftDebounceMs = 400;

export const createComposeSlice: SliceCreator<ComposeSlice> = (set, get, client) => {
  // Per store: a flush must write this store's drafts, not cancel another's timers.
  const draftTimers = new Map<number, ReturnType<typeof setTimeout>>();

  function writeDraft(conversationId: number) {
    const timer = draftTimers.get(conversationId);
    if (timer) clearTimeout(timer);
    draftTimers.delete(conversationId);
    const text = get().drafts[conversationId];
    if (text === undefined) return;
    // A draft that cannot be kept is not worth an error on screen: the box still holds it.
    void client.call('conversations:setDraft', { conversationId, text }).catch(() => {});
  }

  function scheduleDraft(conversationId: number) {
    const timer = draftTimers.get(conversationId);
    if (timer) clearTimeout(timer);
    draftTimers.set(conversationId, setTimeout(() => writeDraft(conversationId), draftDebounceMs));
  }

  function setLocalDraft(conversationId: number, text: string) {
    set((state) => ({ drafts: { ...state.drafts, [conversationId]: text } }));
  }

  /** The text is in the cache: show it in its thread and put its conversation first, before any refetch. */
  function showSent(conversationId: number, message: Message) {
    const thread = get().thread;
    if (thread && thread.conversationId === conversationId) {
      // Viewing an older window (after a search jump): go to the newest texts, where this one is.
      if (thread.hasNewer) void get().loadThread(conversationId);
      else if (!thread.messages.some((m) => m.id === message.id)) set({ thread: { ...thread, messages: [...thread.messages, message] } });
    }
    set((state) => {
      const index = state.conversations.findIndex((c) => c.id === conversationId);
      if (index < 0) return {};
      const moved: Conversation = {
        ...state.conversations[index]!,
        latestMessageId: message.id,
        latestText: message.text,
        latestDirection: 'outbound',
        latestType: message.type,
        latestHasMedia: message.media.length > 0,
        latestAt: message.createdAt,
        totalCount: state.conversations[index]!.totalCount + 1,
        draft: null,
      };
      return { conversations: [moved, ...state.conversations.slice(0, index), ...state.conversations.slice(index + 1)] };
    });
    void get().loadConversations();
  }

  return {
    drafts: {},
    sendErrors: {},
    newConversationOpen: false,
    newConversation: { numberId: null, to: '', text: '' },

    setDraft(conversationId, text) {
      setLocalDraft(conversationId, text);
      scheduleDraft(conversationId);
    },

    flushDrafts() {
      for (const conversationId of [...draftTimers.keys()]) writeDraft(conversationId);
    },

    async sendReply(conversationId, text) {
      const body = text.trim();
      if (body === '') return false;
      // The box empties at once, as in every messenger (so a second Enter has nothing to send); the
      // cached draft stays until the text is in the outbox. The next text need not wait for this
      // call: the bubble, refreshed from the cache, says where each one stands.
      const timer = draftTimers.get(conversationId);
      if (timer) clearTimeout(timer);
      draftTimers.delete(conversationId);
      set((state) => {
        const { [conversationId]: _cleared, ...sendErrors } = state.sendErrors;
        return { sendErrors, drafts: { ...state.drafts, [conversationId]: '' } };
      });
      try {
        const { message } = await client.call('message:send', { conversationId, text: body });
        if (get().drafts[conversationId] === '') writeDraft(conversationId);
        showSent(conversationId, message);
        return true;
      } catch (error) {
        // Nothing typed is lost: the text goes back in the box, before anything typed since.
        const since = get().drafts[conversationId] ?? '';
        const restored = since.trim() === '' ? text : `${text}\n${since}`;
        set((state) => ({
          sendErrors: { ...state.sendErrors, [conversationId]: errorMessage(error) },
          drafts: { ...state.drafts, [conversationId]: restored },
        }));
        scheduleDraft(conversationId);
        // The user moved on before the answer: the box that shows why is not on screen.
        if (get().openId !== conversationId) get().pushToast({ kind: 'error', text: `A text was not sent: ${errorMessage(error)} It is back in its conversation's box.` });
        return false;
      }
    },

    async sendNewConversation(input) {
      let sent;
      try {
        sent = await client.call('message:send', { numberId: input.numberId, to: input.to, text: input.text.trim() });
      } catch (error) {
        return { error: errorMessage(error) };
      }
      const { conversationId, message } = sent;
      set({ newConversationOpen: false, newConversation: { numberId: input.numberId, to: '', text: '' } });
      try {
        // The new conversation must be in the list to open it: leave a filter that would hide it.
        const { scopeNumberId, unreadOnly } = get();
        if (unreadOnly) set({ unreadOnly: false });
        if (scopeNumberId !== null && scopeNumberId !== input.numberId) set({ scopeNumberId: input.numberId });
        await get().loadConversations(true);
        if (!get().conversations.some((c) => c.id === conversationId)) {
          const conversation = await client.call('conversations:get', { conversationId });
          set((state) => ({ conversations: [conversation, ...state.conversations.filter((c) => c.id !== conversationId)] }));
        }
        await get().openConversation(conversationId);
        showSent(conversationId, message);
      } catch (error) {
        // The text is in the outbox either way; only showing it failed.
        get().pushToast({ kind: 'error', text: `The text is on its way, but its conversation could not be opened: ${errorMessage(error)}` });
      }
      return { conversationId };
    },

    async retrySend(messageId) {
      try {
        const updated = await client.call('message:retrySend', { messageId });
        get().patchThreadMessages((m) => (m.id === messageId ? updated : m));
      } catch (error) {
        get().pushToast({ kind: 'error', text: `Could not try again: ${errorMessage(error)}` });
      }
    },

    async cancelSend(messageId) {
      try {
        await client.call('message:delete', { messageId });
        set((state) => (state.thread ? { thread: { ...state.thread, messages: state.thread.messages.filter((m) => m.id !== messageId) } } : {}));
        get().pushToast({ kind: 'info', text: 'Deleted; it was not sent.' });
        void get().loadConversations();
      } catch (error) {
        get().pushToast({ kind: 'error', text: `The text was not deleted: ${errorMessage(error)}` });
      }
    },

    async sendAgain(failed) {
      if (!failed.text) return;
      try {
        const { message } = await client.call('message:send', { conversationId: failed.conversationId, text: failed.text });
        showSent(failed.conversationId, message);
      } catch (error) {
        get().pushToast({ kind: 'error', text: `Not sent again: ${errorMessage(error)}` });
      }
    },

    openNewConversation(open) {
      if (open && get().newConversationOpen) return;
      if (open) get().flushDrafts();
      set({ newConversationOpen: open });
    },

    patchNewConversation(patch) {
      set((state) => ({ newConversation: { ...state.newConversation, ...patch } }));
    },
  };
};
