import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Media } from '../../shared/model';
import { dayLabel, formatParty, mediaKind } from '../lib/format';
import { capabilitiesOf, conversationName, optOutWarning, participantsLine, providerOfAccount } from '../lib/providers';
import { selectOpenConversation, threadRows } from '../store/selectors';
import { useApp } from '../storeContext';
import { Avatar } from './Avatar';
import { ContactNameDialog } from './ContactNameDialog';
import { ThreadComposer } from './Composer';
import { Icon } from './Icon';
import { Lightbox } from './Lightbox';
import { LightboxContext } from './MediaAttachment';
import { MessageBubble } from './MessageBubble';

const nearEdge = 400;

export function Thread({ onBack }: { onBack: () => void }) {
  const thread = useApp((s) => s.thread);
  const conversation = useApp(selectOpenConversation);
  const numbers = useApp((s) => s.numbers);
  const pendingDeletes = useApp((s) => s.pendingDeletes);
  const setConversationRead = useApp((s) => s.setConversationRead);
  const setMuted = useApp((s) => s.setMuted);
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
          <p>Use ↑ ↓ or j k to move, Enter to open, and Ctrl K to search every text.</p>
        </div>
      </section>
    );
  }

  const party = conversation ? conversationName(conversation) : '';
  const members = conversation ? participantsLine(conversation) : null;
  const number = conversation ? numbers.find((n) => n.id === conversation.numberId) : undefined;
  const unread = (conversation?.unreadCount ?? 0) > 0;
  const capabilitiesProvider = providerOfAccount(accounts, conversation?.accountId ?? thread.messages[0]?.accountId ?? -1);
  const capabilities = capabilitiesOf(capabilitiesProvider);
  const named = !!conversation && !conversation.isGroup && !!conversation.remoteName;
  const optOut = conversation ? optOutWarning(conversation, capabilitiesProvider) : null;
  // Only a phone number can have a contact: not a group, not a short code.
  const canName = !!conversation && !conversation.isGroup && /^\+\d{7,15}$/.test(conversation.remote);
  // Where the server keeps read state per conversation and cannot make it unread again, "Mark
  // unread" would be undone by the next sync: it is not offered. Without server read state
  // (Sendblue) this device's state is the only one, so it is.
  const canMarkUnread = capabilities.markUnread || capabilities.readState === 'none';
  return (
    <section className="thread" aria-label={`Conversation with ${party}`}>
      <header className="thread-header">
        <button type="button" className="icon-button back-button" aria-label="Back to conversations" onClick={onBack}>
          <Icon name="back" />
        </button>
        {conversation && <Avatar remote={conversation.remote} display={party} size={36} group={!!conversation.isGroup} />}
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
            {(unread || canMarkUnread) && (
              <button type="button" className="button" onClick={() => void setConversationRead(conversation.id, unread)}>
                {unread ? 'Mark read' : 'Mark unread'}
              </button>
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
              aria-label={conversation.muted ? 'Unmute conversation' : 'Mute conversation'}
              aria-pressed={conversation.muted}
              onClick={() => void setMuted(conversation.id, !conversation.muted)}
            >
              <Icon name="bellOff" />
            </button>
          </div>
        )}
      </header>
      {naming && conversation && (
        <ContactNameDialog phone={conversation.remote} numberId={conversation.numberId} current={conversation.remoteName ?? null} onClose={() => setNaming(false)} />
      )}
      <MessageLog key={`${thread.conversationId}:${thread.highlight?.messageId ?? ""}`} pendingDeletes={pendingDeletes} />
      <ThreadComposer key={thread.conversationId} conversationId={thread.conversationId} />
    </section>
  );
}

function MessageLog({ pendingDeletes }: { pendingDeletes: number[] }) {
  const thread = useApp((s) => s.thread)!;
  const group = useApp((s) => !!selectOpenConversation(s)?.isGroup);
  const loadOlder = useApp((s) => s.loadOlder);
  const loadNewer = useApp((s) => s.loadNewer);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => threadRows(thread.messages, pendingDeletes), [thread.messages, pendingDeletes]);
  const [lightbox, setLightbox] = useState<number | null>(null);
  const atBottom = useRef(true);
  const positioned = useRef(false);
  const previous = useRef<{ firstMessageId: number | null; total: number; count: number }>({ firstMessageId: null, total: 0, count: 0 });

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => {
      const row = rows[index]!;
      if (row.kind === 'day') return 44;
      return (row.message.media.length > 0 ? 230 : 0) + (row.message.text ? 44 : 0) + (row.lastOfGroup ? 22 : 4);
    },
    overscan: 6,
    getItemKey: (index) => rows[index]!.key,
    paddingStart: 12,
    useFlushSync: false,
    paddingEnd: 12,
  });

  const highlightIndex = thread.highlight ? rows.findIndex((r) => r.kind === 'message' && r.message.id === thread.highlight!.messageId) : -1;

  // Keep the view still when older texts are put above it, follow new texts when at the bottom,
  // and land on the search hit or the newest text when the thread first loads.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || thread.loading || rows.length === 0) return;
    const firstMessage = thread.messages[0]?.id ?? null;
    const total = virtualizer.getTotalSize();
    const prev = previous.current;
    if (!positioned.current) {
      positioned.current = true;
      if (highlightIndex >= 0) virtualizer.scrollToIndex(highlightIndex, { align: 'center' });
      else virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    } else if (prev.firstMessageId !== null && firstMessage !== null && firstMessage < prev.firstMessageId) {
      el.scrollTop += total - prev.total;
    } else if (rows.length > prev.count && atBottom.current) {
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    }
    previous.current = { firstMessageId: firstMessage, total, count: rows.length };
  }, [rows, thread.loading, thread.messages, highlightIndex, virtualizer]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
    if (!positioned.current) return;
    if (el.scrollTop < nearEdge) void loadOlder();
    if (el.scrollHeight - el.scrollTop - el.clientHeight < nearEdge) void loadNewer();
  }, [loadOlder, loadNewer]);

  const images = useMemo(() => {
    const hidden = new Set(pendingDeletes);
    const list: Media[] = [];
    for (const message of thread.messages) {
      if (hidden.has(message.id)) continue;
      for (const media of message.media) if (mediaKind(media.contentType) === 'image') list.push(media);
    }
    return list;
  }, [thread.messages, pendingDeletes]);
  const openLightbox = useCallback((mediaId: number) => {
    const index = images.findIndex((m) => m.id === mediaId);
    if (index >= 0) setLightbox(index);
  }, [images]);

  const items = virtualizer.getVirtualItems();
  return (
    <LightboxContext.Provider value={openLightbox}>
      {thread.error && (
        <div className="inline-error" role="alert">
          {thread.error}
        </div>
      )}
      <div ref={scrollRef} className="message-log" role="log" aria-label="Messages" tabIndex={0} onScroll={onScroll}>
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
        {!thread.loading && rows.length === 0 && <div className="empty-list">No texts in this conversation.</div>}
      </div>
      {lightbox !== null && images[lightbox] && (
        <Lightbox images={images} index={lightbox} onIndex={setLightbox} onClose={() => setLightbox(null)} />
      )}
    </LightboxContext.Provider>
  );
}
