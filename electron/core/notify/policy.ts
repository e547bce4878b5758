import type { Conversation, Message } from '../../../shared/model';
import type { Settings } from '../../../shared/settings';

/**
 * Which system notifications a batch of new inbound texts deserves. Pure: the host keeps the
 * history between calls and shows what comes back. Kept out of Electron so every rule is tested
 * without a display.
 */

/** When each conversation last raised a notification, and when the last summary was shown (ms). */
export interface NotifyHistory {
  readonly byConversation: ReadonlyMap<number, number>;
  readonly lastSummaryAt: number | null;
}

export const emptyHistory: NotifyHistory = { byConversation: new Map(), lastSummaryAt: null };

export interface NotifyInput {
  /** New texts found by one sync step; outbound and already-read texts are ignored. */
  messages: readonly Message[];
  /** The conversations those texts belong to (muted flag, the other party's number). */
  conversations: readonly Conversation[];
  settings: Pick<Settings, 'notifications' | 'doNotDisturb' | 'notificationPreview'>;
  /** Muted conversations known to the host besides each conversation's own flag. */
  mutedConversationIds?: ReadonlySet<number>;
  /** The conversation on screen, if any. */
  activeConversationId: number | null;
  windowFocused: boolean;
  /** A number's first sync or a backfill of history: old news, never notified. */
  backfill: boolean;
  history: NotifyHistory;
  now: number;
  limits?: Partial<NotifyLimits>;
}

export interface NotifyLimits {
  /** A conversation raises at most one notification in this window. */
  perConversationMs: number;
  /** More conversations than this in one batch collapse into one summary. */
  summaryAbove: number;
  /** At most one summary in this window, so reconnecting does not stack summaries. */
  summaryMs: number;
}

export const defaultLimits: NotifyLimits = { perConversationMs: 5_000, summaryAbove: 3, summaryMs: 30_000 };

export type Notice =
  | {
      kind: 'message';
      conversationId: number;
      /** The newest text, which a click opens and "Mark as read" acts on. */
      messageId: number;
      title: string;
      body: string;
      /** Texts from this conversation folded into this one notice. */
      count: number;
    }
  | {
      kind: 'summary';
      title: string;
      body: string;
      conversationIds: number[];
      count: number;
    };

export interface NotifyDecision {
  notices: Notice[];
  history: NotifyHistory;
}

export function decideNotifications(input: NotifyInput): NotifyDecision {
  const limits = { ...defaultLimits, ...input.limits };
  const unchanged: NotifyDecision = { notices: [], history: input.history };
  const { settings } = input;
  if (input.backfill || !settings.notifications || settings.doNotDisturb) return unchanged;

  const conversations = new Map(input.conversations.map((c) => [c.id, c]));
  const isMuted = (id: number) => conversations.get(id)?.muted === true || input.mutedConversationIds?.has(id) === true;
  const isOnScreen = (id: number) => input.windowFocused && input.activeConversationId === id;
  const recentlyNotified = (id: number) => {
    const last = input.history.byConversation.get(id);
    return last !== undefined && input.now - last < limits.perConversationMs;
  };

  const byConversation = new Map<number, Message[]>();
  for (const message of input.messages) {
    if (message.direction !== 'inbound' || message.isRead) continue;
    const id = message.conversationId;
    if (isMuted(id) || isOnScreen(id) || recentlyNotified(id)) continue;
    const list = byConversation.get(id) ?? [];
    list.push(message);
    byConversation.set(id, list);
  }
  if (byConversation.size === 0) return unchanged;

  const stamped = new Map(input.history.byConversation);
  for (const id of byConversation.keys()) stamped.set(id, input.now);

  if (byConversation.size > limits.summaryAbove) {
    const summaryIsRecent =
      input.history.lastSummaryAt !== null && input.now - input.history.lastSummaryAt < limits.summaryMs;
    // The conversations are still stamped: their texts are in the unread count, and a
    // notification for each a moment later would be the flood the summary exists to prevent.
    if (summaryIsRecent) return { notices: [], history: { byConversation: stamped, lastSummaryAt: input.history.lastSummaryAt } };
    const count = [...byConversation.values()].reduce((sum, list) => sum + list.length, 0);
    return {
      notices: [
        {
          kind: 'summary',
          title: 'New texts',
          body: `${count} new texts in ${byConversation.size} conversations`,
          conversationIds: [...byConversation.keys()],
          count,
        },
      ],
      history: { byConversation: stamped, lastSummaryAt: input.now },
    };
  }

  const notices: Notice[] = [];
  for (const [conversationId, list] of byConversation) {
    const newest = list.reduce((a, b) => (newerThan(b, a) ? b : a));
    const conversation = conversations.get(conversationId);
    notices.push({
      kind: 'message',
      conversationId,
      messageId: newest.id,
      // The party's name from the address books when there is one.
      title: conversation?.remoteName ?? newest.remoteName ?? conversation?.remote ?? newest.remote,
      body: describe(newest, list.length, settings.notificationPreview),
      count: list.length,
    });
  }
  return { notices, history: { byConversation: stamped, lastSummaryAt: input.history.lastSummaryAt } };
}

/** Drops entries older than any limit, so the history does not grow for the life of the app. */
export function pruneHistory(history: NotifyHistory, now: number, limits: NotifyLimits = defaultLimits): NotifyHistory {
  const kept = new Map([...history.byConversation].filter(([, at]) => now - at < limits.perConversationMs));
  return { byConversation: kept, lastSummaryAt: history.lastSummaryAt };
}

function newerThan(a: Message, b: Message): boolean {
  return a.createdAt === b.createdAt ? a.id > b.id : a.createdAt > b.createdAt;
}

function describe(message: Message, count: number, preview: boolean): string {
  const more = count > 1 ? ` (+${count - 1} more)` : '';
  if (!preview) return count > 1 ? `${count} new texts` : 'New text';
  const text = message.text?.trim();
  if (text) return truncate(text, 200) + more;
  if (message.media.length > 0) return attachmentLabel(message) + more;
  return 'New text' + more;
}

function attachmentLabel(message: Message): string {
  const type = message.media[0]?.contentType ?? '';
  if (type.startsWith('image/')) return 'Photo';
  if (type.startsWith('video/')) return 'Video';
  if (type.startsWith('audio/')) return 'Voice message';
  return 'Attachment';
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
