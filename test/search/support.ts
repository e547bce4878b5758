import { openDatabase, type Database } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { upsertNumber } from '../../electron/core/cache/numbers';
import { noOverrides } from '../../electron/core/cache/outbox';
import type { RemoteMessage } from '../../electron/core/providers/types';
import { remoteText } from '../support/fixtures';

export interface SearchFixture {
  db: Database;
  scope: { accountId: number; numberId: number };
  /** Writes a text through the sync path and returns its local id. */
  add: (overrides?: Partial<RemoteMessage>) => number;
}

/** An in-memory cache with one account and number. */
export function searchFixture(): SearchFixture {
  const db = openDatabase(':memory:');
  const account = insertAccount(db, { provider: 'inkbox', label: 'Test', baseUrl: 'http://127.0.0.1:1' });
  const numberId = upsertNumber(db, account.id, { providerId: 'num-1', phoneNumber: '+15550001000' });
  const scope = { accountId: account.id, numberId };
  const add = (overrides: Partial<RemoteMessage> = {}) =>
    db.transaction(() => applyRemoteMessage(db, scope, remoteText(overrides), noOverrides).id!)();
  return { db, scope, add };
}
