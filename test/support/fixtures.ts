import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RemoteText } from '../../electron/core/providers/types';

/** A scratch folder removed by the returned cleanup. */
export function scratchDir(prefix = 'textdesk-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let sequence = 0;

/** A plausible Inkbox text; override what the test is about. */
export function remoteText(overrides: Partial<RemoteText> = {}): RemoteText {
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
