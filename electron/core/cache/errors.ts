import { AppError } from '../../../shared/errors';

/**
 * Turns SQLite's own errors into DB errors a person can act on. better-sqlite3 throws
 * SqliteError with SQLite's result code (SQLITE_BUSY, SQLITE_CORRUPT, SQLITE_FULL …).
 */
export function fromSqliteError(error: unknown): AppError | null {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('DB', 'The cache is busy: another Textdesk (the app, a CLI sync) is writing to it. Try again in a moment.', { cause: error });
  }
  if (code.startsWith('SQLITE_FULL')) return new AppError('DB', 'The disk is full; free some space and try again.', { cause: error });
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return new AppError(
      'DB',
      'The cache file is damaged. Textdesk moves it aside (it is kept, not deleted) and rebuilds the cache from the servers; try again in a moment.',
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return new AppError('DB', 'The cache file cannot be written: check the folder\'s permissions.', { cause: error });
  }
  return new AppError('DB', `The cache refused an operation (${code}).`, { cause: error });
}
