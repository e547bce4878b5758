import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/cache';
import { migrations } from '../../electron/core/cache/migrations';
import { noOverrides } from '../../electron/core/cache/outbox';
import { searchMessages } from '../../electron/core/search/search';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { addTestNumber, remoteText } from '../support/fixtures';

describe('migration 0150-sender-index', () => {
  it('indexes the group texts of a cache written before it, so from: finds them', () => {
    const db = new Sqlite(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 140));
    const scope = addTestNumber(db);
    const chat = { remotePhoneNumber: null, conversationId: 'chat-9', conversation: { isGroup: true, title: 'Crew', participants: ['+15551234567'], providerRef: 'chat-9' } };
    const written = [
      applyRemoteMessage(db, scope, remoteText({ text: 'see you there' }), noOverrides).id!,
      applyRemoteMessage(db, scope, remoteText({ ...chat, text: 'see you at six', sender: '+15551234567' }), noOverrides).id!,
    ];
    applyRemoteMessage(db, scope, remoteText({ ...chat, text: 'see you later', sender: '+15550000009' }), noOverrides);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(150);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT DISTINCT conversation_id FROM messages WHERE sender = ?`).all('x') as { detail: string }[];
    expect(plan.map((row) => row.detail)).toContain('SEARCH messages USING COVERING INDEX messages_by_sender (sender=?)');
    const hits = searchMessages(db, { query: 'see from:+15551234567', sort: 'newest' }).hits.map((hit) => hit.message.id);
    expect(hits.sort((a, b) => a - b)).toEqual(written);
    db.close();
  });
});
