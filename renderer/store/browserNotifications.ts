import type { EventPayload } from '../../shared/contract';
import type { AppStore } from './index';

/**
 * Notifications in the browser host, where main cannot show system ones: the host decides which
 * texts deserve one (notify:show), the page asks for permission and shows them. Nothing is shown
 * for the conversation on screen in a focused tab.
 */
export function showBrowserNotification(store: AppStore, notice: EventPayload<'notify:show'>): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const state = store.getState();
  if (!state.settings?.notifications) return;
  if (document.hasFocus() && notice.conversationId !== null && notice.conversationId === state.openId) return;
  const notification = new Notification(notice.title, { body: notice.body, tag: notice.conversationId === null ? 'summary' : `conversation-${notice.conversationId}` });
  notification.onclick = () => {
    window.focus();
    notification.close();
    if (notice.conversationId !== null) {
      void store.getState().openConversation(notice.conversationId, notice.messageId !== null ? { messageId: notice.messageId, highlights: [] } : undefined);
    }
  };
}

/** Whether the page should offer to turn browser notifications on (the setting is on, the browser has not been asked). */
export function notificationPermissionPending(enabled: boolean): boolean {
  return enabled && typeof Notification !== 'undefined' && Notification.permission === 'default';
}
