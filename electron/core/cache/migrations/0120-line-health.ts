import type { Database } from 'better-sqlite3';

/**
 * A line's health where the provider reports it (Sendblue's GET /api/v2/lines/state: ONLINE,
 * OFFLINE, DEGRADED, UNKNOWN, stored lower-case) and when the provider saw it change. NULL
 * where the provider says nothing (every other provider, and Sendblue lines derived from
 * messages when lines/state is refused).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE numbers ADD COLUMN health TEXT
      CHECK (health IS NULL OR health IN ('online', 'offline', 'degraded', 'unknown'));
    ALTER TABLE numbers ADD COLUMN health_changed_at TEXT;
  `);
}
