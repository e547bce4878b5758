import type { Database } from 'better-sqlite3';
import { cached } from './statements';
import type { LineHealth, NumberStatus, PhoneNumber, ProviderKind } from '../../../shared/model';

interface NumberRow {
  id: number;
  account_id: number;
  provider: ProviderKind;
  provider_id: string;
  phone_number: string;
  label: string | null;
  status: NumberStatus;
  sync_enabled: number;
  unread_count: number;
  last_synced_at: number | null;
  health: LineHealth | null;
  health_changed_at: string | null;
  send_blocked_reason?: string | null;
}

const selectNumbers = `
  SELECT n.*, a.provider,
         coalesce((SELECT sum(unread_count) FROM conversations c
                    WHERE c.number_id = n.id AND c.total_count > 0), 0) AS unread_count,
         (SELECT max(coalesce(last_head_at, 0), coalesce(last_reconcile_at, 0)) FROM sync_state s
           WHERE s.number_id = n.id) AS last_synced_at
    FROM numbers n JOIN accounts a ON a.id = n.account_id`;

function rowToNumber(row: NumberRow): PhoneNumber {
  return {
    id: row.id,
    accountId: row.account_id,
    provider: row.provider,
    providerId: row.provider_id,
    phoneNumber: row.phone_number,
    label: row.label,
    status: row.status,
    unreadCount: row.unread_count,
    lastSyncedAt: row.last_synced_at ? new Date(row.last_synced_at).toISOString() : null,
    health: row.health,
    healthChangedAt: row.health_changed_at,
    sendBlockedReason: row.send_blocked_reason ?? null,
  };
}

/**
 * Records a line's health as the provider reports it now (null: it reports none). Answers
 * whether it changed, so the caller tells the UI only then.
 */
export function setNumberHealth(db: Database, id: number, health: LineHealth | null, changedAt: string | null): boolean {
  return (
    db
      .prepare(
        `UPDATE numbers SET health = ?, health_changed_at = ?
          WHERE id = ? AND (health IS NOT ? OR health_changed_at IS NOT ?)`,
      )
      .run(health, changedAt, id, health, changedAt).changes > 0
  );
}

/** The lines whose provider reports them degraded or offline: what the tray's status mentions. */
export function listUnhealthyNumbers(db: Database): PhoneNumber[] {
  return listNumbers(db).filter((n) => n.status === 'active' && (n.health === 'degraded' || n.health === 'offline'));
}

/** Inserts or refreshes a number the provider lists; a number seen again is available again. */
export function upsertNumber(
  db: Database,
  accountId: number,
  number: { providerId: string; phoneNumber: string; label?: string | null },
): number {
  const row = cached(db,
      `INSERT INTO numbers (account_id, provider_id, phone_number, label) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, provider_id) DO UPDATE
         SET phone_number = excluded.phone_number,
             label = coalesce(excluded.label, numbers.label),
             status = 'active'
       RETURNING id`,
    )
    .get(accountId, number.providerId, number.phoneNumber, number.label ?? null) as { id: number };
  return row.id;
}

export function listNumbers(db: Database, accountId?: number): PhoneNumber[] {
  const rows = (
    accountId === undefined
      ? cached(db, `${selectNumbers} ORDER BY n.account_id, n.id`).all()
      : cached(db, `${selectNumbers} WHERE n.account_id = ? ORDER BY n.id`).all(accountId)
  ) as NumberRow[];
  return rows.map(rowToNumber);
}

export function getNumber(db: Database, id: number): PhoneNumber | undefined {
  const row = cached(db, `${selectNumbers} WHERE n.id = ?`).get(id) as NumberRow | undefined;
  return row && rowToNumber(row);
}

/** The number whose provider id, E.164 value or local id matches `key` (what a CLI user types). */
export function findNumber(db: Database, key: string): PhoneNumber | undefined {
  const row = cached(db, `${selectNumbers} WHERE n.provider_id = ?1 OR n.phone_number = ?1 OR CAST(n.id AS TEXT) = ?1 ORDER BY n.id LIMIT 1`)
    .get(key) as NumberRow | undefined;
  return row && rowToNumber(row);
}

/** Why the number cannot send (toll-free, still registering, ...), or null when it can. */
export function setSendBlockedReason(db: Database, id: number, reason: string | null): void {
  db.prepare(`UPDATE numbers SET send_blocked_reason = ? WHERE id = ? AND send_blocked_reason IS NOT ?`).run(reason, id, reason);
}

export function setNumberStatus(db: Database, id: number, status: NumberStatus): void {
  cached(db, `UPDATE numbers SET status = ? WHERE id = ?`).run(status, id);
}

export function setNumberSyncEnabled(db: Database, id: number, enabled: boolean): void {
  cached(db, `UPDATE numbers SET sync_enabled = ? WHERE id = ?`).run(enabled ? 1 : 0, id);
}

export function isSyncEnabled(db: Database, id: number): boolean {
  const row = cached(db, `SELECT sync_enabled FROM numbers WHERE id = ?`).get(id) as { sync_enabled: number } | undefined;
  return row?.sync_enabled === 1;
}

/** Total unread across every number, muted conversations excluded: the tray badge. */
export function countUnread(db: Database): number {
  const row = cached(db, `SELECT coalesce(sum(unread_count), 0) AS n FROM conversations WHERE muted = 0 AND total_count > 0`)
    .get() as { n: number };
  return row.n;
}
