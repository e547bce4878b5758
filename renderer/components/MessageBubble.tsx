import { memo, useEffect, useRef, useState } from 'react';
import type { Message } from '../../shared/model';
import type { Range } from '../../shared/search';
import { clockTime, fullDate } from '../lib/format';
import { providerOfAccount, senderName, tapbacks } from '../lib/providers';
import { providerInfo } from '../../shared/providers';
import { useApp } from '../storeContext';
import { ConfirmDialog } from './ConfirmDialog';
import { Highlighted } from './Highlighted';
import { Icon } from './Icon';
import { MediaAttachment } from './MediaAttachment';
import { deliveryLabel, SendAgain, SendState } from './SendState';

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
  const [confirming, setConfirming] = useState(false);
  const setMessageRead = useApp((s) => s.setMessageRead);
  const deleteMessage = useApp((s) => s.deleteMessage);
  const pushToast = useApp((s) => s.pushToast);
  const provider = useApp((s) => providerOfAccount(s.accounts, message.accountId));
  const { name: providerName, capabilities } = providerInfo[provider];
  const inbound = message.direction === 'inbound';
  // Read state per conversation (Linq, Heymarket): a per-text toggle would not reach the server.
  const perTextRead = capabilities.readState !== 'conversation';
  const label = inbound ? (group && message.sender ? senderName(message.sender, message.senderName) : null) : (message.author ?? null);
  const reactions = message.reactions && message.reactions.length > 0 ? tapbacks(message.reactions) : [];
  const hasText = !!message.text && message.text.length > 0;
  const unsent = !inbound && !!message.send;
  const stuck = unsent && (message.send!.state === 'failed' || message.send!.state === 'refused');
  const delivery = !inbound && message.deliveryStatus ? deliveryLabel(message.deliveryStatus) : null;

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
              <Highlighted text={message.text!} ranges={highlights ?? []} />
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
        <button
          type="button"
          className="icon-button small"
          aria-label="Text actions"
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen((open) => !open)}
        >
          <Icon name="more" />
        </button>
        {menuOpen && (
          <MessageMenu
            onClose={() => setMenuOpen(false)}
            items={[
              inbound &&
                perTextRead && {
                  label: message.isRead ? 'Mark unread' : 'Mark read',
                  icon: 'unread' as const,
                  run: () => void setMessageRead(message.id, !message.isRead),
                },
              hasText && { label: 'Copy text', icon: 'copy' as const, run: () => void copy() },
              // An unsent text is cancelled from under its bubble (Delete), not deleted on the server.
              !unsent &&
                (capabilities.delete
                ? { label: 'Delete', icon: 'trash' as const, danger: true, run: () => setConfirming(true) }
                : { label: 'Hide on this device', icon: 'trash' as const, run: () => setConfirming(true) }),
            ]}
          />
        )}
      </div>
      {confirming &&
        (capabilities.delete ? (
          <ConfirmDialog
            title="Delete this text?"
            body="It is removed from this computer and from the server. You can undo for a few seconds."
            confirmLabel="Delete"
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              deleteMessage(message.id);
            }}
          />
        ) : (
          <ConfirmDialog
            title="Hide this text on this device?"
            body={`${providerName} cannot delete texts, so it stays on the server and on other devices. You can undo for a few seconds.`}
            confirmLabel="Hide"
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              deleteMessage(message.id, { hideOnly: true });
            }}
          />
        ))}
    </div>
  );
});

type MenuItem = { label: string; icon: 'unread' | 'copy' | 'trash'; danger?: boolean; run: () => void };

function MessageMenu({ items, onClose }: { items: Array<MenuItem | false>; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = items.filter((item): item is MenuItem => !!item);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    function onPointer(event: PointerEvent) {
      if (!ref.current?.contains(event.target as Node)) onClose();
    }
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [onClose]);

  function onKeyDown(event: React.KeyboardEvent) {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown') buttons[(at + 1) % buttons.length]?.focus();
    else if (event.key === 'ArrowUp') buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
    else if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div ref={ref} className="menu" role="menu" aria-label="Text actions" onKeyDown={onKeyDown}>
      {shown.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          className={item.danger ? 'menu-item danger' : 'menu-item'}
          onClick={() => {
            onClose();
            item.run();
          }}
        >
          <Icon name={item.icon} size={16} />
          {item.label}
        </button>
      ))}
    </div>
  );
}
