import type { SentMessageLookup } from './adapter';
import type { RemoteMessage } from './types';

/**
 * A body as servers may hand it back: line endings, surrounding space and Unicode composition
 * are not trusted to survive the trip, so texts are compared in this form.
 */
export function comparableBody(text: string | null): string | null {
  return text === null ? null : text.replace(/\r\n?/g, '\n').trim().normalize('NFC');
}

/**
 * Finds the text a lost answer was about, among a conversation's newest texts. Without an
 * idempotency key it is the oldest outbound text with the same body, created since the send
 * began, that the cache does not already hold as another text.
 */
export function matchSent<T extends Pick<RemoteMessage, 'id' | 'direction' | 'text' | 'createdAt'>>(
  texts: readonly T[],
  lookup: SentMessageLookup,
): T | null {
  const candidates = texts
    .filter((text) => text.direction === 'outbound' && comparableBody(text.text) === comparableBody(lookup.text))
    .filter((text) => Date.parse(text.createdAt) >= lookup.since && !lookup.isKnown(text.id))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  return candidates[0] ?? null;
}
