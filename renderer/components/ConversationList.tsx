import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Conversation, ProviderKind } from '../../shared/model';
import { absoluteTime, conversationName, formatParty, relativeTime } from '../lib/format';
import { providerOfAccount, whyNoMarkUnread } from '../lib/providers';
import { providerInfo } from '../../shared/providers';
import { useApp } from '../storeContext';
import { Avatar } from './Avatar';
import { Icon } from './Icon';
import { Menu, type MenuAnchor, type MenuItem } from './Menu';
import { ProviderBadge } from './ProviderBadge';

const rowHeight = 72;

/** What the row's actions act on; the list owns the menu so one is open at a time. */
export interface RowActions {
  open(id: number): void;
  menu(conversation: Conversation, anchor: MenuAnchor): void;
  toggleRead(conversation: Conversation): void;
  togglePinned(conversation: Conversation): void;
  toggleArchived(conversation: Conversation): void;
}

export const ConversationRow = memo(function ConversationRow({
  conversation,
  selected,
  open,
  actions,
  provider,
  line,
  canMarkUnread = true,
}: {
  conversation: Conversation;
  selected: boolean;
  open: boolean;
  actions: RowActions;
  /** Set in the unified inbox when texts come from more than one account. */
  provider?: ProviderKind;
  /** Set in the unified inbox over more than one number: which line the conversation is on. */
  line?: { label: string; spoken: string; full: string };
  canMarkUnread?: boolean;
}) {
  const party = conversationName(conversation);
  const unread = conversation.unreadCount > 0;
  const preview = conversation.latestText?.trim() || (conversation.latestHasMedia ? 'Attachment' : '');
  const when = relativeTime(conversation.latestAt);
  // What the user left half-typed here, as messengers show it; not for the open one being typed in.
  const typed = useApp((s) => s.drafts[conversation.id]);
  const draft = open ? '' : (typed ?? conversation.draft ?? '').trim();
  // What the row shows, in the order it shows it (WCAG 2.5.3, label in name), then what only icons say.
  const label = [
    party,
    when,
    draft ? `Draft: ${draft}` : `${conversation.latestDirection === 'outbound' ? 'You: ' : ''}${preview}`,
    line?.label,
    provider ? providerInfo[provider].name : null,
    unread ? `${conversation.unreadCount > 99 ? '99+' : conversation.unreadCount} unread` : null,
    conversation.pinned ? 'pinned' : null,
    conversation.muted ? 'muted' : null,
    line ? `on ${line.spoken}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div className="conversation-row-wrap">
      <div
        role="option"
        id={`conversation-${conversation.id}`}
        aria-selected={selected}
        aria-label={label}
        aria-current={open ? 'true' : undefined}
        className={`conversation-row${selected ? ' is-selected' : ''}${open ? ' is-open' : ''}${unread ? ' is-unread' : ''}`}
        onClick={() => actions.open(conversation.id)}
        onContextMenu={(event) => {
          event.preventDefault();
          actions.menu(conversation, { x: event.clientX, y: event.clientY });
        }}
        data-conversation-id={conversation.id}
      >
        <Avatar conversation={conversation} />
        <div className="conversation-body">
          <div className="conversation-top">
            {/* The spaces keep words apart for assistive tech that reads the row's text as one string. */}
            <span className="conversation-party">{party}</span>{' '}
            {conversation.pinned && <Icon name="pin" size={13} className="row-flag" />}
            {conversation.muted && <Icon name="bellOff" size={14} className="muted-icon" />}
            <time className="conversation-time" dateTime={conversation.latestAt ?? undefined} title={absoluteTime(conversation.latestAt)}>
              {when}
            </time>
          </div>{' '}
          <div className="conversation-bottom">
            {draft ? (
              <span className="conversation-preview">
                <span className="preview-draft">Draft: </span>
                {draft}
              </span>
            ) : (
              <span className="conversation-preview">
                {conversation.latestDirection === 'outbound' && <span className="preview-you">You: </span>}
                {conversation.latestHasMedia && <Icon name="image" size={14} className="preview-media" />}
                {preview}
              </span>
            )}{' '}
            {line && (
              <span className="conversation-line" title={line.full}>
                {line.label}
              </span>
            )}{' '}
            {/* Beside the preview, not the name: a phone number must not be cut short for it. */}
            {provider && <ProviderBadge provider={provider} />}{' '}
            {unread && (
              <span className="badge" aria-hidden="true">
                {conversation.unreadCount > 99 ? '99+' : conversation.unreadCount}
              </span>
            )}
          </div>
        </div>
      </div>
      {/* Mouse shortcuts for what the context menu offers; keyboard users open that menu (Shift+F10). */}
      <div className="row-actions" aria-hidden="true">
        {(unread || canMarkUnread) && (
          <button type="button" tabIndex={-1} className="icon-button small" title={unread ? 'Mark read' : 'Mark unread'} onClick={() => actions.toggleRead(conversation)}>
            <Icon name={unread ? 'check' : 'unread'} size={15} />
          </button>
        )}
        <button type="button" tabIndex={-1} className="icon-button small" title={conversation.pinned ? 'Unpin' : 'Pin to top'} onClick={() => actions.togglePinned(conversation)}>
          <Icon name="pin" size={15} />
        </button>
        <button type="button" tabIndex={-1} className="icon-button small" title={conversation.archived ? 'Move to inbox' : 'Archive'} onClick={() => actions.toggleArchived(conversation)}>
          <Icon name={conversation.archived ? 'inbox' : 'archive'} size={15} />
        </button>
        <button
          type="button"
          tabIndex={-1}
          className="icon-button small"
          title="More actions"
          onClick={(event) => actions.menu(conversation, { element: event.currentTarget })}
        >
          <Icon name="more" size={15} />
        </button>
      </div>
    </div>
  );
});

/** The conversation list: a virtualized listbox; focus stays on the list, the active row is aria-activedescendant. */
export function ConversationList({ listRef }: { listRef?: React.RefObject<HTMLDivElement | null> }) {
  const conversations = useApp((s) => s.conversations);
  const activeId = useApp((s) => s.activeId);
  const openId = useApp((s) => s.openId);
  const listLoading = useApp((s) => s.listLoading);
  const listError = useApp((s) => s.listError);
  const unreadOnly = useApp((s) => s.unreadOnly);
  const archivedView = useApp((s) => s.archivedView);
  const nextCursor = useApp((s) => s.nextCursor);
  const openConversation = useApp((s) => s.openConversation);
  const moveActive = useApp((s) => s.moveActive);
  const loadMore = useApp((s) => s.loadMoreConversations);
  const loadConversations = useApp((s) => s.loadConversations);
  const setConversationRead = useApp((s) => s.setConversationRead);
  const setMuted = useApp((s) => s.setMuted);
  const setPinned = useApp((s) => s.setPinned);
  const setArchived = useApp((s) => s.setArchived);
  const accounts = useApp((s) => s.accounts);
  const numbers = useApp((s) => s.numbers);
  const unified = useApp((s) => s.scopeNumberId === null);
  // Badges only where they tell rows apart: the unified inbox over more than one account.
  const providerByAccount = useMemo(
    () => (unified && accounts.length > 1 ? new Map(accounts.map((a) => [a.id, a.provider])) : null),
    [accounts, unified],
  );
  // The line, likewise, where the unified inbox spans more than one number.
  const lineByNumber = useMemo(() => {
    if (!unified || numbers.length < 2) return null;
    // The label where the number has one, else its last four digits: short enough to leave the preview readable.
    return new Map(
      numbers.map((n) => [
        n.id,
        { label: n.label ?? `··${n.phoneNumber.slice(-4)}`, spoken: n.label ?? formatParty(n.phoneNumber), full: `On ${n.label ? `${n.label}, ` : ''}${formatParty(n.phoneNumber)}` },
      ]),
    );
  }, [numbers, unified]);
  const ownRef = useRef<HTMLDivElement>(null);
  const scrollRef = listRef ?? ownRef;
  const [menu, setMenu] = useState<{ conversation: Conversation; anchor: MenuAnchor } | null>(null);

  // Stable, so memoized rows do not re-render on every scroll frame.
  const actions = useMemo<RowActions>(
    () => ({
      open: (id) => void openConversation(id),
      menu: (conversation, anchor) => setMenu({ conversation, anchor }),
      toggleRead: (c) => void setConversationRead(c.id, c.unreadCount > 0),
      togglePinned: (c) => void setPinned(c.id, !c.pinned),
      toggleArchived: (c) => void setArchived(c.id, !c.archived),
    }),
    [openConversation, setConversationRead, setPinned, setArchived],
  );
  const closeMenu = useCallback(() => setMenu(null), []);

  const virtualizer = useVirtualizer({
    count: conversations.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 6,
    getItemKey: (index) => conversations[index]!.id,
    // Let React batch scroll renders instead of flushing one per scroll event.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && nextCursor && last.index >= conversations.length - 30) void loadMore();
  }, [last?.index, conversations.length, nextCursor, loadMore]);

  const activeIndex = conversations.findIndex((c) => c.id === activeId);
  // Scroll when the active row changes (or first appears), not on every list refresh: a refresh
  // that shifts the rows must not pull the view back while the user scrolls with the mouse.
  const scrolledTo = useRef<number | null>(null);
  useEffect(() => {
    if (activeId === null || activeIndex < 0 || scrolledTo.current === activeId) return;
    scrolledTo.current = activeId;
    virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeId, activeIndex, virtualizer]);

  function onKeyDown(event: React.KeyboardEvent) {
    const key = event.key;
    if (key === 'ContextMenu' || (key === 'F10' && event.shiftKey)) {
      const conversation = conversations[activeIndex];
      const row = conversation && document.getElementById(`conversation-${conversation.id}`);
      if (conversation && row) setMenu({ conversation, anchor: { element: row } });
      event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (key === 'ArrowDown' || key === 'j') moveActive(1);
    else if (key === 'ArrowUp' || key === 'k') moveActive(-1);
    else if (key === 'Home') moveActive(-conversations.length);
    else if (key === 'End') moveActive(conversations.length);
    else if (key === 'PageDown') moveActive(8);
    else if (key === 'PageUp') moveActive(-8);
    else if (key === 'Enter' || key === ' ') {
      if (activeId !== null) void openConversation(activeId);
    } else return;
    event.preventDefault();
  }

  const menuItems = (c: Conversation): MenuItem[] => {
    const unread = c.unreadCount > 0;
    const whyNot = whyNoMarkUnread(providerOfAccount(accounts, c.accountId));
    return [
      unread
        ? { label: 'Mark read', icon: 'check', run: () => void setConversationRead(c.id, true) }
        : { label: 'Mark unread', icon: 'unread', run: () => void setConversationRead(c.id, false), ...(whyNot ? { unavailable: whyNot } : {}) },
      { label: c.pinned ? 'Unpin' : 'Pin to top', icon: 'pin', run: () => void setPinned(c.id, !c.pinned) },
      { label: c.muted ? 'Unmute' : 'Mute notifications', icon: 'bellOff', run: () => void setMuted(c.id, !c.muted) },
      { label: c.archived ? 'Move to inbox' : 'Archive', icon: c.archived ? 'inbox' : 'archive', run: () => void setArchived(c.id, !c.archived) },
    ];
  };

  const empty = !listLoading && conversations.length === 0;
  return (
    <div className="conversation-list-wrap">
      {listError && (
        <div className="inline-error" role="alert">
          {listError}{' '}
          <button type="button" className="link-button" onClick={() => void loadConversations(true)}>
            Retry
          </button>
        </div>
      )}
      <div
        ref={scrollRef}
        className="conversation-list"
        role="listbox"
        aria-label={archivedView ? 'Archived conversations' : 'Conversations'}
        aria-description="Shift F10 for actions"
        tabIndex={0}
        aria-activedescendant={activeId !== null && activeIndex >= 0 ? `conversation-${activeId}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {items.map((item) => {
            const conversation = conversations[item.index]!;
            const provider = providerByAccount?.get(conversation.accountId);
            return (
              <div
                role="presentation"
                key={item.key}
                className="virtual-row"
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              >
                <ConversationRow
                  conversation={conversation}
                  selected={conversation.id === activeId}
                  open={conversation.id === openId}
                  actions={actions}
                  provider={provider}
                  line={lineByNumber?.get(conversation.numberId)}
                  canMarkUnread={whyNoMarkUnread(providerOfAccount(accounts, conversation.accountId)) === null}
                />
              </div>
            );
          })}
        </div>
        {empty && (
          <div className="empty-list">
            {archivedView
              ? 'Nothing archived. Archive a conversation from its menu to keep the inbox short; a new text brings it back.'
              : unreadOnly
                ? 'No unread conversations. You are all caught up.'
                : 'No conversations yet.'}
          </div>
        )}
      </div>
      {menu && <Menu label={`Actions for ${conversationName(menu.conversation)}`} items={menuItems(menu.conversation)} anchor={menu.anchor} onClose={closeMenu} />}
    </div>
  );
}
