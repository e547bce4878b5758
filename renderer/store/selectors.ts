import type { Message } from '../../shared/model';
import type { SearchHit } from '../../shared/search';
import { dayKey } from '../lib/format';
import type { AppState } from './types';

export const selectUnreadTotal = (state: AppState): number =>
  state.numbers.reduce((sum, number) => sum + number.unreadCount, 0);

export const selectOpenConversation = (state: AppState) =>
  state.openId === null
    ? null
    : (state.conversations.find((c) => c.id === state.openId) ??
      state.searchHits.find((h) => h.conversation.id === state.openId)?.conversation ??
      (state.openSnapshot?.id === state.openId ? state.openSnapshot : null));

export type ThreadRow =
  | { kind: 'day'; key: string; at: string }
  | { kind: 'unread'; key: string }
  | { kind: 'message'; key: string; message: Message; firstOfGroup: boolean; lastOfGroup: boolean };

/**
 * A thread's rows: a day separator before each new day, and messages grouped into runs by
 * direction (and sender, author, service) within a few minutes, so bubbles join as in every messenger.
 */
/** Parsed times per message object: rows are rebuilt on every page of older texts, dates are not. */
const times = new WeakMap<Message, { at: number; day: number }>();
function timeOf(message: Message) {
  let time = times.get(message);
  if (!time) times.set(message, (time = { at: Date.parse(message.createdAt), day: dayKey(message.createdAt) }));
  return time;
}

/** `unreadFromId`: the first text that was unread when the thread opened; a divider goes above it. */
export function threadRows(messages: readonly Message[], hidden: readonly number[], unreadFromId: number | null = null): ThreadRow[] {
  const hiddenSet = new Set(hidden);
  const visible = hiddenSet.size === 0 ? messages : messages.filter((m) => !hiddenSet.has(m.id));
  const rows: ThreadRow[] = [];
  let lastDay = -1;
  for (let i = 0; i < visible.length; i++) {
    const message = visible[i]!;
    const day = timeOf(message).day;
    if (day !== lastDay) {
      rows.push({ kind: 'day', key: `day-${day}`, at: message.createdAt });
      lastDay = day;
    }
    if (message.id === unreadFromId) rows.push({ kind: 'unread', key: 'unread' });
    const prev = visible[i - 1];
    const next = visible[i + 1];
    const joins = (a: Message | undefined, b: Message | undefined) =>
      !!a &&
      !!b &&
      a.direction === b.direction &&
      // A run is one voice: a group member, a team member (Heymarket), one service (iMessage or SMS).
      (a.sender ?? null) === (b.sender ?? null) &&
      (a.author ?? null) === (b.author ?? null) &&
      (a.service ?? null) === (b.service ?? null) &&
      timeOf(a).day === timeOf(b).day &&
      Math.abs(timeOf(b).at - timeOf(a).at) < 5 * 60_000;
    rows.push({
      kind: 'message',
      key: `m-${message.id}`,
      message,
      firstOfGroup: message.id === unreadFromId || !joins(prev, message),
      lastOfGroup: !joins(message, next),
    });
  }
  return rows;
}

export interface HitGroup {
  conversationId: number;
  hits: SearchHit[];
}

/**
 * Results grouped by conversation, groups in the order of their best hit; within a group the
 * hits read as the thread does, newest first, so dates never jump about.
 */
export function groupHits(hits: readonly SearchHit[]): HitGroup[] {
  const groups = new Map<number, HitGroup>();
  for (const hit of hits) {
    const id = hit.conversation.id;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { conversationId: id, hits: [] }));
    group.hits.push(hit);
  }
  for (const group of groups.values()) {
    group.hits.sort((a, b) => Date.parse(b.message.createdAt) - Date.parse(a.message.createdAt) || b.message.id - a.message.id);
  }
  return [...groups.values()];
}
