import { compareNewestFirst, type NumberRecord, type TextRecord } from './state';

/** The read and write paths behind the routes. Every read excludes deleted texts. */

export interface Page {
  limit: number;
  offset: number;
}

export function listTexts(number: NumberRecord, page: Page, isRead?: boolean): TextRecord[] {
  const matching = number.texts.filter((text) => !text.deleted && (isRead === undefined || text.isRead === isRead));
  return matching.slice(page.offset, page.offset + page.limit);
}

export function conversationTexts(number: NumberRecord, remote: string, page: Page): TextRecord[] {
  const matching = number.texts.filter((text) => !text.deleted && text.remote === remote);
  return matching.slice(page.offset, page.offset + page.limit);
}

export interface ConversationSummary {
  remote: string;
  latest: TextRecord;
  unreadCount: number;
  totalCount: number;
}

/** Most recent conversation first; texts are already newest first, so the first seen is the latest. */
export function summarizeConversations(number: NumberRecord): ConversationSummary[] {
  const summaries = new Map<string, ConversationSummary>();
  for (const text of number.texts) {
    if (text.deleted) continue;
    let summary = summaries.get(text.remote);
    if (!summary) {
      summary = { remote: text.remote, latest: text, unreadCount: 0, totalCount: 0 };
      summaries.set(text.remote, summary);
    }
    summary.totalCount += 1;
    if (!text.isRead) summary.unreadCount += 1;
  }
  return [...summaries.values()].sort((a, b) => compareNewestFirst(a.latest, b.latest));
}

export interface TextPatch {
  isRead?: boolean;
  delete?: boolean;
}

export function patchText(text: TextRecord, patch: TextPatch, now: number): void {
  let changed = false;
  if (patch.isRead !== undefined && text.isRead !== patch.isRead) {
    text.isRead = patch.isRead;
    changed = true;
  }
  if (patch.delete && !text.deleted) {
    text.deleted = true;
    changed = true;
  }
  // Strictly later, even under a frozen test clock, so a change is always visible in updated_at.
  if (changed) text.updatedAt = Math.max(text.updatedAt + 1, now);
}

/**
 * Marking read touches every unread text; marking unread touches only what was received, since
 * the business's own outbound texts were never "unread" to it. Answers how many changed.
 */
export function markConversation(number: NumberRecord, remote: string, isRead: boolean, now: number): number {
  let updated = 0;
  for (const text of number.texts) {
    if (text.deleted || text.remote !== remote || text.isRead === isRead) continue;
    if (!isRead && text.direction === 'outbound') continue;
    patchText(text, { isRead }, now);
    updated += 1;
  }
  return updated;
}
