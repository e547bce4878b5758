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

export function insertAccount(
  db: Database,
  account: { provider: ProviderKind; label: string; baseUrl: string },
): Account {
  const row = cached(db,
      `INSERT INTO accounts (provider, label, base_url, created_at) VALUES (?, ?, ?, ?) RETURNING *`,
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
