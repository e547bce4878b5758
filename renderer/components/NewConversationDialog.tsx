import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { PhoneNumber } from '../../shared/model';
import { providerInfo } from '../../shared/providers';
import { formatParty } from '../lib/format';
import { useApp } from '../storeContext';
import { canSend, MessageBox, sendBlockedReason, TextCounter } from './Composer';
import './compose.css';

/** The country a sending number is in: the default for a recipient typed without a country code. */
export function countryOf(phoneNumber: string): CountryCode | undefined {
  return parsePhoneNumberFromString(phoneNumber)?.country;
}

const regionNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(undefined, { type: 'region' }) : null;

export type RecipientCheck =
  | { kind: 'empty'; note: string }
  | { kind: 'ok'; e164: string; note: string }
  /** Possible but not an assigned number (test ranges such as 555-01xx): the server decides. */
  | { kind: 'warning'; e164: string; note: string }
  | { kind: 'error'; note: string };

const lengthProblems: Record<string, string> = {
  TOO_SHORT: 'is too short for a phone number',
  TOO_LONG: 'is too long for a phone number',
  INVALID_LENGTH: 'has the wrong number of digits',
  INVALID_COUNTRY: 'needs a country code (start it with +)',
  NOT_A_NUMBER: 'is not a phone number',
};

/** What the To field says as the user types: the number it will text, or what is wrong. */
export function checkRecipient(input: string, country: CountryCode | undefined): RecipientCheck {
  const typed = input.trim();
  if (typed === '') return { kind: 'empty', note: `Type a phone number in any format${country ? `; without a country code it is read as ${regionNames?.of(country) ?? country}` : ''}.` };
  if (!/\d/.test(typed)) return { kind: 'error', note: `“${typed}” is not a phone number.` };
  const parsed = parsePhoneNumberFromString(typed, country);
  if (parsed?.isValid()) {
    const region = parsed.country ? (regionNames?.of(parsed.country) ?? parsed.country) : null;
    return { kind: 'ok', e164: parsed.number, note: `Texts ${parsed.formatInternational()}${region ? ` (${region})` : ''}.` };
  }
  if (parsed?.isPossible()) {
    return { kind: 'warning', e164: parsed.number, note: `${parsed.formatInternational()} is not a number in use anywhere we know of; the server will check it.` };
  }
  const problem = validatePhoneNumberLength(typed, country);
  return { kind: 'error', note: `“${typed}” ${lengthProblems[problem ?? 'NOT_A_NUMBER'] ?? lengthProblems.NOT_A_NUMBER}.` };
}

function numberLabel(number: PhoneNumber): string {
  const formatted = formatParty(number.phoneNumber);
  return number.label ? `${number.label} · ${formatted}` : formatted;
}

/** New conversation (Ctrl+N): which number sends, to whom in any format, the first text. */
export function NewConversationDialog() {
  const numbers = useApp((s) => s.numbers);
  const accounts = useApp((s) => s.accounts);
  const conversations = useApp((s) => s.conversations);
  const scopeNumberId = useApp((s) => s.scopeNumberId);
  const draft = useApp((s) => s.newConversation);
  const patch = useApp((s) => s.patchNewConversation);
  const open = useApp((s) => s.openNewConversation);
  const sendNewConversation = useApp((s) => s.sendNewConversation);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const toRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const fromId = useId();
  const toId = useId();
  const toNoteId = useId();
  const fromNoteId = useId();
  const counterId = useId();
  const textId = useId();

  const choices = useMemo(
    () =>
      numbers.map((number) => {
        const provider = accounts.find((a) => a.id === number.accountId)?.provider ?? number.provider;
        return { number, provider, blocked: sendBlockedReason(provider, number) };
      }),
    [numbers, accounts],
  );
  const fallback = choices.find((c) => c.number.id === scopeNumberId && !c.blocked) ?? choices.find((c) => !c.blocked) ?? choices[0];
  const chosen = choices.find((c) => c.number.id === draft.numberId) ?? fallback;
  const country = chosen ? countryOf(chosen.number.phoneNumber) : undefined;
  const recipient = checkRecipient(draft.to, country);
  const existing =
    chosen && (recipient.kind === 'ok' || recipient.kind === 'warning')
      ? conversations.find((c) => c.numberId === chosen.number.id && c.remote === recipient.e164)
      : undefined;
  const complete = !!chosen && !chosen.blocked && recipient.kind !== 'empty' && recipient.kind !== 'error' && canSend(draft.text);
  const ready = complete && !sending;

  // Focus goes to the recipient (the number is already chosen) and comes back where it was on close.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    toRef.current?.focus();
    return () => before?.focus?.();
  }, []);
  // Escape closes it wherever focus is (even if it fell to the page behind).
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      open(false);
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open]);

  async function send() {
    if (!ready || !chosen) return;
    setSending(true);
    setError(null);
    const result = await sendNewConversation({ numberId: chosen.number.id, to: draft.to, text: draft.text });
    if ('error' in result) {
      setSending(false);
      setError(result.error);
      return;
    }
    // Closed by now; the conversation it opened is where the user goes on typing.
    requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>('.composer .message-box')?.focus());
  }

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key !== 'Tab') return;
    // Focus stays in the dialog while it is open.
    const focusable = [...(dialogRef.current?.querySelectorAll<HTMLElement>('select, input, textarea, button:not(:disabled)') ?? [])];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  return (
    <div className="modal-backdrop" onClick={() => open(false)}>
      <div
        ref={dialogRef}
        className="modal new-conversation-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>New conversation</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <div className="field">
            <label htmlFor={fromId}>
              <span>From</span>
            </label>
            <select
              id={fromId}
              value={chosen?.number.id ?? ''}
              aria-describedby={fromNoteId}
              onChange={(event) => patch({ numberId: Number(event.target.value) })}
            >
              {accounts.map((account) => {
                const own = choices.filter((c) => c.number.accountId === account.id);
                if (own.length === 0) return null;
                return (
                  <optgroup key={account.id} label={`${account.label} · ${providerInfo[account.provider].name}`}>
                    {own.map(({ number, provider, blocked }) => (
                      <option key={number.id} value={number.id}>
                        {numberLabel(number)} · {providerInfo[provider].name}
                        {blocked ? ' (cannot send)' : ''}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
            <span id={fromNoteId} className={chosen?.blocked ? 'field-note is-error' : 'field-note'} role={chosen?.blocked ? 'alert' : undefined}>
              {chosen?.blocked ?? ''}
            </span>
          </div>
          <div className="field">
            <label htmlFor={toId}>
              <span>To</span>
            </label>
            <input
              ref={toRef}
              id={toId}
              type="tel"
              autoComplete="off"
              placeholder={country === 'US' || !country ? '(415) 555-0132 or +44 20 7946 0321' : '+1 415 555 0132'}
              value={draft.to}
              aria-invalid={recipient.kind === 'error'}
              aria-describedby={toNoteId}
              onChange={(event) => patch({ to: event.target.value })}
            />
            <span id={toNoteId} className={`field-note is-${recipient.kind}`} aria-live="polite">
              {recipient.note}
              {existing ? ' You already have a conversation with them on this number; the text goes there.' : ''}
            </span>
          </div>
          <div className="field">
            <label htmlFor={textId}>
              <span>Message</span>
            </label>
            <MessageBox
              id={textId}
              value={draft.text}
              onChange={(text) => patch({ text })}
              onSend={() => void send()}
              placeholder="First text"
              describedBy={counterId}
            />
          </div>
          <div className="composer-foot">
            <TextCounter id={counterId} text={draft.text} sms={!!chosen && providerInfo[chosen.provider].capabilities.sms} />
            <span className="composer-hint">Enter to send · Shift+Enter for a new line</span>
          </div>
          {error && (
            <p className="inline-error" role="alert">
              Not sent: {error}
            </p>
          )}
          <div className="modal-actions">
            <button type="button" className="button" onClick={() => open(false)}>
              Cancel
            </button>
            {/* Not disabled while sending: the focus it holds must not fall out of the dialog. */}
            <button type="submit" className="button button-primary" disabled={!complete} aria-busy={sending}>
              {sending ? 'Sending…' : 'Send'}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
