import { AppError } from '../../../shared/errors';
import { listAccounts } from '../cache/accounts';
import { checkCacheInBackground, type BackgroundCheck } from '../cache/backgroundCheck';
import { listNumbers } from '../cache/numbers';
import { checkCache, isCorruptionError, openCheckedCache, recoverCache, type CacheRecovery } from '../cache/recover';
import type { Notify, ServiceContext } from './context';

/**
 * A damaged cache: found by a failing command (corruption reported by SQLite, confirmed by
 * quick_check) or by the whole-file check run off the main thread at start. Either way the
 * file is moved aside, a new one opened in its place (ctx.db) and rebuilt from the servers.
 */
export function createRecovery(ctx: ServiceContext, notify: Notify, rebuild: () => void) {
  let backgroundCheck: BackgroundCheck | null = null;

  /** Answers the error to pass on: one saying the cache was rebuilt, or the error as it is. */
  function recoverOnCorruption(error: unknown): unknown {
    if (!isCorruptionError(error) || ctx.stopped || ctx.databasePath === ':memory:') return error;
    const done = recoverNow(checkCache(ctx.db) ?? (error as Error).message);
    return done ? new AppError('DB', done.message, { cause: error }) : error;
  }

  /** Moves the damaged cache aside, opens the new one in its place and starts its rebuild. */
  function recoverNow(problem: string): CacheRecovery | null {
    let recovery: CacheRecovery;
    try {
      ctx.db.close();
      recovery = recoverCache(ctx.databasePath, problem);
      ctx.recovery = recovery;
      ({ db: ctx.db } = openCheckedCache(ctx.databasePath));
    } catch (failure) {
      ctx.logger.error('A damaged cache could not be rebuilt', { error: String(failure) });
      return null;
    }
    ctx.logger.warn('The cache was damaged; it was moved aside and is rebuilt', { movedTo: recovery.movedTo, problem, kept: recovery.kept });
    for (const account of listAccounts(ctx.db)) ctx.pool.forget(account.id);
    notify.setStatus({ recovery: { message: recovery.message, movedTo: recovery.movedTo } });
    notify.changed([], listNumbers(ctx.db).map((n) => n.id), true);
    rebuild();
    return recovery;
  }

  /** The whole-file check, off the main thread; what it finds is recovered like a failing command. */
  function checkWholeFile(): void {
    if (ctx.databasePath === ':memory:' || ctx.stopped) return;
    const check = checkCacheInBackground(ctx.databasePath);
    backgroundCheck = check;
    void check.result.then(({ problem, error }) => {
      if (backgroundCheck === check) backgroundCheck = null;
      if (error && error !== 'stopped') ctx.logger.warn('The cache could not be checked in the background', { error });
      if (problem && !ctx.stopped) recoverNow(problem);
    });
  }

  async function stop(): Promise<void> {
    await backgroundCheck?.cancel();
  }

  return { recoverOnCorruption, checkWholeFile, stop };
}
