import Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import {
  importLocalContacts,
  listContacts,
  refreshConversationNames,
  replaceProviderContacts,
  setLocalContact,
} from '../../electron/core/cache/contacts';
import { ensureConversation, getConversation } from '../../electron/core/cache/conversations';
import { migrations } from '../../electron/core/cache/migrations';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { scratchDir } from '../support/fixtures';

const scratch = scratchDir('textdesk-migration0110-');
afterAll(() => scratch.cleanup());
let files = 0;
const file = () => join(scratch.dir, `cache-${++files}.db`);

describe('migration 0110-contacts', () => {
  it('gives existing conversations their E.164 key in the receiving number\'s country, and none to groups and short codes', () => {
    const path = file();
    const db = new Sqlite(path);
    migrate(db, migrations.filter((m) => m.version < 110));
    db.exec(`INSERT INTO accounts (provider, label, base_url, created_at) VALUES ('inkbox', 'A', 'x', 'now');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, 'us', '+14155550000');
             INSERT INTO numbers (account_id, provider_id, phone_number) VALUES (1, 'gb', '+442071838750');
             INSERT INTO conversations (number_id, remote) VALUES (1, '+14155550100'), (1, '(415) 555-0101'), (1, '76934'),
                                                                 (1, 'group:chat-1'), (2, '07700 900123');`);
    migrate(db, migrations.filter((m) => m.version <= 110));
    expect(db.pragma('user_version', { simple: true })).toBe(110);
    const keys = db.prepare(`SELECT remote, phone_key FROM conversations ORDER BY id`).all();
    expect(keys).toEqual([
      { remote: '+14155550100', phone_key: '+14155550100' },
      { remote: '(415) 555-0101', phone_key: '+14155550101' },
      { remote: '76934', phone_key: null },
      { remote: 'group:chat-1', phone_key: null },
      { remote: '07700 900123', phone_key: '+447700900123' },
    ]);
    db.close();
  });

  it('looks names up by index: conversations by phone key, contacts by phone and account', () => {
    const db = openDatabase(file());
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan(`SELECT name FROM contacts k WHERE k.phone = '+1' AND k.name IS NOT NULL ORDER BY k.account_id IS NOT NULL, k.account_id LIMIT 1`)).toMatch(
      /USING (COVERING )?INDEX contacts_/,
    );
    expect(plan(`SELECT id FROM conversations WHERE phone_key = '+1'`)).toMatch(/USING (COVERING )?INDEX conversations_by_phone_key/);
    expect(plan(`SELECT opted_out FROM contacts WHERE phone = '+1' AND account_id = 1`)).toMatch(/USING INDEX contacts_/);
    db.close();
  });

  it('names a conversation by precedence: local, then its own account, then another account; opt-out from its own account only', () => {
    const db = openDatabase(file());
    const a = insertAccount(db, { provider: 'sendblue', label: 'A', baseUrl: 'x' });
    const b = insertAccount(db, { provider: 'heymarket', label: 'B', baseUrl: 'y' });
    const numberA = upsertNumber(db, a.id, { providerId: 'a', phoneNumber: '+14155550000' });
    const numberB = upsertNumber(db, b.id, { providerId: 'b', phoneNumber: '+14155550001' });
    const onA = ensureConversation(db, numberA, '+14155550100');
    const onB = ensureConversation(db, numberB, '+14155550100');

    replaceProviderContacts(db, b.id, [{ phone: '+14155550100', name: 'Jane (Heymarket)', optedOut: true }]);
    expect(getConversation(db, onA)).toMatchObject({ remoteName: 'Jane (Heymarket)', optedOut: null });
    expect(getConversation(db, onB)).toMatchObject({ remoteName: 'Jane (Heymarket)', optedOut: true });

    replaceProviderContacts(db, a.id, [{ phone: '+14155550100', name: 'Jane (Sendblue)', optedOut: false }]);
    expect(getConversation(db, onA)).toMatchObject({ remoteName: 'Jane (Sendblue)', optedOut: false });
    expect(getConversation(db, onB)!.remoteName).toBe('Jane (Heymarket)');

    setLocalContact(db, '+14155550100', 'Jane Doe');
    expect(getConversation(db, onA)!.remoteName).toBe('Jane Doe');
    expect(getConversation(db, onB)!.remoteName).toBe('Jane Doe');

    // A provider refresh rewrites its own book and never the local name.
    replaceProviderContacts(db, a.id, [{ phone: '+14155550100', name: 'J. Doe', optedOut: true }]);
    expect(getConversation(db, onA)).toMatchObject({ remoteName: 'Jane Doe', optedOut: true });
    replaceProviderContacts(db, a.id, []);
    expect(getConversation(db, onA)).toMatchObject({ remoteName: 'Jane Doe', optedOut: null });

    setLocalContact(db, '+14155550100', null);
    expect(getConversation(db, onA)!.remoteName).toBe('Jane (Heymarket)');
    db.close();
  });

  it('names a conversation created after its contact, and keeps every name across a reopen', () => {
    const path = file();
    let db = openDatabase(path);
    const account = insertAccount(db, { provider: 'inkbox', label: 'A', baseUrl: 'x' });
    const numberId = upsertNumber(db, account.id, { providerId: 'n', phoneNumber: '+14155550000' });
    importLocalContacts(db, [{ phone: '+14155550123', name: 'Mike Ross' }]);
    const id = ensureConversation(db, numberId, '+14155550123');
    expect(getConversation(db, id)!.remoteName).toBe('Mike Ross');
    db.close();
    db = openDatabase(path);
    expect(getConversation(db, id)!.remoteName).toBe('Mike Ross');
    expect(listContacts(db, { limit: 10, offset: 0 }).contacts).toEqual([
      expect.objectContaining({ phone: '+14155550123', name: 'Mike Ross', source: 'local', accountId: null }),
    ]);
    expect(refreshConversationNames(db)).toBe(0);
    // The names' word index agrees with the column its triggers follow.
    expect(() => db.exec(`INSERT INTO conversation_names (conversation_names) VALUES ('integrity-check')`)).not.toThrow();
    expect(db.prepare(`SELECT rowid FROM conversation_names WHERE conversation_names MATCH '"ross"*'`).pluck().all()).toEqual([id]);
    setLocalContact(db, '+14155550123', 'Harvey Specter');
    expect(db.prepare(`SELECT rowid FROM conversation_names WHERE conversation_names MATCH '"ross"*'`).pluck().all()).toEqual([]);
    expect(db.prepare(`SELECT rowid FROM conversation_names WHERE conversation_names MATCH '"spec"*'`).pluck().all()).toEqual([id]);
    expect(() => db.exec(`INSERT INTO conversation_names (conversation_names) VALUES ('integrity-check')`)).not.toThrow();
    db.close();
  });
});
