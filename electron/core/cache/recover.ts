import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, renameSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import { latestVersion, openDatabase } from '../cache/open';

/**
 * A damaged cache is never deleted and never a dead end. The file is checked (quick_check) when
 * it is opened and again when SQLite reports corruption; a damaged one is moved aside beside
 * itself (`cache.db.damaged-<time>`, with its -wal and -shm), a new cache is made in its place,
 * and what can still be read of the old one is carried over: the installation id and account
 * marks (so keychain entries still match), the accounts and numbers (so the servers can be
 * synced again), queued actions not yet sent, and texts hidden on this device only. Everything
 * else comes back from the servers: sync starts from an empty history.
 */

export interface CacheRecovery {
  /** Where the damaged file now is. */
  movedTo: string;
  /** What quick_check or SQLite said. */
  problem: string;
  kept: { accounts: number; numbers: number; queuedActions: number; hiddenMessages: number };
  /** One sentence for the app's status line and the CLI's stderr. */
  message: string;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Whether `path` is a Textdesk cache by its header alone: SQLite's magic string and a schema
 * version Textdesk writes. A file that is not (someone else's database, a stray --db) is
 * refused as before, never moved.
 */
export function looksLikeOurCache(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, 100, 0) < 100) return false;
    if (!header.subarray(0, 16).equals(SQLITE_MAGIC)) return false;
    const userVersion = header.readUInt32BE(60);
    return userVersion >= 10 && userVersion <= latestVersion;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * The small tables a rebuild needs and a start reads first: checked when the cache opens, which
 * takes milliseconds; the whole file is checked in the background (backgroundCheck.ts).
 */
export const tablesCheckedAtOpen = ['cache_meta', 'accounts', 'numbers', 'outbox', 'sync_state'] as const;

/**
 * SQLite's quick_check, of the whole file or of some tables (and their indexes): null when
 * sound, else what is wrong (first lines).
 */
export function checkCache(db: Database, tables?: readonly string[]): string | null {
  try {
    const problems: string[] = [];
    for (const target of tables ?? [null]) {
      const rows = db.pragma(target === null ? 'quick_check(5)' : `quick_check(${target})`, { simple: false }) as { quick_check: string }[];
      problems.push(...rows.map((row) => row.quick_check).filter((line) => line !== 'ok'));
    }
    return problems.length === 0 ? null : problems.join('; ');
  } catch (error) {
    return (error as Error).message;
  }
}

export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  return [code, cause].some((c) => typeof c === 'string' && c.startsWith('SQLITE_CORRUPT'));
}

/**
 * Opens the cache at `path` as openDatabase does, after checking it: a damaged Textdesk cache
 * is recovered (see above) and the recovery is returned beside the new database.
 */
export function openCheckedCache(path: string, now: () => number = Date.now): { db: Database; recovery: CacheRecovery | null } {
  if (path === ':memory:' || !existsSync(path) || !looksLikeOurCache(path)) return { db: openDatabase(path), recovery: null };
  let db: Database | null = null;
  let problem: string | null;
  try {
    db = openDatabase(path);
    problem = checkCache(db, tablesCheckedAtOpen);
  } catch (error) {
    if (error instanceof AppError && /newer Textdesk/.test(error.message)) throw error;
    problem = (error as Error).message;
  }
  if (problem === null && db) return { db, recovery: null };
  db?.close();
  const recovery = recoverCache(path, problem ?? 'damaged', now);
  return { db: openDatabase(path), recovery };
}

/** Moves a damaged cache aside and makes a new one holding what could be read of it. */
export function recoverCache(path: string, problem: string, now: () => number = Date.now): CacheRecovery {
  const salvage = readWhatSurvives(path);
  const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
  const movedTo = `${path}.damaged-${stamp}`;
  // The -wal holds pages of the damaged file: it goes with it, or the new cache would read it.
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, movedTo + suffix);
  }
  const db = openDatabase(path);
  let kept: CacheRecovery['kept'];
  try {
    kept = carryOver(db, salvage);
  } finally {
    db.close();
  }
  const parts = [
    `${kept.accounts} account${kept.accounts === 1 ? '' : 's'}`,
    `${kept.queuedActions} queued action${kept.queuedActions === 1 ? '' : 's'}`,
    `${kept.hiddenMessages} text${kept.hiddenMessages === 1 ? '' : 's'} hidden on this device`,
  ];
  return {
    movedTo,
    problem,
    kept,
    message:
      `The cache was damaged, so it was moved aside to ${movedTo} (kept, not deleted) and is being rebuilt from the servers; ` +
      `kept: ${parts.join(', ')}.`,
  };
}

type Row = Record<string, unknown>;

interface Salvage {
  meta: Row[];
  accounts: Row[];
  numbers: Row[];
  conversations: Row[];
  messages: Row[];
  outbox: Row[];
  columns: Map<string, string[]>;
}

function readWhatSurvives(path: string): Salvage {
  const empty: Salvage = { meta: [], accounts: [], numbers: [], conversations: [], messages: [], outbox: [], columns: new Map() };
  let old: Database;
  try {
    old = new Sqlite(path, { readonly: true, fileMustExist: true });
  } catch {
    return empty;
  }
  try {
    const salvage = empty;
    for (const table of ['cache_meta', 'accounts', 'numbers', 'conversations', 'messages', 'outbox']) {
      salvage.columns.set(table, tryRead(() => (old.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name)) ?? []);
    }
    salvage.meta = readTable(old, 'cache_meta', 'key');
    salvage.accounts = readTable(old, 'accounts', 'id');
    salvage.numbers = readTable(old, 'numbers', 'id');
    salvage.outbox = readTable(old, 'outbox', 'id', 'done_at IS NULL');
    const hidden = readTable(old, 'messages', 'id', 'deleted = 2');
    const wanted = new Map<number, Row>(hidden.map((row) => [row.id as number, row]));
    for (const entry of salvage.outbox) {
      const id = entry.message_id as number | null;
      if (id !== null && !wanted.has(id)) {
        const row = tryRead(() => old.prepare(`SELECT * FROM messages WHERE id = ?`).get(id) as Row | undefined);
        if (row) wanted.set(id, row);
      }
    }
    salvage.messages = [...wanted.values()];
    const conversationIds = new Set<number>([
      ...salvage.messages.map((m) => m.conversation_id as number),
      ...salvage.outbox.map((e) => e.conversation_id as number | null).filter((id): id is number => id !== null),
    ]);
    for (const id of conversationIds) {
      const row = tryRead(() => old.prepare(`SELECT * FROM conversations WHERE id = ?`).get(id) as Row | undefined);
      if (row) salvage.conversations.push(row);
    }
    return salvage;
  } finally {
    old.close();
  }
}

/**
 * Every row of a table that can be read: forwards until a damaged page stops the scan, then
 * backwards from the other end until it stops again, so only the damaged stretch is lost.
 */
function readTable(db: Database, table: string, key: string, where = '1'): Row[] {
  const rows = new Map<unknown, Row>();
  for (const order of ['ASC', 'DESC']) {
    try {
      for (const row of db.prepare(`SELECT * FROM ${table} WHERE ${where} ORDER BY ${key} ${order}`).iterate() as Iterable<Row>) {
        if (rows.has(row[key])) break;
        rows.set(row[key], row);
      }
    } catch {
      // A damaged page: what was read before it is kept.
    }
  }
  return [...rows.values()];
}

function tryRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Conversation summary columns: the new cache's triggers recompute them from the texts. */
const summaryColumns = new Set(['latest_message_id', 'latest_at', 'latest_text', 'latest_direction', 'latest_type', 'latest_has_media', 'unread_count', 'total_count']);

function carryOver(db: Database, salvage: Salvage): CacheRecovery['kept'] {
  const columnsOf = (table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  const insertAll = (table: string, rows: Row[], skip: Set<string> = new Set()): Row[] => {
    const usable = columnsOf(table).filter((c) => !skip.has(c) && (salvage.columns.get(table) ?? []).includes(c));
    if (usable.length === 0) return [];
    const insert = db.prepare(`INSERT OR IGNORE INTO ${table} (${usable.join(', ')}) VALUES (${usable.map(() => '?').join(', ')})`);
    const inserted: Row[] = [];
    for (const row of rows) {
      try {
        if (insert.run(...usable.map((c) => row[c] ?? null)).changes > 0) inserted.push(row);
      } catch {
        // A row that no longer fits (its account or number was not readable) is left behind.
      }
    }
    return inserted;
  };
  return db.transaction(() => {
    const byId = (a: Row, b: Row) => (a.id as number) - (b.id as number);
    const accounts = insertAll('accounts', [...salvage.accounts].sort(byId));
    const meta = new Map(salvage.meta.map((row) => [row.key as string, String(row.value)]));
    const highest = Math.max(0, ...accounts.map((a) => a.id as number), Number(meta.get('account_id_high') ?? 0));
    const setMeta = db.prepare(`INSERT INTO cache_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    // The old installation id keeps the keychain entries this cache's accounts were stored under.
    if (meta.get('installation_id')) setMeta.run('installation_id', meta.get('installation_id'));
    setMeta.run('account_id_high', String(highest));
    setMeta.run('legacy_account_id_max', meta.get('legacy_account_id_max') ?? String(highest));
    const numbers = insertAll('numbers', [...salvage.numbers].sort(byId));
    insertAll('conversations', salvage.conversations, summaryColumns);
    const messages = insertAll('messages', [...salvage.messages].sort(byId));
    const outbox = insertAll('outbox', [...salvage.outbox].sort(byId).map((e) => ({ ...e, claimed_by: null, claimed_until: null })));
    return {
      accounts: accounts.length,
      numbers: numbers.length,
      queuedActions: outbox.length,
      hiddenMessages: messages.filter((m) => m.deleted === 2).length,
    };
  })();
}
