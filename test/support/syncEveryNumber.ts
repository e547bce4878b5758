import type { Database } from '../../electron/core/cache';
import type { NumberSyncReport, ProviderAdapter } from '../../electron/core/providers/adapter';

/** Syncs each number of an account through its adapter, in order, as the service does. */
export async function syncEveryNumber(
  db: Database,
  adapter: ProviderAdapter,
  accountId: number,
  numbers: readonly { id: number; providerId: string }[],
  run: { reconcile: boolean },
): Promise<NumberSyncReport[]> {
  const reports: NumberSyncReport[] = [];
  for (const number of numbers) {
    const scope = { accountId, numberId: number.id, numberProviderId: number.providerId };
    reports.push(await adapter.syncNumber({ db, scope }, run));
  }
  return reports;
}
