import { openDatabase, type Database } from '../../electron/core/cache';
import { applyRemoteMessage } from '../../electron/core/sync/merge';
import { noOverrides } from '../../electron/core/cache/outbox';
import type { RemoteMessage } from '../../electron/core/providers/types';
import { addTestNumber, remoteText } from '../support/fixtures';

export interface SearchFixture {
  db: Database;
  scope: { accountId: number; numberId: number };
  /** Writes a text through the sync path and returns its local id. */
  add: (overrides?: Partial<RemoteMessage>) => number;
}

/** An in-memory cache with one account and number. */
export function searchFixture(): SearchFixture {
  const db = openDatabase(':memory:');
  const scope = addTestNumber(db);
  const add = (overrides: Partial<RemoteMessage> = {}) =>
    db.transaction(() => applyRemoteMessage(db, scope, remoteText(overrides), noOverrides).id!)();
  return { db, scope, add };
}
