import type { Database } from 'better-sqlite3';

/** What the cache knows about itself (0070): its installation id and its account id marks. */
export interface CacheIdentity {
  /** Random, made once per cache: namespaces this installation's keychain entries. */
  installationId: string;
  /** Accounts up to this id predate namespacing; their keys may sit under the old entry name. */
  legacyAccountIdMax: number;
}

export function cacheIdentity(db: Database): CacheIdentity {
  const rows = db.prepare(`SELECT key, value FROM cache_meta`).all() as { key: string; value: string }[];
  const meta = new Map(rows.map((row) => [row.key, row.value]));
  return {
    installationId: meta.get('installation_id') ?? '',
    legacyAccountIdMax: Number(meta.get('legacy_account_id_max') ?? 0),
  };
}
