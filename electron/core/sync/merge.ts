import type { Database } from 'better-sqlite3';
import type { RemoteConversationInfo, RemoteMedia, RemoteMessage } from '../providers/types';
import { comparableBody } from '../providers/sentLookup';
import type { ConversationInfoInput, MediaInput, MessageFields } from '../cache/inputs';
import { allocateMessageId, tombstoneMessage, uncoverMessage, Visibility } from '../cache/messages';
import { findStoredMessage, insertMessage, updateMessageFields } from '../cache/syncedMessages';
import { ensureConversation, updateConversationInfo } from '../cache/conversations';
import { upsertRemoteMedia } from '../cache/media';
import type { PendingOverrides } from '../cache/outbox';
import { adoptPendingSend, findPendingSendFor } from '../cache/sends';

/**
 * The merge policy: how one text from the server meets what the cache holds. A tombstone is
 * never resurrected; a pending local action (read, unread, delete in the outbox) wins over the
 * server until it has been pushed; a text the server makes unread is uncovered from the
 * conversation's read watermark first (cache/messages.ts uncoverMessage). The cache's
 * repositories only write what is decided here.
 */

export interface ApplyResult {
  kind: 'inserted' | 'changed' | 'unchanged' | 'ignored';
  id: number | null;
}

/** The conversation key of a remote text: the party, or the group's conversation id. */
export function remoteKey(message: RemoteMessage): string {
  if (message.remotePhoneNumber) return message.remotePhoneNumber;
  if (message.conversationId) return `group:${message.conversationId}`;
  return 'unknown';
}

export function toMediaInputs(media: readonly RemoteMedia[]): MediaInput[] {
  return media.map((item) => ({ contentType: item.contentType, size: item.size, url: item.url, filename: item.filename }));
}

export function toConversationInfo(info: RemoteConversationInfo): ConversationInfoInput {
  return { title: info.title, participants: info.participants, isGroup: info.isGroup, providerRef: info.providerRef };
}

/** The fields the server states for a text, read state still its own. */
function serverFields(message: RemoteMessage, isRead: boolean): MessageFields {
  return {
    body: message.text,
    type: message.type,
    isRead,
    hasMedia: message.media.length > 0,
    updatedAt: message.updatedAt,
    deliveryStatus: message.deliveryStatus,
    service: message.service ?? null,
    author: message.author ?? null,
    sender: message.sender ?? null,
    reactions: message.reactions && message.reactions.length > 0 ? JSON.stringify(message.reactions) : null,
  };
}

/** The fields of `next` that differ from `stored`: what an update writes. */
function changedFields(stored: MessageFields, next: MessageFields): Partial<MessageFields> {
  const changes: Partial<MessageFields> = {};
  for (const field of Object.keys(next) as (keyof MessageFields)[]) {
    if (stored[field] !== next[field]) (changes as Record<string, unknown>)[field] = next[field];
  }
  return changes;
}

/**
 * Writes one text from the server into the cache, as the policy above says. Call inside a
 * transaction (sync/apply.ts applyPage), with the overrides read in the same transaction.
 */
export function applyRemoteMessage(
  db: Database,
  scope: { accountId: number; numberId: number },
  message: RemoteMessage,
  overrides: PendingOverrides,
  now: number = Date.now(),
): ApplyResult {
  const existing = findStoredMessage(db, scope.accountId, message.id);
  const createdMs = Date.parse(message.createdAt);

  if (!existing) {
    if (message.status === 'deleted') return { kind: 'ignored', id: null };
    const conversationId = ensureConversation(db, scope.numberId, remoteKey(message));
    if (message.conversation) updateConversationInfo(db, conversationId, toConversationInfo(message.conversation));
    if (message.direction === 'outbound') {
      // One of ours whose answer never came: the pending text becomes this one, shown once.
      const body = comparableBody(message.text);
      const pending = findPendingSendFor(
        db,
        { conversationId, createdMs, clientRef: message.clientRef },
        (candidate) => body !== null && comparableBody(candidate) === body,
      );
      if (pending) {
        adoptPendingSend(db, pending, message.id);
        return applyRemoteMessage(db, scope, message, overrides, now);
      }
    }
    const conversationOverride = overrides.conversations.get(conversationId);
    const isRead =
      conversationOverride && createdMs <= conversationOverride.at
        ? conversationOverride.isRead
        : (message.isRead ?? message.direction === 'outbound');
    const id = allocateMessageId(db, createdMs);
    if (!isRead) uncoverMessage(db, conversationId, id);
    insertMessage(db, {
      ...serverFields(message, isRead),
      id,
      accountId: scope.accountId,
      numberId: scope.numberId,
      conversationId,
      providerId: message.id,
      direction: message.direction,
      createdAt: message.createdAt,
      createdMs,
    });
    if (message.media.length > 0) upsertRemoteMedia(db, id, toMediaInputs(message.media), now);
    return { kind: 'inserted', id };
  }

  if (existing.deleted !== Visibility.Live) return { kind: 'unchanged', id: existing.id };
  if (message.media.length > 0) upsertRemoteMedia(db, existing.id, toMediaInputs(message.media), now);
  if (message.conversation) updateConversationInfo(db, existing.conversationId, toConversationInfo(message.conversation));

  const messageOverride = overrides.messages.get(existing.id);
  if (message.status === 'deleted') {
    tombstoneMessage(db, existing.id, Visibility.Deleted);
    return { kind: 'changed', id: existing.id };
  }
  if (messageOverride?.deleted) return { kind: 'unchanged', id: existing.id };

  const conversationOverride = overrides.conversations.get(existing.conversationId);
  let isRead = message.isRead === null ? existing.isRead : message.isRead;
  if (messageOverride?.isRead !== undefined) isRead = messageOverride.isRead;
  else if (conversationOverride && existing.createdMs <= conversationOverride.at) isRead = conversationOverride.isRead;

  const fields = serverFields(message, isRead);
  const changes = changedFields(existing, fields);
  if (Object.keys(changes).length === 0) return { kind: 'unchanged', id: existing.id };
  if (!isRead) uncoverMessage(db, existing.conversationId, existing.id);
  updateMessageFields(db, existing.id, changes);
  return { kind: 'changed', id: existing.id };
}
