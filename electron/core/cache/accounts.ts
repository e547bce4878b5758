import type { Database } from 'better-sqlite3';
import { cached } from './statements';
import type { Account, ProviderKind } from '../../../shared/model';

interface AccountRow {
  id: number;
  provider: ProviderKind;
  label: string;
  base_url: string;
  created_at: string;
}

function rowToAccount(row: AccountRow): Account {
  return { id: row.id, provider: row.provider, label: row.label, baseUrl: row.base_url, createdAt: row.created_at };
}

/**
 * Adds an account under an id never used before in this cache, even by a removed account: its
 * keychain entry is named by the id, so a reused id would inherit a stale key (0070).
 */
export function insertAccount(
  db: Database,
  account: { provider: ProviderKind; label: string; baseUrl: string },
): Account {
  // A cache migrated only part way (migration tests) has no mark yet: max(id) + 1 is then right.
  const hasMark = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cache_meta'`).get() !== undefined;
  const high = hasMark ? `coalesce((SELECT CAST(value AS INTEGER) FROM cache_meta WHERE key = 'account_id_high'), 0)` : '0';
  const row = db
    .prepare(
      `INSERT INTO accounts (id, provider, label, base_url, created_at)
       VALUES (max(coalesce((SELECT max(id) FROM accounts), 0), ${high}) + 1, ?, ?, ?, ?)
       RETURNING *`,
    )
    .get(account.provider, account.label, account.baseUrl, new Date().toISOString()) as AccountRow;
  return rowToAccount(row);
}

export function listAccounts(db: Database): Account[] {
  return (cached(db, `SELECT * FROM accounts ORDER BY id`).all() as AccountRow[]).map(rowToAccount);
}

export function getAccount(db: Database, id: number): Account | undefined {
  const row = cached(db, `SELECT * FROM accounts WHERE id = ?`).get(id) as AccountRow | undefined;
  return row && rowToAccount(row);
}

export function updateAccount(db: Database, id: number, changes: { label?: string; baseUrl?: string }): void {
  cached(db, `UPDATE accounts SET label = coalesce(?, label), base_url = coalesce(?, base_url) WHERE id = ?`).run(
    changes.label ?? null,
    changes.baseUrl ?? null,
    id,
  );
}

/** Removes the account and, through foreign keys, every number, text and queued action of it. */
export function deleteAccount(db: Database, id: number): boolean {
  return cached(db, `DELETE FROM accounts WHERE id = ?`).run(id).changes > 0;
}
