import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir, makePrivate, PRIVATE_FILE_MODE } from '../privateFiles';
import { AppError } from '../../../shared/errors';
import { migrations, type Migration } from '../cache/migrations';

export type { Database };

/**
 * Opens (creating if needed) the cache at `path`, or in memory for ':memory:', and brings its
 * schema up to date. A file that is not a SQLite database, is damaged, or was written by a newer
 * Textdesk is refused with a DB error that says so; it is never overwritten.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Database {
  const onDisk = path !== ':memory:' && path !== '';
  if (onDisk && !options.readonly) {
    ensurePrivateDir(dirname(path));
    // SQLite creates its -wal and -shm files with the mode of the database file: make that 0600.
    try {
      closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
    } catch {
      // Sqlite's own open below reports what is wrong with the path.
    }
    for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) makePrivate(file);
  }
  let db: Database;
  try {
    db = new Sqlite(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new AppError('DB', `Cannot open the cache at ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db);
    else checkVersion(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof AppError) throw error;
    throw new AppError('DB', `The cache at ${path} is damaged or is not a Textdesk database (${(error as Error).message}).`, { cause: error });
  }
}

export const latestVersion = migrations[migrations.length - 1]!.version;

function checkVersion(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > latestVersion) {
    throw new AppError('DB', `The cache was written by a newer Textdesk (schema ${version}, this build knows ${latestVersion}); update Textdesk.`);
  }
}

/** Runs every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Database, list: readonly Migration[] = migrations): void {
  checkVersion(db);
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
