import { Notification } from 'electron';
import type { Handlers } from '../../shared/contract';
import type { Logger, SettingsStore } from '../core/hostInterfaces';
import { decideNotifications, emptyHistory, pruneHistory, type Notice, type NotifyHistory } from '../core/notify/policy';
import type { InboundEvent } from '../core/serviceTypes';

export interface NotifierOptions {
  settings: SettingsStore;
  handlers: Handlers;
  activeConversation: () => number | null;
  windowFocused: () => boolean;
  /** A click: bring the window up on this conversation (null: a summary, just the window). */
  open: (conversationId: number | null, messageId: number | null) => void;
  iconPath: string;
  logger: Logger;
  /** Where it runs (default process.platform): Linux notification servers read markup. */
  platform?: NodeJS.Platform;
}

/**
 * Linux notification servers that support markup render <b>, <i>, <a href> and entities in a
 * body; a text is shown as the characters it holds, so those characters are escaped there.
 * Elsewhere bodies are plain text and escaping would show "&amp;".
 */
export function notificationBody(text: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Turns the service's inbound events into system notifications through the pure policy.
 * Shown notifications are kept referenced until closed: Electron drops click handlers of
 * notifications that have been garbage collected.
 */
export function createNotifier(options: NotifierOptions): (event: InboundEvent) => void {
  let history: NotifyHistory = emptyHistory;
  const live = new Set<Notification>();

  const platform = options.platform ?? process.platform;
  const show = (notice: Notice) => {
    const notification = new Notification({
      title: notice.title,
      body: notificationBody(notice.body, platform),
      icon: options.iconPath,
      // Buttons on notifications exist only on macOS; elsewhere a click opens the conversation.
      actions: notice.kind === 'message' && platform === 'darwin' ? [{ type: 'button', text: 'Mark as read' }] : [],
    });
    live.add(notification);
    const forget = () => live.delete(notification);
    notification.on('close', forget);
    notification.on('click', () => {
      forget();
      if (notice.kind === 'message') options.open(notice.conversationId, notice.messageId);
      else options.open(null, null);
    });
    notification.on('action', () => {
      forget();
      if (notice.kind !== 'message') return;
      options.handlers['conversations:setRead']({ conversationId: notice.conversationId, isRead: true }).catch((error: unknown) =>
        options.logger.warn('could not mark a conversation read from a notification', { error: String(error) }),
      );
    });
    notification.show();
  };

  return (event) => {
    if (!Notification.isSupported()) return;
    const now = Date.now();
    const decision = decideNotifications({
      messages: event.messages,
      conversations: event.conversations,
      settings: options.settings.get(),
      activeConversationId: options.activeConversation(),
      windowFocused: options.windowFocused(),
      // The service raises inbound only for syncs that are not a number's first (serviceTypes.ts).
      backfill: false,
      history: pruneHistory(history, now),
      now,
    });
    history = decision.history;
    for (const notice of decision.notices) show(notice);
  };
}
