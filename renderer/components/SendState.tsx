import { useState } from 'react';
import type { Message } from '../../shared/model';
import { clockTime, fullDate } from '../lib/format';
import { useApp } from '../storeContext';
import { Icon } from './Icon';

/** The provider's word for a text the server has, as people read it. */
export function deliveryLabel(status: string): { text: string; tone: 'ok' | 'failed' | 'neutral' } {
  switch (status.toLowerCase()) {
    case 'delivered':
      return { text: 'Delivered', tone: 'ok' };
    case 'read':
      return { text: 'Read', tone: 'ok' };
    case 'failed':
    case 'undelivered':
    case 'error':
      return { text: 'Not delivered', tone: 'failed' };
    // The server has it and has not reported delivery yet: for the user it is sent.
    case 'queued':
    case 'pending':
    case 'accepted':
    case 'sent':
    case 'sending':
      return { text: 'Sent', tone: 'neutral' };
    default:
      return { text: status.charAt(0).toUpperCase() + status.slice(1), tone: 'neutral' };
  }
}

function when(iso: string): string {
  const at = Date.parse(iso);
  return Math.abs(at - Date.now()) < 12 * 3_600_000 ? clockTime(iso) : fullDate(iso);
}

/** Where an unsent text stands, in a few words for under its bubble. */
export function sendStateLabel(send: NonNullable<Message['send']>): string {
  switch (send.state) {
    case 'queued':
      return send.nextAttemptAt ? `Waiting to send · next try at ${when(send.nextAttemptAt)}` : 'Waiting to send';
    case 'sending':
      return 'Sending…';
    case 'unknown':
      return 'Checking with the server whether it was sent…';
    case 'failed':
      return 'Not sent';
    case 'refused':
      return 'Refused';
  }
}

/** The same with the server's reason, as one sentence for screen readers. */
export function sendStateText(send: NonNullable<Message['send']>): string {
  return send.reason ? `${sendStateLabel(send)}: ${send.reason}` : sendStateLabel(send);
}

/**
 * Under an outgoing text the server does not have yet: its state in words, the reason where
 * there is one and, where the user can act, Try again (or Send now for a waiting text) and Delete.
 */
export function SendState({ message }: { message: Message }) {
  const retrySend = useApp((s) => s.retrySend);
  const cancelSend = useApp((s) => s.cancelSend);
  const send = message.send!;
  const stuck = send.state === 'failed' || send.state === 'refused';
  // A request in flight (or whose answer was lost) cannot be taken back: it may already be there.
  const inFlight = send.state === 'sending' || send.state === 'unknown';
  return (
    <div className={`send-state send-${send.state}`}>
      <div className="message-meta">
        {stuck ? <Icon name="alert" size={14} className="send-icon" /> : <Icon name="clock" size={14} className={inFlight ? 'send-icon spin-slow' : 'send-icon'} />}
        <span className="send-label">{sendStateLabel(send)}</span>
        <span aria-hidden="true">·</span>
        <time dateTime={message.createdAt} title={fullDate(message.createdAt)}>
          {clockTime(message.createdAt)}
        </time>
      </div>
      {send.reason && <div className="send-reason">{send.reason}</div>}
      {!inFlight && (
        <div className="send-actions">
          <button type="button" className="link-button" onClick={() => void retrySend(message.id)}>
            {stuck ? 'Try again' : 'Send now'}
          </button>
          <button type="button" className="link-button danger" onClick={() => void cancelSend(message.id)}>
            Delete
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * The server took a text and the carrier did not deliver it: the same words go again as a new
 * text (the failed one stays, as the server keeps it).
 */
export function SendAgain({ message }: { message: Message }) {
  const sendAgain = useApp((s) => s.sendAgain);
  // Once per click: a double click must not send two copies.
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="link-button send-again"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void sendAgain(message).finally(() => setBusy(false));
      }}
    >
      Send again
    </button>
  );
}
