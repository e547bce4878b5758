import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import type { Conversation, ProviderKind } from '../../shared/model';
import { relativeTime } from '../lib/format';
import { conversationName } from '../lib/providers';
import { providerInfo } from '../../shared/providers';
import { useApp } from '../storeContext';
import { Avatar } from './Avatar';
import { Icon } from './Icon';
import { ProviderBadge } from './ProviderBadge';

const rowHeight = 72;

export const ConversationRow = memo(function ConversationRow({
  conversation,
  selected,
  open,
  onOpen,
  provider,
}: {
  conversation: Conversation;
  selected: boolean;
  open: boolean;
  onOpen: (id: number) => void;
  /** Set in the unified inbox when texts come from more than one account. */
  provider?: ProviderKind;
}) {
  const party = conversationName(conversation);
  const unread = conversation.unreadCount > 0;
  const preview = conversation.latestText?.trim() || (conversation.latestHasMedia ? 'Attachment' : '');
  // What the user left half-typed here, as messengers show it; not for the open one being typed in.
  const typed = useApp((s) => s.drafts[conversation.id]);
  const draft = open ? '' : (typed ?? conversation.draft ?? '').trim();
  const label = `${party}${provider ? `, ${providerInfo[provider].name}` : ''}${unread ? `, ${conversation.unreadCount} unread` : ''}${conversation.muted ? ', muted' : ''}${draft ? ', draft' : ''}`;
  return (
    <div
      role="option"
      id={`conversation-${conversation.id}`}
      aria-selected={selected}
      aria-label={label}
      aria-current={open ? 'true' : undefined}
      className={`conversation-row${selected ? ' is-selected' : ''}${open ? ' is-open' : ''}${unread ? ' is-unread' : ''}`}
      onClick={() => onOpen(conversation.id)}
      data-conversation-id={conversation.id}
    >
      <Avatar remote={conversation.remote} display={party} group={!!conversation.isGroup} />
      <div className="conversation-body">
        <div className="conversation-top">
          <span className="conversation-party">{party}</span>
          {conversation.muted && <Icon name="bellOff" size={14} className="muted-icon" />}
          <time className="conversation-time" dateTime={conversation.latestAt ?? undefined}>
            {relativeTime(conversation.latestAt)}
          </time>
        </div>
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
          )}
          {/* Beside the preview, not the name: a phone number must not be cut short for it. */}
          {provider && <ProviderBadge provider={provider} />}
          {unread && (
            <span className="badge" aria-hidden="true">
              {conversation.unreadCount > 99 ? '99+' : conversation.unreadCount}
            </span>
          )}
        </div>
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
  const nextCursor = useApp((s) => s.nextCursor);
  const openConversation = useApp((s) => s.openConversation);
  const moveActive = useApp((s) => s.moveActive);
  const loadMore = useApp((s) => s.loadMoreConversations);
  const loadConversations = useApp((s) => s.loadConversations);
  const accounts = useApp((s) => s.accounts);
  const unified = useApp((s) => s.scopeNumberId === null);
  // Badges only where they tell rows apart: the unified inbox over more than one account.
  const providerByAccount = useMemo(
    () => (unified && accounts.length > 1 ? new Map(accounts.map((a) => [a.id, a.provider])) : null),
    [accounts, unified],
  );
  const ownRef = useRef<HTMLDivElement>(null);
  // Stable, so memoized rows do not re-render on every scroll frame.
  const onOpen = useCallback((id: number) => void openConversation(id), [openConversation]);
  const scrollRef = listRef ?? ownRef;

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
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
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
        aria-label="Conversations"
        tabIndex={0}
        aria-activedescendant={activeId !== null && activeIndex >= 0 ? `conversation-${activeId}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {items.map((item) => {
            const conversation = conversations[item.index]!;
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
                  onOpen={onOpen}
                  provider={providerByAccount?.get(conversation.accountId)}
                />
              </div>
            );
          })}
        </div>
        {empty && (
          <div className="empty-list">
            {unreadOnly ? 'No unread conversations. You are all caught up.' : 'No conversations yet.'}
          </div>
        )}
      </div>
    </div>
  );
}
