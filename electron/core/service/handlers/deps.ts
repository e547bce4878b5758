import type { Handlers } from '../../../../shared/contract';
import type { Notify, ServiceContext, SyncReason } from '../context';
import type { Outbox } from '../outbox';
import type { ServiceStatus } from '../status';

/** What the handlers reach of the service's units. */
export interface HandlerDeps {
  ctx: ServiceContext;
  notify: Notify;
  status: ServiceStatus;
  outbox: Outbox;
  syncNow(reason: SyncReason, numberId?: number): Promise<void>;
  /** The settings changed: the next sync's time is computed again. */
  rescheduleSync(): void;
  openLiveFeeds(): Promise<void>;
  closeLiveFeeds(accountId?: number): Promise<void>;
  startMediaFetch(): void;
  /** accounts:useDemo: the host's local servers as accounts. */
  addLocalServerAccounts(): ReturnType<Handlers['accounts:useDemo']>;
}

export type HandlerGroup<K extends keyof Handlers> = Pick<Handlers, K>;
