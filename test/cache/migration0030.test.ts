import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { getConversation } from '../../electron/core/cache/conversations';
import { getMessage } from '../../electron/core/cache/messages';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { migrations } from '../../electron/core/cache/migrations';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { noOverrides } from '../../electron/core/cache/outbox';
import { remoteText } from '../support/fixtures';

describe('migration 0030-provider-fields', () => {
  it('adds the provider fields to an existing cache without touching its texts', () => {
    const db = new Sqlite(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 20));
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('inkbox', 'A', 'x', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, 'n', '+15550001000');
             INSERT INTO conversations (number_id, remote) VALUES (1, '+15551234567');
             INSERT INTO messages (id, account_id, number_id, conversation_id, provider_id, direction, body, type, is_read, created_at, updated_at, created_ms)
             VALUES (1024, 1, 1, 1, 'p1', 'inbound', 'hello', 'sms', 0, 't', 't', 1);`);
    migrate(db, migrations.filter((m) => m.version <= 30));
    expect(db.pragma('user_version', { simple: true })).toBe(30);
    expect(db.prepare(`SELECT body, service, reactions FROM messages`).get()).toEqual({ body: 'hello', service: null, reactions: null });
    expect(db.prepare(`SELECT is_group, title FROM conversations`).get()).toEqual({ is_group: 0, title: null });
    db.close();
  });

  it('keeps the service, author, sender, reactions and group of a text', () => {
    const db = new Sqlite(':memory:');
    migrate(db);
    const account = insertAccount(db, { provider: 'linq', label: 'Linq', baseUrl: 'x' });
    const numberId = upsertNumber(db, account.id, { providerId: 'line', phoneNumber: '+15550001000' });
    const text = remoteText({
      remotePhoneNumber: null,
      conversationId: 'chat-1',
      service: 'iMessage',
      author: 'Dana (front desk)',
      sender: '+15551110000',
      reactions: [{ type: 'love', emoji: '❤️', from: '+15551110000', isMe: false }],
      conversation: { title: 'Weekend crew', participants: ['+15551110000', '+15552220000'], isGroup: true, providerRef: 'chat-1' },
    });
    const id = applyRemoteMessage(db, { accountId: account.id, numberId }, text, noOverrides).id!;
    const message = getMessage(db, id)!;
    expect(message).toMatchObject({ service: 'iMessage', author: 'Dana (front desk)', sender: '+15551110000', remote: 'group:chat-1' });
    expect(message.reactions).toEqual([{ type: 'love', emoji: '❤️', from: '+15551110000', isMe: false }]);
    expect(getConversation(db, message.conversationId)).toMatchObject({ title: 'Weekend crew', isGroup: true, participants: ['+15551110000', '+15552220000'] });
    const again = applyRemoteMessage(db, { accountId: account.id, numberId }, { ...text, reactions: [] }, noOverrides);
    expect(again.kind).toBe('changed');
    expect(getMessage(db, id)!.reactions).toEqual([]);
    db.close();
  });
});
