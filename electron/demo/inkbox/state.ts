import type { Business } from '../../demo/inkbox/content/scripts';
import type { Party } from '../../demo/inkbox/content/render';

/**
 * The server's in-memory database. Deleted texts stay in place with a flag, as a provider's
 * soft delete does, so that every read path has to exclude them.
 */

export interface MediaObject {
  /** The S3-style object key the presigned URL names. */
  key: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface TextRecord {
  id: string;
  direction: 'inbound' | 'outbound';
  remote: string;
  text: string | null;
  /** Empty for SMS. */
  media: MediaObject[];
  isRead: boolean;
  deleted: boolean;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** Outbound only. */
  deliveryStatus: 'queued' | 'sent' | 'delivered' | 'failed' | null;
  /** A text sent through the API: its status moves on by itself (demo/send.ts). */
  deliverySteps?: { stepMs: number; fail: boolean };
}

export interface NumberRecord {
  id: string;
  number: string;
  type: 'local' | 'toll_free';
  /** pending while the number registers for SMS: it cannot send yet (409 sender_sms_pending). */
  smsStatus?: 'ready' | 'pending';
  createdAt: number;
  updatedAt: number;
  business: Business;
  /** Newest first (created_at desc, then id), deleted texts included. */
  texts: TextRecord[];
  byId: Map<string, TextRecord>;
  parties: Map<string, Party>;
  conversationIds: Map<string, string>;
}

export interface DemoState {
  /** In the order GET /numbers lists them. */
  numbers: NumberRecord[];
  released: Set<string>;
  media: Map<string, MediaObject>;
}

export function compareNewestFirst(a: TextRecord, b: TextRecord): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Keeps texts sorted without re-sorting thousands of them per arrival. */
export function insertText(number: NumberRecord, text: TextRecord): void {
  let low = 0;
  let high = number.texts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const existing = number.texts[middle];
    if (existing && compareNewestFirst(existing, text) < 0) low = middle + 1;
    else high = middle;
  }
  number.texts.splice(low, 0, text);
  number.byId.set(text.id, text);
}

/** The number, unless it never existed or was released. */
export function findNumber(state: DemoState, id: string): NumberRecord | undefined {
  if (state.released.has(id)) return undefined;
  return state.numbers.find((number) => number.id === id);
}

export function requireNumber(state: DemoState, id: string): NumberRecord {
  const number = findNumber(state, id);
  if (!number) throw new Error(state.released.has(id) ? `Number ${id} was released` : `Unknown number ${id}`);
  return number;
}

/** A text that is neither unknown nor deleted. */
export function findText(number: NumberRecord, id: string): TextRecord | undefined {
  const text = number.byId.get(id);
  return text && !text.deleted ? text : undefined;
}

export function requireText(number: NumberRecord, id: string): TextRecord {
  const text = number.byId.get(id);
  if (!text) throw new Error(`Unknown text ${id} on number ${number.id}`);
  return text;
}

export function activeNumbers(state: DemoState): NumberRecord[] {
  return state.numbers.filter((number) => !state.released.has(number.id));
}

/** Arrivals get a time after every existing text, so they land at the head even with a frozen clock. */
export function arrivalTime(number: NumberRecord, now: number): number {
  const newest = number.texts[0];
  return newest && newest.createdAt >= now ? newest.createdAt + 1 : now;
}
