import { useCallback, useEffect, useRef, useState } from 'react';
import { formatParty } from '../lib/format';
import { notificationPermissionPending } from '../store/browserNotifications';
import { selectUnreadTotal } from '../store/selectors';
import { useApp, useAppStore } from '../storeContext';
import { ConversationList } from './ConversationList';
import { Icon } from './Icon';
import { NewConversationDialog } from './NewConversationDialog';
import { Onboarding } from './Onboarding';
import { SearchBox } from './SearchBox';
import { SearchResults } from './SearchResults';
import { SettingsDialog } from './SettingsDialog';
import { Sidebar } from './Sidebar';
import { OfflineBanner } from './StatusPanel';
import { Thread } from './Thread';
import { Toasts } from './Toasts';
import { useTheme } from './useTheme';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

export function App() {
  const view = useApp((s) => s.view);
  const bootError = useApp((s) => s.bootError);
  const boot = useApp((s) => s.boot);
  useTheme();

  if (view === 'loading') {
    return (
      <main className="splash" aria-busy="true">
        <span className="brand-mark big" aria-hidden="true">T</span>
        <span className="muted">Opening Textdesk…</span>
      </main>
    );
  }
  if (view === 'failed') {
    return (
      <main className="splash">
        <h1>Textdesk could not start</h1>
        <p className="muted">{bootError}</p>
        <button type="button" className="button button-primary" onClick={() => void boot()}>
          Retry
        </button>
      </main>
    );
  }
  if (view === 'onboarding') {
    return (
      <>
        <Onboarding />
        <Toasts />
      </>
    );
  }
  return <Inbox />;
}

function Inbox() {
  const store = useAppStore();
  const settingsOpen = useApp((s) => s.settingsOpen);
  const searching = useApp((s) => s.searchQuery.trim() !== '');
  const threadOpen = useApp((s) => s.openId !== null);
  const unreadOnly = useApp((s) => s.unreadOnly);
  const setUnreadOnly = useApp((s) => s.setUnreadOnly);
  const newConversationOpen = useApp((s) => s.newConversationOpen);
  const openNewConversation = useApp((s) => s.openNewConversation);
  const hasToasts = useApp((s) => s.toasts.length > 0);
  const scopeLabel = useApp((s) => {
    if (s.archivedView) return 'Archived';
    const number = s.numbers.find((n) => n.id === s.scopeNumberId);
    // As the sidebar writes it: the label, else the number in its national format.
    return number ? (number.label ?? formatParty(number.phoneNumber)) : 'All numbers';
  });
  const unreadTotal = useApp(selectUnreadTotal);
  useEffect(() => {
    // The tab (and the window's title) counts what waits, as every web mail does.
    document.title = unreadTotal > 0 ? `(${unreadTotal > 999 ? '999+' : unreadTotal}) Textdesk` : 'Textdesk';
  }, [unreadTotal]);
  useEffect(() => {
    // The service can go away under the page (the web host stopped): noticed within seconds.
    const timer = setInterval(() => void store.getState().checkEngine(), 3000);
    return () => clearInterval(timer);
  }, [store]);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const resultsRef = useRef<HTMLDivElement>(null);

  // Reads the store at call time and touches only refs, so it is stable for the key handler below.
  const backOut = useCallback(() => {
    const state = store.getState();
    if (state.searchQuery !== '') state.clearSearch();
    else if (state.openId !== null) state.closeConversation();
    listRef.current?.focus();
  }, [store]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        if (!store.getState().settingsOpen && !document.querySelector('[aria-modal="true"]')) store.getState().openNewConversation(true);
        return;
      }
      // An open menu or modal owns Esc and the keys: they close it, never the conversation behind it.
      if (event.defaultPrevented || store.getState().settingsOpen || document.querySelector('[aria-modal="true"], [role="menu"]')) return;
      if (event.key === 'Escape' && !isEditable(event.target)) {
        backOut();
        return;
      }
      // r outside a field replies: focus goes to the open thread's box.
      if (!isEditable(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey && event.key === 'r') {
        const box = document.querySelector<HTMLTextAreaElement>('.composer .message-box');
        if (box) {
          event.preventDefault();
          box.focus();
          return;
        }
      }
      // j/k anywhere outside a field move through the list, as the list itself does.
      if (!isEditable(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === 'j' || event.key === 'k')) {
        if (listRef.current && !listRef.current.contains(event.target as Node) && store.getState().searchQuery === '') {
          event.preventDefault();
          store.getState().moveActive(event.key === 'j' ? 1 : -1);
          listRef.current.focus();
        }
      }
    }
    document.addEventListener('keydown', onKeyDown);
    const flush = () => {
      store.getState().flushDeletes();
      store.getState().flushDrafts();
    };
    window.addEventListener('pagehide', flush);
    // Hidden (minimized, another tab, about to close): the last moment a write is sure to leave.
    const flushDraftsWhenHidden = () => document.visibilityState === 'hidden' && store.getState().flushDrafts();
    document.addEventListener('visibilitychange', flushDraftsWhenHidden);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', flushDraftsWhenHidden);
    };
  }, [store, backOut]);

  return (
    <div className={`app${threadOpen ? ' thread-open' : ''}${hasToasts ? ' has-toasts' : ''}`}>
      <OfflineBanner />
      <NotificationPrompt />
      <div className="columns">
        <Sidebar />
        <main className="content">
        <section className="list-pane" aria-label="Inbox">
          <SearchBox
            ref={searchRef}
            onEscape={backOut}
            onArrowDown={() => {
              if (searching) resultsRef.current?.querySelector<HTMLButtonElement>('.hit')?.focus();
              else listRef.current?.focus();
            }}
          />
          {searching ? (
            <SearchResults ref={resultsRef} onEscape={() => searchRef.current?.focus()} />
          ) : (
            <>
              <div className="list-header">
                <h1 className="list-title">{scopeLabel}</h1>
                <button type="button" className="icon-button new-conversation" aria-label="New conversation" aria-keyshortcuts={isMac ? 'Meta+N' : 'Control+N'} title={`New conversation (${isMac ? '⌘N' : 'Ctrl+N'})`} onClick={() => openNewConversation(true)}>
                  <Icon name="compose" />
                </button>
                <button type="button" className={unreadOnly ? 'chip is-active' : 'chip'} aria-pressed={unreadOnly} onClick={() => setUnreadOnly(!unreadOnly)}>
                  Unread only
                </button>
              </div>
              <ConversationList listRef={listRef} />
            </>
          )}
        </section>
        <Thread onBack={backOut} />
        </main>
      </div>
      {settingsOpen && <SettingsDialog />}
      {newConversationOpen && <NewConversationDialog />}
      <Toasts />
    </div>
  );
}

/** The browser host asks for notification permission once, from a click (browsers ignore unprompted asks). */
function NotificationPrompt() {
  const host = useApp((s) => s.info?.host);
  const enabled = useApp((s) => s.settings?.notifications ?? false);
  const [, rerender] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  if (host !== 'web' || dismissed || !notificationPermissionPending(enabled)) return null;
  return (
    <div className="notify-banner">
      <span>Notifications are on in Settings, but this browser has not been allowed to show them.</span>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          void Notification.requestPermission().finally(() => rerender((n) => n + 1));
        }}
      >
        Allow notifications
      </button>
      <button type="button" className="icon-button small" aria-label="Not now" onClick={() => setDismissed(true)}>
        ×
      </button>
    </div>
  );
}
