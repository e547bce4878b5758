import type { Database } from 'better-sqlite3';
import type { SyncStatus } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Account, Conversation } from '../../../shared/model';
import { providerInfo } from '../../../shared/providers';
import type { AdapterPool } from '../accounts';
import { getAccount } from '../cache/accounts';
import { getConversation } from '../cache/conversations';
import type { CacheRecovery } from '../cache/recover';
import type { Logger, SecretStore } from '../hostInterfaces';
import type { MediaStore } from '../media/store';
import type { ServiceOptions, TextdeskService } from '../serviceTypes';

export type SyncReason = Parameters<TextdeskService['syncNow']>[0];

/**
 * What the service's units share, in one place. `db` is replaced when a damaged cache is
 * rebuilt (recovery.ts), so units read it from here at each use and never keep their own.
 */
export interface ServiceContext {
  readonly options: ServiceOptions;
  readonly logger: Logger;
  readonly databasePath: string;
  db: Database;
  recovery: CacheRecovery | null;
  readonly store: MediaStore;
  readonly secrets: SecretStore;
  readonly pool: AdapterPool;
  /** The host's view of the network: offline pauses sync and pushes. */
  online: boolean;
  /** stop() was called: nothing new starts. */
  stopped: boolean;
  activeConversationId: number | null;
}

/** What every unit may tell the others about: events out and the status to recompute. */
export interface Notify {
  /** data:changed for these conversations and numbers (`unread`: whether unread counts may have moved). */
  changed(conversationIds: Iterable<number>, numberIds?: Iterable<number>, unread?: boolean): void;
  /** Recomputes and emits sync:status with `patch` applied. */
  setStatus(patch: Partial<SyncStatus>): void;
}

export function requireConversation(ctx: ServiceContext, id: number): Conversation {
  const conversation = getConversation(ctx.db, id);
  if (!conversation) throw new AppError('NOT_FOUND', `There is no conversation ${id}.`);
  return conversation;
}

export function requireAccount(ctx: ServiceContext, id: number): Account {
  const account = getAccount(ctx.db, id);
  if (!account) throw new AppError('NOT_FOUND', `There is no account ${id}.`);
  return account;
}

export function providerOf(ctx: ServiceContext, accountId: number): (typeof providerInfo)[keyof typeof providerInfo] {
  return providerInfo[requireAccount(ctx, accountId).provider];
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref?.())]);
}
