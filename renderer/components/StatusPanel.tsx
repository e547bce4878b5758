import { useEffect, useState } from 'react';
import type { AccountSyncStatus, SyncStatus } from '../../shared/contract';
import { absoluteTime, relativeTime } from '../lib/format';
import { useApp } from '../storeContext';
import { Icon } from './Icon';

/** What each sync phase does, in words a user reads without knowing how sync works. */
const phaseLabels = {
  history: 'Downloading texts',
  head: 'Checking for new texts',
  reconcile: 'Checking older texts for changes',
  outbox: 'Sending your changes',
  media: 'Downloading pictures and files',
} as const;

function accountLine(account: AccountSyncStatus): { text: string; tone: 'ok' | 'busy' | 'problem' } {
  switch (account.state) {
    case 'stalled':
      return { text: 'Not answering. Still trying…', tone: 'problem' };
    case 'offline':
      return { text: `Cannot be reached${account.lastSyncedAt ? `; last synced ${relativeTime(account.lastSyncedAt)}` : ''}`, tone: 'problem' };
    case 'error':
      return { text: (account.error?.message ?? 'Sync failed').replace(`${account.label}: `, ''), tone: 'problem' };
    case 'syncing': {
      const p = account.progress;
      if (!p) return { text: 'Checking for new texts', tone: 'busy' };
      if (p.phase === 'history' && p.fetched > 0) return { text: downloading(p.fetched, p.total), tone: 'busy' };
      return { text: phaseLabels[p.phase], tone: 'busy' };
    }
    default:
      return { text: account.lastSyncedAt ? `Synced ${relativeTime(account.lastSyncedAt)}` : 'Not synced yet', tone: 'ok' };
  }
}

function downloading(fetched: number, total: number | null): string {
  return `Downloading ${fetched.toLocaleString()}${total !== null ? ` of ${total.toLocaleString()}` : ''} texts`;
}

/** The one line for the whole app when every account is fine (or the host reports no accounts). */
function summary(status: SyncStatus): string {
  if (status.state === 'offline') return 'Offline · showing cached texts';
  const p = status.progress;
  if (status.state === 'syncing' && p?.phase === 'history' && p.fetched > 0 && !status.accounts) return downloading(p.fetched, p.total);
  if (status.state === 'syncing') return p ? phaseLabels[p.phase] : 'Checking for new texts';
  return status.lastSyncedAt ? `Synced ${relativeTime(status.lastSyncedAt)}` : 'Not synced yet';
}

/** The sync status region: per account where they differ, named, with progress that never goes back; retry on errors. */
export function StatusPanel() {
  const status = useApp((s) => s.status);
  const engineGone = useApp((s) => s.engineGone);
  const syncNow = useApp((s) => s.syncNow);
  // Re-render each half minute so "synced 1 min. ago" stays true.
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  if (engineGone) {
    return (
      <div className="status-panel" role="status" aria-label="Sync status">
        <span className="status-line status-error">
          <Icon name="offline" size={14} /> Textdesk&rsquo;s background service stopped. Reconnecting…
        </span>
      </div>
    );
  }
  if (!status) {
    return (
      <div className="status-panel" role="status" aria-label="Sync status">
        <span className="status-line">Starting…</span>
      </div>
    );
  }

  const accounts = status.accounts ?? [];
  // Accounts that say something beyond "synced": named, each on its own line.
  const notable = accounts.filter((a) => a.state !== 'idle');
  const problem = status.state === 'error' && notable.length === 0;
  const busy = status.state === 'syncing';
  return (
    <div className="status-panel" role="status" aria-label="Sync status">
      {status?.recovery && <span className="status-line status-notice">{status.recovery.message}</span>}
      {notable.length === 0 || accounts.length === 1 ? (
        problem ? (
          <span className="status-line status-error">{status.error?.message ?? 'Sync failed.'}</span>
        ) : accounts.length === 1 && notable.length === 1 ? (
          <AccountRow account={notable[0]!} named={false} />
        ) : (
          <>
            <span className="status-line" title={absoluteTime(status.lastSyncedAt)}>
              {busy && <Icon name="sync" size={14} className="spin" />}
              {summary(status)}
            </span>
            {busy && !status.accounts && status.progress?.phase === 'history' && <LegacyProgress status={status} />}
          </>
        )
      ) : (
        <ul className="status-accounts" aria-label="Accounts">
          {notable.map((account) => (
            <li key={account.accountId}>
              <AccountRow account={account} named />
            </li>
          ))}
          {accounts.length > notable.length && (
            <li className="status-line status-rest">
              {accounts.length - notable.length === 1 ? 'The other account is' : `The other ${accounts.length - notable.length} accounts are`} synced
            </li>
          )}
        </ul>
      )}
      {status.pendingActions > 0 && <span className="status-count">{status.pendingActions} waiting to send</span>}
      {!busy &&
        (status.state === 'error' || status.state === 'offline' ? (
          <button type="button" className="link-button" onClick={() => void syncNow()}>
            Retry
          </button>
        ) : (
          <button type="button" className="icon-button small" aria-label="Sync now" onClick={() => void syncNow()}>
            <Icon name="sync" size={14} />
          </button>
        ))}
    </div>
  );
}

/** A host without per-account status: one bar for the number being downloaded. */
function LegacyProgress({ status }: { status: SyncStatus }) {
  const p = status.progress!;
  const pct = p.total ? Math.min(100, Math.round((p.fetched / p.total) * 100)) : null;
  return (
    <div className="progress" role="progressbar" aria-label="Sync progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
      <div className={pct === null ? 'progress-bar indeterminate' : 'progress-bar'} style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}

function AccountRow({ account, named }: { account: AccountSyncStatus; named: boolean }) {
  const { text, tone } = accountLine(account);
  const p = account.progress;
  const pct = p?.phase === 'history' && p.total ? Math.min(100, Math.round((p.fetched / p.total) * 100)) : null;
  return (
    <div className={`status-account tone-${tone}`} data-account-id={account.accountId}>
      <span className="status-line">
        {tone === 'busy' && <Icon name="sync" size={14} className="spin" />}
        {tone === 'problem' && <Icon name="offline" size={14} />}
        {named && <strong className="status-account-name">{account.label}: </strong>}
        {text}
      </span>
      {p?.phase === 'history' && (
        <div
          className="progress"
          role="progressbar"
          aria-label={`${account.label} download`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct ?? undefined}
        >
          <div className={pct === null ? 'progress-bar indeterminate' : 'progress-bar'} style={pct === null ? undefined : { width: `${pct}%` }} />
        </div>
      )}
    </div>
  );
}

export function OfflineBanner() {
  const status = useApp((s) => s.status);
  const engineGone = useApp((s) => s.engineGone);
  const accounts = useApp((s) => s.accounts);
  const syncNow = useApp((s) => s.syncNow);
  if (engineGone) {
    return (
      <div className="offline-banner" role="alert">
        <Icon name="offline" size={16} />
        <span>Textdesk&rsquo;s background service is not running. What you see may be out of date; it reconnects by itself when the service is back.</span>
      </div>
    );
  }
  if (!status) return null;
  // Named: which accounts cannot be reached, while the others keep syncing.
  const unreachable = (status.accounts ?? []).filter((a) => a.state === 'offline' || a.state === 'stalled');
  if (status.state !== 'offline' && unreachable.length === 0) return null;
  const everyone = status.state === 'offline' || unreachable.length === (status.accounts ?? []).length;
  const demo = unreachable.length > 0 && unreachable.every((a) => accounts.find((x) => x.id === a.accountId)?.baseUrl.startsWith('demo:'));
  const names = unreachable.map((a) => a.label).join(', ');
  const verb = unreachable.every((a) => a.state === 'stalled')
    ? unreachable.length === 1
      ? 'is not answering'
      : 'are not answering'
    : 'cannot be reached';
  const who = everyone
    ? status.demo || demo
      ? 'The demo server is not answering.'
      : 'Textdesk cannot reach the server.'
    : demo
      ? `The demo server is not answering (${names}); the other accounts keep syncing.`
      : `${names} ${verb}; the other accounts keep syncing.`;
  return (
    <div className="offline-banner">
      <Icon name="offline" size={16} />
      <span>
        {who} You can still read and search every cached text
        {status.pendingActions > 0 ? `; ${status.pendingActions} ${status.pendingActions === 1 ? 'change is' : 'changes are'} queued and will be sent when it returns.` : '.'}
      </span>
      <button type="button" className="link-button" onClick={() => void syncNow()}>
        Try again
      </button>
    </div>
  );
}
