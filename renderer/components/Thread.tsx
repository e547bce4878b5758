import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Media } from '../../shared/model';
import { conversationName, dayLabel, formatParty, groupMembersLine, mediaKind } from '../lib/format';
import { optOutWarning, providerOfAccount, whyNoMarkUnread } from '../lib/providers';
import { selectOpenConversation, threadRows, type ThreadRow } from '../store/selectors';
import { useApp } from '../storeContext';
import { Avatar } from './Avatar';
import { ContactNameDialog } from './ContactNameDialog';
import { ThreadComposer } from './Composer';
import { Icon } from './Icon';
import { Lightbox } from './Lightbox';
import { LightboxContext } from './MediaAttachment';
import { MessageBubble } from './MessageBubble';

const nearEdge = 400;
/** Closer than this to the end counts as at the bottom. */
const bottomSlack = 60;

export function Thread({ onBack }: { onBack: () => void }) {
  const thread = useApp((s) => s.thread);
  const conversation = useApp(selectOpenConversation);
  const numbers = useApp((s) => s.numbers);
  const pendingDeletes = useApp((s) => s.pendingDeletes);
  const setConversationRead = useApp((s) => s.setConversationRead);
  const setMuted = useApp((s) => s.setMuted);
  const setPinned = useApp((s) => s.setPinned);
  const setArchived = useApp((s) => s.setArchived);
  const pushToast = useApp((s) => s.pushToast);
  const accounts = useApp((s) => s.accounts);
  const [naming, setNaming] = useState(false);

  if (!thread) {
    return (
      <section className="thread thread-empty" aria-label="Thread">
        <div className="empty-state">
          <div className="empty-icon">
            <Icon name="inbox" size={40} />
          </div>
          <h2>Pick a conversation</h2>
          <p>Use ↑ ↓ or j k to move, Enter to open, Shift F10 for a conversation&rsquo;s actions, and Ctrl K to search every text.</p>
        </div>
      </section>
    );
  }

  const party = conversation ? conversationName(conversation) : '';
  const members = conversation ? groupMembersLine(conversation) : null;
  const number = conversation ? numbers.find((n) => n.id === conversation.numberId) : undefined;
  const unread = (conversation?.unreadCount ?? 0) > 0;
  const capabilitiesProvider = providerOfAccount(accounts, conversation?.accountId ?? thread.messages[0]?.accountId ?? -1);
  const named = !!conversation && !conversation.isGroup && !!conversation.remoteName;
  const optOut = conversation ? optOutWarning(conversation, capabilitiesProvider) : null;
  // Only a phone number can have a contact: not a group, not a short code.
  const canName = !!conversation && !conversation.isGroup && /^\+\d{7,15}$/.test(conversation.remote);
  const whyNotUnread = whyNoMarkUnread(capabilitiesProvider);
  return (
    <section className="thread" aria-label={party ? `Conversation with ${party}` : 'Conversation'}>
      <header className="thread-header">
        <button type="button" className="icon-button back-button" aria-label="Back to conversations" onClick={onBack}>
          <Icon name="back" />
        </button>
        {conversation && <Avatar conversation={conversation} size={36} />}
        <div className="thread-title">
          <h2>{party}</h2>
          {members && members !== party && (
            <span className="thread-participants" title={members}>
              {members}
            </span>
          )}
          {number && (
            <span className="thread-subtitle">
              {named && `${formatParty(conversation.remote)} · `}on {number.label ?? formatParty(number.phoneNumber)}
            </span>
          )}
          {optOut && <span className="opt-out-badge">{optOut}</span>}
        </div>
        {conversation && (
          <div className="thread-actions">
            {unread || !whyNotUnread ? (
              <button type="button" className="button" onClick={() => void setConversationRead(conversation.id, unread)}>
                {unread ? 'Mark read' : 'Mark unread'}
              </button>
            ) : (
              // Shown, not hidden: the user learns why it is not there instead of hunting for it.
              <>
                <button
                  type="button"
                  className="button is-unavailable"
                  aria-disabled="true"
                  title={whyNotUnread}
                  aria-describedby="why-no-unread"
                  onClick={() => pushToast({ kind: 'info', text: whyNotUnread })}
                >
                  Mark unread
                </button>
                <span id="why-no-unread" className="visually-hidden">
                  {whyNotUnread}
                </span>
              </>
            )}
            {canName && (
              <button
                type="button"
                className="icon-button"
                aria-label={conversation.remoteName ? 'Edit name' : 'Add name'}
                title={conversation.remoteName ? 'Edit name' : 'Add name'}
                onClick={() => setNaming(true)}
              >
                <Icon name="contact" />
              </button>
            )}
            <button
              type="button"
              className="icon-button"
              aria-label={conversation.pinned ? 'Unpin conversation' : 'Pin conversation to top'}
              title={conversation.pinned ? 'Unpin' : 'Pin to top'}
              aria-pressed={!!conversation.pinned}
              onClick={() => void setPinned(conversation.id, !conversation.pinned)}
            >
              <Icon name="pin" />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={conversation.muted ? 'Unmute conversation' : 'Mute conversation'}
              title={conversation.muted ? 'Unmute' : 'Mute notifications'}
              aria-pressed={conversation.muted}
              onClick={() => void setMuted(conversation.id, !conversation.muted)}
            >
              <Icon name="bellOff" />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={conversation.archived ? 'Move conversation to inbox' : 'Archive conversation'}
              title={conversation.archived ? 'Move to inbox' : 'Archive'}
              onClick={() => void setArchived(conversation.id, !conversation.archived)}
            >
              <Icon name={conversation.archived ? 'inbox' : 'archive'} />
            </button>
          </div>
        )}
      </header>
      {naming && conversation && (
        <ContactNameDialog phone={conversation.remote} numberId={conversation.numberId} current={conversation.remoteName ?? null} onClose={() => setNaming(false)} />
      )}
      <MessageLog key={`${thread.conversationId}:${thread.highlight?.messageId ?? ''}`} pendingDeletes={pendingDeletes} />
      <ThreadComposer key={thread.conversationId} conversationId={thread.conversationId} />
    </section>
  );
}

function estimate(row: ThreadRow): number {
  if (row.kind === 'day' || row.kind === 'unread') return 44;
  // Media boxes have fixed sizes (styles/thread.css), so the estimate is what they measure.
  const media = row.message.media.reduce((sum, m) => sum + (mediaKind(m.contentType) === 'audio' ? 54 : mediaKind(m.contentType) === 'image' || mediaKind(m.contentType) === 'video' ? 216 : 64), 0);
  return media + (row.message.text ? 44 : 0) + (row.lastOfGroup ? 22 : 4);
}

function MessageLog({ pendingDeletes }: { pendingDeletes: number[] }) {
  const thread = useApp((s) => s.thread)!;
  const group = useApp((s) => !!selectOpenConversation(s)?.isGroup);
  const engineGone = useApp((s) => s.engineGone);
  const loadOlder = useApp((s) => s.loadOlder);
  const loadNewer = useApp((s) => s.loadNewer);
  const openConversation = useApp((s) => s.openConversation);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => threadRows(thread.messages, pendingDeletes, thread.unreadFromId), [thread.messages, pendingDeletes, thread.unreadFromId]);
  const [lightbox, setLightbox] = useState<number | null>(null);
  /** Follow the newest text: true until the user scrolls away from the bottom, again once they come back. */
  const stick = useRef(thread.highlight === null);
  /** The user (wheel, keys, touch, scrollbar) moved the view, not layout or code. */
  const userMoved = useRef(false);
  const positioned = useRef(false);
  const [scrolledUp, setScrolledUp] = useState(false);
  const [newCount, setNewCount] = useState(0);
  const previous = useRef<{ firstMessageId: number | null; lastMessageId: number | null; total: number; count: number }>({
    firstMessageId: null,
    lastMessageId: null,
    total: 0,
    count: 0,
  });

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimate(rows[index]!),
    overscan: 6,
    getItemKey: (index) => rows[index]!.key,
    paddingStart: 12,
    useFlushSync: false,
    paddingEnd: 12,
  });

  const highlightIndex = thread.highlight ? rows.findIndex((r) => r.kind === 'message' && r.message.id === thread.highlight!.messageId) : -1;
  const unreadIndex = rows.findIndex((r) => r.kind === 'unread');

  const toBottom = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  // Keep the view still when older texts are put above it, follow new texts when at the bottom,
  // and land on the search hit, the first unread text or the newest text when the thread first loads.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || thread.loading || rows.length === 0) return;
    const firstMessage = thread.messages[0]?.id ?? null;
    const lastMessage = thread.messages.at(-1)?.id ?? null;
    const total = virtualizer.getTotalSize();
    const prev = previous.current;
    if (!positioned.current) {
      positioned.current = true;
      if (highlightIndex >= 0) {
        stick.current = false;
        virtualizer.scrollToIndex(highlightIndex, { align: 'center' });
      } else if (unreadIndex >= 0) {
        // The divider at the top, or the bottom if everything unread fits on screen.
        virtualizer.scrollToIndex(unreadIndex, { align: 'start' });
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < bottomSlack;
      } else {
        stick.current = true;
        toBottom();
      }
    } else if (prev.firstMessageId !== null && firstMessage !== null && firstMessage < prev.firstMessageId) {
      el.scrollTop += total - prev.total;
    } else if (lastMessage !== null && prev.lastMessageId !== null && lastMessage > prev.lastMessageId && !stick.current) {
      // New texts while the user reads further up: counted, not scrolled to.
      const added = thread.messages.filter((m) => m.id > prev.lastMessageId! && m.direction === 'inbound').length;
      if (added > 0) setNewCount((n) => n + added);
    }
    previous.current = { firstMessageId: firstMessage, lastMessageId: lastMessage, total, count: rows.length };
  }, [rows, thread.loading, thread.messages, highlightIndex, unreadIndex, virtualizer, toBottom]);

  // Rows are measured after they render (a text wraps, a picture has its box): while following
  // the bottom, every change of height is followed too, so the newest text stays in view.
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    if (stick.current && positioned.current) toBottom();
  });
  useEffect(() => {
    const el = scrollRef.current?.firstElementChild;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (stick.current && positioned.current) toBottom();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [toBottom, totalSize]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    const atBottom = fromBottom < bottomSlack;
    if (userMoved.current) stick.current = atBottom && !thread.hasNewer;
    if (atBottom && !thread.hasNewer) setNewCount(0);
    setScrolledUp(fromBottom > el.clientHeight || (thread.hasNewer && positioned.current));
    if (!positioned.current) return;
    if (el.scrollTop < nearEdge) void loadOlder();
    if (fromBottom < nearEdge) void loadNewer();
  }, [loadOlder, loadNewer, thread.hasNewer]);

  const markUserMove = useCallback(() => {
    userMoved.current = true;
  }, []);

  const jumpToLatest = useCallback(() => {
    setNewCount(0);
    if (thread.hasNewer) {
      // A search jump shows an older window: the newest texts are a fresh page.
      void openConversation(thread.conversationId);
      return;
    }
    stick.current = true;
    userMoved.current = false;
    toBottom();
    setScrolledUp(false);
  }, [thread.hasNewer, thread.conversationId, openConversation, toBottom]);

  // One tab stop for the whole thread; the arrow keys move between texts inside it.
  const onKeyDown = useCallback(
    (event: React.KeyboardEvent<HTMLDivElement>) => {
      userMoved.current = true;
      if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown' && event.key !== 'Home' && event.key !== 'End') return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const el = scrollRef.current;
      if (!el) return;
      const messageIndexes = rows.flatMap((row, index) => (row.kind === 'message' ? [index] : []));
      if (messageIndexes.length === 0) return;
      const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-index]');
      const at = focused && el.contains(focused) ? messageIndexes.indexOf(Number(focused.dataset.index)) : -1;
      let next: number;
      if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = messageIndexes.length - 1;
      else if (at >= 0) next = event.key === 'ArrowUp' ? Math.max(0, at - 1) : Math.min(messageIndexes.length - 1, at + 1);
      else {
        // From the log itself: the newest text in view, without scrolling anywhere else.
        const bottom = el.scrollTop + el.clientHeight;
        const inView = virtualizer.getVirtualItems().filter((item) => rows[item.index]?.kind === 'message' && item.start < bottom && item.end > el.scrollTop);
        const newest = inView.at(-1);
        next = newest ? messageIndexes.indexOf(newest.index) : messageIndexes.length - 1;
      }
      event.preventDefault();
      const index = messageIndexes[next]!;
      virtualizer.scrollToIndex(index, { align: 'auto' });
      requestAnimationFrame(() => {
        // Only while focus is still in the thread: a menu opened meanwhile keeps it.
        if (!el.contains(document.activeElement)) return;
        el.querySelector<HTMLElement>(`[data-index="${index}"] .message`)?.focus({ preventScroll: true });
      });
    },
    [rows, virtualizer],
  );

  const media = useMemo(() => {
    const hidden = new Set(pendingDeletes);
    const list: Media[] = [];
    for (const message of thread.messages) {
      if (hidden.has(message.id)) continue;
      for (const item of message.media) {
        const kind = mediaKind(item.contentType);
        if (kind === 'image' || kind === 'video') list.push(item);
      }
    }
    return list;
  }, [thread.messages, pendingDeletes]);
  const openLightbox = useCallback(
    (mediaId: number) => {
      const index = media.findIndex((m) => m.id === mediaId);
      if (index >= 0) setLightbox(index);
    },
    [media],
  );

  const items = virtualizer.getVirtualItems();
  const emptyText = engineGone
    ? 'Textdesk’s background service is not running, so texts cannot load. They will show when it is back.'
    : thread.error
      ? null
      : 'No texts in this conversation.';
  return (
    <LightboxContext.Provider value={openLightbox}>
      {thread.error && (
        <div className="inline-error" role="alert">
          {thread.error}
        </div>
      )}
      <div className="message-log-wrap">
        <div
          ref={scrollRef}
          className="message-log"
          role="log"
          aria-label="Messages"
          aria-description="Arrow keys move between texts; Enter opens a text's actions"
          tabIndex={0}
          onScroll={onScroll}
          onWheel={markUserMove}
          onTouchMove={markUserMove}
          onPointerDown={markUserMove}
          onKeyDown={onKeyDown}
        >
          {thread.loadingOlder && <div className="loading-older">Loading older texts…</div>}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
            {items.map((item) => {
              const row = rows[item.index]!;
              return (
                <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="virtual-row" style={{ transform: `translateY(${item.start}px)` }}>
                  {row.kind === 'day' ? (
                    <div className="day-separator" role="separator" aria-label={dayLabel(row.at)}>
                      <span>{dayLabel(row.at)}</span>
                    </div>
                  ) : row.kind === 'unread' ? (
                    <div className="unread-divider" role="separator" aria-label="New texts">
                      <span>New</span>
                    </div>
                  ) : (
                    <MessageBubble
                      message={row.message}
                      highlights={thread.highlight?.messageId === row.message.id ? thread.highlight.ranges : null}
                      firstOfGroup={row.firstOfGroup}
                      lastOfGroup={row.lastOfGroup}
                      group={group}
                    />
                  )}
                </div>
              );
            })}
          </div>
          {!thread.loading && rows.length === 0 && emptyText && <div className="empty-list">{emptyText}</div>}
        </div>
        {(scrolledUp || newCount > 0) && (
          <button type="button" className="jump-latest" onClick={jumpToLatest}>
            {newCount > 0 ? `${newCount} new · Jump to latest` : 'Jump to latest'}
            <Icon name="right" size={14} className="jump-icon" />
          </button>
        )}
      </div>
      {lightbox !== null && media[lightbox] && <Lightbox items={media} index={lightbox} onIndex={setLightbox} onClose={() => setLightbox(null)} />}
    </LightboxContext.Provider>
  );
}
