import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { Message } from '../../shared/model';
import type { Range } from '../../shared/search';
import { clockTime, formatParty, fullDate, mediaLabel } from '../lib/format';
import { findLinks } from '../lib/links';
import { providerOfAccount, senderName, tapbacks, whyNoTextRead } from '../lib/providers';
import { providerInfo } from '../../shared/providers';
import { useApp } from '../storeContext';
import { Icon } from './Icon';
import { LinkedText } from './LinkedText';
import { MediaAttachment } from './MediaAttachment';
import { deliveryLabel, SendAgain, SendState } from './SendState';
import { Menu, type MenuItem } from './Menu';

export const MessageBubble = memo(function MessageBubble({
  message,
  highlights,
  firstOfGroup,
  lastOfGroup,
  group = false,
}: {
  message: Message;
  highlights: Range[] | null;
  firstOfGroup: boolean;
  lastOfGroup: boolean;
  /** A group conversation: inbound texts say who sent them. */
  group?: boolean;
}) {
  const [menuOpen, setMenuOpen] = useState(false);
  const actionsRef = useRef<HTMLButtonElement>(null);
  const setMessageRead = useApp((s) => s.setMessageRead);
  const startConversation = useApp((s) => s.startConversation);
  const deleteMessage = useApp((s) => s.deleteMessage);
  const pushToast = useApp((s) => s.pushToast);
  const provider = useApp((s) => providerOfAccount(s.accounts, message.accountId));
  const { name: providerName, capabilities } = providerInfo[provider];
  const inbound = message.direction === 'inbound';
  // Read state per conversation (Linq, Heymarket): a per-text toggle would not reach the server.
  const noTextRead = whyNoTextRead(provider);
  const label = inbound ? (group && message.sender ? senderName(message.sender, message.senderName) : null) : (message.author ?? null);
  const reactions = message.reactions && message.reactions.length > 0 ? tapbacks(message.reactions) : [];
  const hasText = !!message.text && message.text.length > 0;
  const unsent = !inbound && !!message.send;
  const stuck = unsent && (message.send!.state === 'failed' || message.send!.state === 'refused');
  const delivery = !inbound && message.deliveryStatus ? deliveryLabel(message.deliveryStatus) : null;
  const links = useMemo(() => (hasText ? findLinks(message.text!) : []), [hasText, message.text]);
  const closeMenu = useCallback(() => setMenuOpen(false), []);
  // Stable while the menu is open, so the menu is not placed again on every re-render of the text.
  const menuAnchor = useMemo(() => ({ element: actionsRef.current ?? document.body }), [menuOpen]);
  const who = inbound ? (group && message.sender ? senderName(message.sender, message.senderName) : 'Them') : 'You';
  const spoken = `${who}, ${fullDate(message.createdAt)}: ${hasText ? message.text : ''}${message.media.length > 0 ? ` ${message.media.map((m) => mediaLabel(m.contentType)).join(', ')}` : ''}${inbound && !message.isRead ? ', unread' : ''}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(message.text ?? '');
      pushToast({ kind: 'info', text: 'Copied' }, 2000);
    } catch {
      pushToast({ kind: 'error', text: 'The clipboard is not available here.' });
    }
  }

  return (
    <div
      className={`message ${inbound ? 'inbound' : 'outbound'}${firstOfGroup ? ' first' : ''}${lastOfGroup ? ' last' : ''}${highlights ? ' is-hit' : ''}${inbound && !message.isRead ? ' is-unread' : ''}${unsent ? ' is-unsent' : ''}${stuck ? ' is-stuck' : ''}`}
      data-message-id={message.id}
      id={`message-${message.id}`}
      role="article"
      aria-label={spoken}
      // Reached with the arrow keys inside the thread (one tab stop for the whole thread).
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === 'Enter' || event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
          event.preventDefault();
          setMenuOpen(true);
        }
      }}
    >
      <div className="message-stack">
        {firstOfGroup && label && <div className="message-author">{label}</div>}
        {message.media.length > 0 && (
          <div className="message-media">
            {message.media.map((media) => (
              <MediaAttachment key={media.id} media={media} />
            ))}
          </div>
        )}
        {hasText && (
          <div className="bubble">
            <span className="bubble-text">
              <LinkedText text={message.text!} ranges={highlights ?? []} />
            </span>
          </div>
        )}
        {reactions.length > 0 && (
          <ul className="reactions" aria-label="Reactions">
            {reactions.map((r) => (
              <li key={r.emoji} className={r.mine ? 'reaction is-mine' : 'reaction'} title={r.who.join(', ')} aria-label={`${r.emoji} ${r.count}: ${r.who.join(', ')}`}>
                <span aria-hidden="true">{r.emoji}</span>
                {r.count > 1 && <span className="reaction-count" aria-hidden="true">{r.count}</span>}
              </li>
            ))}
          </ul>
        )}
        {unsent && <SendState message={message} />}
        {lastOfGroup && !unsent && (
          <div className="message-meta">
            {inbound && !message.isRead && <span className="unread-dot" aria-label="Unread" />}
            <time dateTime={message.createdAt} title={fullDate(message.createdAt)}>
              {clockTime(message.createdAt)}
            </time>
            {message.service && <span className={`service service-${message.service.toLowerCase()}`}>· {message.service}</span>}
            {delivery && <span className={delivery.tone === 'failed' ? 'delivery is-failed' : 'delivery'}>· {delivery.text}</span>}
            {delivery?.tone === 'failed' && message.text && <SendAgain message={message} />}
          </div>
        )}
      </div>
      <div className="message-actions">
        {/* Not a tab stop: the thread is one (arrows move between texts, Enter opens this menu). */}
        <button
          ref={actionsRef}
          type="button"
          tabIndex={-1}
          className="icon-button small"
          aria-label="Text actions"
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen((open) => !open)}
        >
          <Icon name="more" />
        </button>
        {menuOpen && (
          <Menu
            label="Text actions"
            anchor={menuAnchor}
            onClose={closeMenu}
            items={[
              inbound && {
                label: message.isRead ? 'Mark unread' : 'Mark read',
                icon: 'unread',
                run: () => void setMessageRead(message.id, !message.isRead),
                ...(noTextRead ? { unavailable: noTextRead } : {}),
              },
              hasText && { label: 'Copy text', icon: 'copy', run: () => void copy() },
              ...links.slice(0, 3).map(
                (link): MenuItem => ({
                  label: link.kind === 'phone' ? `Text ${formatParty(link.e164)}` : `Open ${message.text!.slice(link.start, link.end)}`,
                  icon: link.kind === 'phone' ? 'phone' : 'link',
                  run: () => {
                    if (link.kind === 'phone') void startConversation(link.e164);
                    else window.open(link.href, '_blank', 'noopener,noreferrer');
                  },
                }),
              ),
              // Undo, not a confirmation: the toast offers it for a few seconds, as every mail client does.
              // An unsent text is cancelled from under its bubble (Delete), not deleted on the server.
              !unsent &&
                (capabilities.delete
                  ? { label: 'Delete', icon: 'trash', danger: true, run: () => deleteMessage(message.id) }
                  : {
                      label: 'Hide on this device',
                      icon: 'trash',
                      run: () => deleteMessage(message.id, { hideOnly: true, why: `${providerName} cannot delete texts; it stays on the server.` }),
                    }),
            ]}
          />
        )}
      </div>
    </div>
  );
});
