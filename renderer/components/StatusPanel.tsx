import { useEffect, useState } from 'react';
import { relativeTime } from '../lib/format';
import { useApp } from '../storeContext';
import { Icon } from './Icon';

const phaseLabels = { history: 'Downloading history', head: 'Checking for new texts', reconcile: 'Reconciling', outbox: 'Sending changes', media: 'Fetching media' } as const;

/** The sync status region: progress with counts, last synced time, errors with a retry. */
export function StatusPanel() {
  const status = useApp((s) => s.status);
  const syncNow = useApp((s) => s.syncNow);
  // Re-render each half minute so "synced 1 min. ago" stays true.
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  let body: React.ReactNode;
  if (!status) body = <span>Starting…</span>;
  else if (status.state === 'syncing') {
    const progress = status.progress;
    const pct = progress?.total ? Math.min(100, Math.round((progress.fetched / progress.total) * 100)) : null;
    body = (
      <>
        <span className="status-line">
          <Icon name="sync" size={14} className="spin" />
          {progress ? phaseLabels[progress.phase] : 'Syncing'}
          {progress && progress.fetched > 0 && (
            <span className="status-count">
              {' '}
              {progress.fetched.toLocaleString()}
              {progress.total !== null ? ` of ${progress.total.toLocaleString()}` : ''} texts
            </span>
          )}
        </span>
        {progress?.phase === 'history' && (
          <div className="progress" role="progressbar" aria-label="Sync progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
            <div className={pct === null ? 'progress-bar indeterminate' : 'progress-bar'} style={pct === null ? undefined : { width: `${pct}%` }} />
          </div>
        )}
      </>
    );
  } else if (status.state === 'error') {
    body = (
      <>
        <span className="status-line status-error">{status.error?.message ?? 'Sync failed.'}</span>
        <button type="button" className="link-button" onClick={() => void syncNow()}>
          Retry
        </button>
      </>
    );
  } else {
    body = (
      <span className="status-line">
        {status.state === 'offline' ? 'Offline · showing cached texts' : status.lastSyncedAt ? `Synced ${relativeTime(status.lastSyncedAt)}` : 'Not synced yet'}
        {status.pendingActions > 0 && <span className="status-count"> · {status.pendingActions} waiting to send</span>}
      </span>
    );
  }
  return (
    <div className="status-panel" role="status" aria-label="Sync status">
      {status?.recovery && <span className="status-line status-notice">{status.recovery.message}</span>}
      {body}
      {status && status.state !== 'syncing' && status.state !== 'error' && (
        <button type="button" className="icon-button small" aria-label="Sync now" onClick={() => void syncNow()}>
          <Icon name="sync" size={14} />
        </button>
      )}
    </div>
  );
}

export function OfflineBanner() {
  const status = useApp((s) => s.status);
  const syncNow = useApp((s) => s.syncNow);
  if (!status || status.state !== 'offline') return null;
  return (
    <div className="offline-banner">
      <Icon name="offline" size={16} />
      <span>
        {status.demo ? 'The demo server is not answering.' : 'Textdesk cannot reach the server.'} You can still read and search every cached text
        {status.pendingActions > 0 ? `; ${status.pendingActions} ${status.pendingActions === 1 ? 'change is' : 'changes are'} queued and will be sent when it returns.` : '.'}
      </span>
      <button type="button" className="link-button" onClick={() => void syncNow()}>
        Try again
      </button>
    </div>
  );
}
