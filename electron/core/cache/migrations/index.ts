import type { Database } from 'better-sqlite3';
import { up as init } from '../../cache/migrations/0010-init';
import { up as search } from '../../cache/migrations/0020-search';
import { up as providerFields } from '../../cache/migrations/0030-provider-fields';
import { up as sendblue } from '../../cache/migrations/0040-sendblue';
import { up as heymarket } from '../../cache/migrations/0060-heymarket';
import { up as linq } from '../../cache/migrations/0050-linq';
import { up as installation } from '../../cache/migrations/0070-installation';
import { up as sends } from '../../cache/migrations/0080-sends';
import { up as conversationState } from '../../cache/migrations/0090-conversation-state';
import { up as readWatermark } from '../../cache/migrations/0100-read-watermark';
import { up as contacts } from '../../cache/migrations/0110-contacts';
import { up as lineHealth } from '../../cache/migrations/0120-line-health';
import { up as syncCursors } from '../../cache/migrations/0130-sync-cursors';
import { up as unreadCovering } from '../../cache/migrations/0140-unread-covering';
import { up as senderIndex } from '../../cache/migrations/0150-sender-index';

export interface Migration {
  /** user_version after this migration has run. */
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** In order. Append only: a shipped migration is never edited. */
export const migrations: readonly Migration[] = [
  { version: 10, name: '0010-init', up: init },
  { version: 20, name: '0020-search', up: search },
  { version: 30, name: '0030-provider-fields', up: providerFields },
  { version: 40, name: '0040-sendblue', up: sendblue },
  { version: 50, name: '0050-linq', up: linq },
  { version: 60, name: '0060-heymarket', up: heymarket },
  { version: 70, name: '0070-installation', up: installation },
  { version: 80, name: '0080-sends', up: sends },
  { version: 90, name: '0090-conversation-state', up: conversationState },
  { version: 100, name: '0100-read-watermark', up: readWatermark },
  { version: 110, name: '0110-contacts', up: contacts },
  { version: 120, name: '0120-line-health', up: lineHealth },
  { version: 130, name: '0130-sync-cursors', up: syncCursors },
  { version: 140, name: '0140-unread-covering', up: unreadCovering },
  { version: 150, name: '0150-sender-index', up: senderIndex },
];
