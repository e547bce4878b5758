import type { NumberSyncReport, SyncHooks } from '../providers/adapter';
import type { PageOutcome } from './apply';

/** A report for one sync of one number, before any page. */
export function startReport(firstSync: boolean): NumberSyncReport {
  return {
    firstSync,
    historyComplete: false,
    inserted: 0,
    changed: 0,
    tombstoned: 0,
    newInboundIds: [],
    conversationsResynced: 0,
    reconciled: false,
  };
}

/**
 * Adds one applied page to the report and tells the hooks which conversations changed. New
 * inbound texts are reported only after a number's first sync: history raises no notifications.
 */
export function recordPage(
  report: NumberSyncReport,
  outcome: PageOutcome,
  hooks: SyncHooks | undefined,
  alsoTouched: Iterable<number> = [],
): void {
  report.inserted += outcome.inserted;
  report.changed += outcome.changed;
  if (!report.firstSync) report.newInboundIds.push(...outcome.insertedInboundIds);
  const touched = new Set([...outcome.touchedConversationIds, ...alsoTouched]);
  if (touched.size > 0) hooks?.onChanged?.([...touched]);
}
