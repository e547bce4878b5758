import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderKind } from '../../shared/model';
import { openDatabase, type Database } from '../../electron/core/cache';
import { insertAccount } from '../../electron/core/cache/accounts';
import { upsertNumber } from '../../electron/core/cache/numbers';
import type { RemoteMessage } from '../../electron/core/providers/types';

/**
 * Where the demo's seeded history ends in every test: its texts, their times and the words in
 * them are the same whatever the time of day the suite runs. (The demo's clock still runs from
 * the wall clock for what happens during a test: live texts, expiring media URLs.)
 */
export const TEST_DEMO_ANCHOR = Date.UTC(2026, 5, 1, 15, 0, 0);

/** Pins the demo history of a data folder to TEST_DEMO_ANCHOR (the demo reads demo.json). */
export function pinDemoHistory(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'demo.json'), JSON.stringify({ anchor: TEST_DEMO_ANCHOR }));
}

/** A scratch folder removed by the returned cleanup. */
export function scratchDir(prefix = 'textdesk-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One account with one number (+15550001000) in `db`: the scope cache tests write texts into. */
export function addTestNumber(db: Database, provider: ProviderKind = 'inkbox'): { accountId: number; numberId: number } {
  const account = insertAccount(db, { provider, label: 'Test', baseUrl: 'http://127.0.0.1:1' });
  return { accountId: account.id, numberId: upsertNumber(db, account.id, { providerId: 'num-1', phoneNumber: '+15550001000' }) };
}

/** A cache file in a scratch folder, with addTestNumber's account; close() closes it and removes the folder. */
export function openScratchCache(provider: ProviderKind = 'inkbox'): {
  dir: string;
  db: Database;
  scope: { accountId: number; numberId: number };
  close: () => void;
} {
  const scratch = scratchDir();
  const db = openDatabase(join(scratch.dir, 'cache.db'));
  return {
    dir: scratch.dir,
    db,
    scope: addTestNumber(db, provider),
    close: () => {
      db.close();
      scratch.cleanup();
    },
  };
}

let sequence = 0;

/** A plausible Inkbox text; override what the test is about. */
export function remoteText(overrides: Partial<RemoteMessage> = {}): RemoteMessage {
  sequence += 1;
  const createdAt = overrides.createdAt ?? new Date(Date.UTC(2026, 0, 1, 12, 0, sequence)).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    direction: 'inbound',
    localPhoneNumber: '+15550001000',
    remotePhoneNumber: '+15551234567',
    text: `hello ${sequence}`,
    type: 'sms',
    media: [],
    isRead: false,
    status: 'active',
    createdAt,
    updatedAt: createdAt,
    conversationId: null,
    deliveryStatus: null,
    ...overrides,
  };
}
