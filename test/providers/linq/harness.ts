import { join } from 'node:path';
import { expect } from 'vitest';
import { openDatabase, type Database } from '../../../electron/core/cache';
import { insertAccount } from '../../../electron/core/cache/accounts';
import { upsertNumber } from '../../../electron/core/cache/numbers';
import { startLinqFake, type LinqFake, type LinqFakeOptions, type LinqMessage } from '../../../electron/demo/fakes/linq';
import type { NumberSyncReport, ProviderAdapter } from '../../../electron/core/providers/adapter';
import { createLinqAdapter } from '../../../electron/core/providers/linq/adapter';
import { scratchDir } from '../../support/fixtures';
import { syncEveryNumber } from '../../support/syncEveryNumber';

/** The Linq fake on loopback, a cache file, and the Linq adapter with fast retries. */
export interface LinqHarness {
  fake: LinqFake;
  db: Database;
  adapter: ProviderAdapter;
  accountId: number;
  numbers: { id: number; providerId: string }[];
  syncAll(run?: { reconcile?: boolean }): Promise<NumberSyncReport[]>;
  close(): Promise<void>;
}

export const fastRetries = { retry: { retries: 8, baseDelayMs: 2, maxDelayMs: 20 }, maxRetryAfterMs: 20, timeoutMs: 5_000 };

export async function startLinqHarness(options: LinqFakeOptions = {}): Promise<LinqHarness> {
  const fake = await startLinqFake({ size: 'tiny', ...options });
  const scratch = scratchDir();
  const db = openDatabase(join(scratch.dir, 'cache.db'));
  const adapter = createLinqAdapter({ credentials: { apiKey: fake.credentials.apiKey }, baseUrl: fake.baseUrl, ...fastRetries });
  const account = insertAccount(db, { provider: 'linq', label: 'Linq', baseUrl: fake.baseUrl });
  const remoteNumbers = await adapter.listNumbers();
  const numbers = remoteNumbers.map((number) => ({
    id: upsertNumber(db, account.id, { providerId: number.id, phoneNumber: number.number }),
    providerId: number.id,
  }));
  return {
    fake,
    db,
    adapter,
    accountId: account.id,
    numbers,
    syncAll(run = {}) {
      return syncEveryNumber(db, adapter, account.id, numbers, { reconcile: run.reconcile ?? false });
    },
    async close() {
      db.close();
      await fake.close();
      scratch.cleanup();
    },
  };
}

const tapbackEmoji: Record<string, string> = { love: '❤️', like: '👍', dislike: '👎', laugh: '😂', emphasize: '‼️', question: '❓' };

/** What a Linq message should look like in the cache, computed from the fake's wire data. */
function expectedRow(message: LinqMessage, chat: ReturnType<LinqFake['chats']>[number]) {
  const others = chat.handles.filter((h) => !h.is_me).map((h) => h.handle);
  const texts = message.parts.flatMap((p) => (p.type === 'media' ? [] : [p.value]));
  return {
    id: message.id,
    remote: chat.is_group ? `group:${chat.id}` : others[0],
    direction: message.is_from_me ? 'outbound' : 'inbound',
    text: texts.length > 0 ? texts.join('\n') : null,
    isRead: message.is_from_me ? true : message.is_read,
    service: message.service,
    sender: !message.is_from_me && chat.is_group ? message.from_handle.handle : null,
    reactions: message.parts.flatMap((p) =>
      (p.reactions ?? []).map((r) => ({ type: r.type, emoji: r.custom_emoji ?? tapbackEmoji[r.type] ?? null, from: r.handle.handle, isMe: r.is_me })),
    ),
    media: message.parts.flatMap((p) => (p.type === 'media' ? [{ contentType: p.mime_type, size: p.size_bytes, filename: p.filename }] : [])),
  };
}

/** The cache holds exactly the fake's live messages: ids, texts, media, reactions, read state; groups with their participants. */
export function expectLinqConverged(harness: LinqHarness): void {
  const { db, fake } = harness;
  for (const number of harness.numbers) {
    const chats = fake.chats().filter((chat) => chat.handles.some((h) => h.is_me && h.handle === number.providerId));
    const expected = chats.flatMap((chat) => fake.messages(chat.id).map((m) => expectedRow(m, chat))).sort((a, b) => (a.id < b.id ? -1 : 1));
    const rows = db
      .prepare(
        `SELECT m.id AS rowId, m.provider_id AS id, c.remote, m.direction, m.body AS text, m.is_read AS isRead, m.service, m.sender, m.reactions
           FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.number_id = ? AND m.deleted = 0 ORDER BY m.provider_id`,
      )
      .all(number.id) as { rowId: number; id: string; remote: string; direction: string; text: string | null; isRead: number; service: string; sender: string | null; reactions: string | null }[];
    const media = db.prepare(`SELECT content_type AS contentType, size, filename FROM media WHERE message_id = ? ORDER BY position`);
    const cached = rows.map(({ rowId, reactions, isRead, ...row }) => ({
      ...row,
      isRead: isRead === 1,
      reactions: reactions ? (JSON.parse(reactions) as unknown[]) : [],
      media: media.all(rowId),
    }));
    expect(cached).toEqual(expected);

    const conversations = db
      .prepare(`SELECT remote, title, participants, is_group AS isGroup, provider_ref AS providerRef, total_count AS total, unread_count AS unread
                  FROM conversations WHERE number_id = ? AND total_count > 0 ORDER BY remote`)
      .all(number.id);
    const wanted = chats
      .filter((chat) => fake.messages(chat.id).length > 0)
      .map((chat) => {
        const others = chat.handles.filter((h) => !h.is_me).map((h) => h.handle);
        const messages = fake.messages(chat.id);
        return {
          remote: chat.is_group ? `group:${chat.id}` : others[0],
          title: chat.is_group ? chat.display_name : null,
          participants: JSON.stringify(others),
          isGroup: chat.is_group ? 1 : 0,
          providerRef: chat.id,
          total: messages.length,
          unread: messages.filter((m) => !m.is_from_me && !m.is_read).length,
        };
      })
      .sort((a, b) => (a.remote! < b.remote! ? -1 : 1));
    expect(conversations).toEqual(wanted);
  }
}
