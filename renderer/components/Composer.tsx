import { forwardRef, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Conversation, Message, PhoneNumber, ProviderKind } from '../../shared/model';
import { providerInfo } from '../../shared/providers';
import { conversationName, optOutWarning, providerOfAccount } from '../lib/providers';
import { countSegments } from '../lib/segments';
import { selectOpenConversation } from '../store/selectors';
import { useApp, useClient } from '../storeContext';
import { Icon } from './Icon';
import { sendStateText } from './SendState';
import './compose.css';

/** What message:send takes (the contract's limit, in UTF-16 code units as zod counts them). */
export const maxTextLength = 5000;

/** Why this number cannot send from here, in one sentence; null when it can. */
export function sendBlockedReason(provider: ProviderKind, number: PhoneNumber | undefined): string | null {
  if (!providerInfo[provider].capabilities.send) return `${providerInfo[provider].name} cannot send texts from Textdesk.`;
  if (!number) return null;
  if (number.status === 'unavailable') return 'This number is no longer on the account, so it cannot send.';
  return number.sendBlockedReason ?? null;
}

/**
 * Enter sends, Shift+Enter starts a new line. While an input method is composing (Japanese,
 * Chinese, Korean...), Enter confirms the candidate and must not send: the event says so in
 * isComposing, and Safari's Enter after compositionend still carries keyCode 229.
 */
export function isSendKey(event: KeyboardEvent<HTMLTextAreaElement>, composing: boolean): boolean {
  if (event.key !== 'Enter' || event.shiftKey || event.altKey) return false;
  return !(composing || event.nativeEvent.isComposing || event.keyCode === 229);
}

/** The counter under a box: SMS segments where the provider sends SMS, and the length limit. */
export function TextCounter({ id, text, sms }: { id: string; text: string; sms: boolean }) {
  const length = text.trim().length;
  if (length > maxTextLength) {
    return (
      <span id={id} className="text-counter is-over">
        Too long: {length.toLocaleString()} of {maxTextLength.toLocaleString()} characters
      </span>
    );
  }
  if (!sms || text.length === 0) return <span id={id} className="text-counter" />;
  const count = countSegments(text);
  const unicode = count.encoding === 'UCS-2';
  const title = unicode
    ? `“${count.unicodeCharacter}” is not in the GSM alphabet, so this text goes as Unicode: ${count.segments === 1 ? 70 : 67} characters a segment.`
    : `GSM alphabet: ${count.segments <= 1 ? 160 : 153} characters a segment; ^ { } [ ] ~ | € \\ count double.`;
  return (
    <span id={id} className={count.segments > 1 ? 'text-counter is-multi' : 'text-counter'} title={title}>
      {count.segments} {count.segments === 1 ? 'segment' : 'segments'} · {count.remaining} left
      {unicode && <span className="text-counter-unicode"> · Unicode</span>}
    </span>
  );
}

interface MessageBoxProps {
  /** With an id the box is named by a visible <label for>; without, by aria-label. */
  id?: string;
  value: string;
  onChange: (text: string) => void;
  onSend: () => void;
  label?: string;
  placeholder?: string;
  describedBy?: string;
  disabled?: boolean;
}

/** The text box of the composer and the New conversation dialog: grows with its text, Enter sends. */
export const MessageBox = forwardRef<HTMLTextAreaElement, MessageBoxProps>(function MessageBox(
  { id, value, onChange, onSend, label = 'Message', placeholder, describedBy, disabled },
  ref,
) {
  const own = useRef<HTMLTextAreaElement | null>(null);
  const composing = useRef(false);
  useLayoutEffect(() => {
    const el = own.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 180)}px`;
  }, [value]);
  return (
    <textarea
      ref={(el) => {
        own.current = el;
        if (typeof ref === 'function') ref(el);
        else if (ref) ref.current = el;
      }}
      id={id}
      className="message-box"
      aria-label={id ? undefined : label}
      aria-describedby={describedBy}
      placeholder={placeholder}
      rows={1}
      value={value}
      disabled={disabled}
      spellCheck
      onChange={(event) => onChange(event.target.value)}
      onCompositionStart={() => (composing.current = true)}
      onCompositionEnd={() => (composing.current = false)}
      onKeyDown={(event) => {
        if (!isSendKey(event, composing.current)) return;
        event.preventDefault();
        onSend();
      }}
    />
  );
});

export function canSend(text: string): boolean {
  const body = text.trim();
  return body.length > 0 && body.length <= maxTextLength;
}

/**
 * The composer of the open thread. Its conversation is normally in the list; one opened from a
 * notification or a search under another filter may not be, and is then read from main.
 */
export function ThreadComposer({ conversationId }: { conversationId: number }) {
  const listed = useApp((s) => {
    const open = selectOpenConversation(s);
    return open?.id === conversationId ? open : null;
  });
  const client = useClient();
  const [fetched, setFetched] = useState<Conversation | null>(null);
  useEffect(() => {
    if (listed) return;
    let live = true;
    client.call('conversations:get', { conversationId }).then(
      (conversation) => live && setFetched(conversation),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client, conversationId, listed]);
  const conversation = listed ?? (fetched?.id === conversationId ? fetched : null);
  return conversation ? <Composer conversation={conversation} /> : null;
}

/** The box under a thread: its draft, the counter, Send; or why this number cannot send. */
export function Composer({ conversation }: { conversation: Conversation }) {
  const conversationId = conversation.id;
  const provider = useApp((s) => providerOfAccount(s.accounts, conversation.accountId));
  const number = useApp((s) => s.numbers.find((n) => n.id === conversation.numberId));
  const draft = useApp((s) => s.drafts[conversationId]);
  const error = useApp((s) => s.sendErrors[conversationId] ?? null);
  const setDraft = useApp((s) => s.setDraft);
  const flushDrafts = useApp((s) => s.flushDrafts);
  const sendReply = useApp((s) => s.sendReply);
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const counterId = useId();
  const errorId = useId();
  const warningId = useId();
  const text = draft ?? conversation.draft ?? '';

  // Leaving the conversation (or the thread) writes its draft at once rather than after the debounce.
  useEffect(() => () => flushDrafts(), [conversationId, flushDrafts]);

  const blocked = sendBlockedReason(provider, number);
  if (blocked) {
    return (
      <div className="composer composer-blocked" role="note" aria-label="Cannot send">
        <Icon name="alert" size={16} />
        <span>{blocked}</span>
      </div>
    );
  }

  const sms = providerInfo[provider].capabilities.sms;
  // The address book says the party opted out: the provider will refuse it, so say so first.
  const optOut = optOutWarning(conversation, provider);
  const ready = canSend(text);
  function send() {
    if (!ready) return;
    void sendReply(conversationId, text).then(() => boxRef.current?.focus());
  }
  return (
    <form
      className="composer"
      aria-label="Reply"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {error && (
        <p id={errorId} className="composer-error" role="alert">
          Not sent: {error} Your text is back in the box.
        </p>
      )}
      {optOut && (
        <p id={warningId} className="composer-warning" role="note" aria-label="Opted out">
          {optOut}.
        </p>
      )}
      <div className="composer-row">
        <MessageBox
          ref={boxRef}
          value={text}
          onChange={(value) => setDraft(conversationId, value)}
          onSend={send}
          placeholder={`Text ${conversationName(conversation)}`}
          describedBy={[counterId, error ? errorId : null, optOut ? warningId : null].filter(Boolean).join(' ')}
        />
        <button type="submit" className="button button-primary send-button" disabled={!ready}>
          <Icon name="send" size={16} />
          Send
        </button>
      </div>
      <div className="composer-foot">
        <TextCounter id={counterId} text={text} sms={sms} />
        <span className="composer-hint">Enter to send · Shift+Enter for a new line</span>
      </div>
      <SendFailureAnnouncer conversationId={conversationId} />
    </form>
  );
}

/**
 * A text that fails after it left the box (the outbox gave up, the server refused it) is said
 * aloud once, politely: the bubble shows it, but a screen reader user may be elsewhere.
 */
function SendFailureAnnouncer({ conversationId }: { conversationId: number }) {
  const messages = useApp((s) => (s.thread?.conversationId === conversationId ? s.thread.messages : null));
  const seen = useRef<Set<number> | null>(null);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (!messages) return;
    const failed = messages.filter((m): m is Message & { send: NonNullable<Message['send']> } => m.send?.state === 'failed' || m.send?.state === 'refused');
    // What had already failed when the thread opened is on screen, not news.
    if (seen.current === null) {
      seen.current = new Set(failed.map((m) => m.id));
      return;
    }
    const fresh = failed.filter((m) => !seen.current!.has(m.id));
    for (const m of fresh) seen.current.add(m.id);
    for (const id of [...seen.current]) if (!failed.some((m) => m.id === id)) seen.current.delete(id);
    if (fresh.length > 0) setAnnouncement(fresh.map((m) => `A text was not sent. ${sendStateText(m.send).replace(/\.$/, '')}.`).join(' '));
  }, [messages]);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true">
      {announcement}
    </div>
  );
}
