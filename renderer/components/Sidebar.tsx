import type { LineHealth, PhoneNumber } from '../../shared/model';
import { formatParty } from '../lib/format';
import { labelNamesProvider } from '../lib/providers';
import { selectUnreadTotal } from '../store/selectors';
import { useApp } from '../storeContext';
import { Icon } from './Icon';
import { ProviderBadge } from './ProviderBadge';
import { StatusPanel } from './StatusPanel';

export function Sidebar() {
  const numbers = useApp((s) => s.numbers);
  const accounts = useApp((s) => s.accounts);
  const scope = useApp((s) => s.scopeNumberId);
  const selectNumber = useApp((s) => s.selectNumber);
  const unreadTotal = useApp(selectUnreadTotal);
  const openSettings = useApp((s) => s.openSettings);
  // Only while every account is a demo one: once a real account is connected the card has done its job.
  const demoOnly = useApp((s) => s.accounts.length > 0 && s.accounts.every((a) => a.baseUrl.startsWith('demo:')));
  const openOnboarding = useApp((s) => s.openOnboarding);
  const archivedView = useApp((s) => s.archivedView);
  const setArchivedView = useApp((s) => s.setArchivedView);

  return (
    <nav className="sidebar" aria-label="Numbers">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">T</span>
        <span className="brand-name">Textdesk</span>
      </div>
      {/* One scroll area for the whole sidebar: numbers, status and settings move together. */}
      <div className="sidebar-scroll">
      <ul className="number-list">
        <li>
          <button
            type="button"
            className={scope === null && !archivedView ? 'number-item is-current' : 'number-item'}
            aria-current={scope === null && !archivedView ? 'page' : undefined}
            onClick={() => {
              if (archivedView) setArchivedView(false);
              selectNumber(null);
            }}
          >
            <Icon name="inbox" />
            <span className="number-label">All numbers</span>
            {unreadTotal > 0 && <span className="badge" aria-label={`${unreadTotal} unread`}>{unreadTotal}</span>}
          </button>
        </li>
        <li>
          <button
            type="button"
            className={archivedView ? 'number-item is-current' : 'number-item'}
            aria-current={archivedView ? 'page' : undefined}
            onClick={() => {
              if (scope !== null) selectNumber(null);
              setArchivedView(true);
            }}
          >
            <Icon name="archive" />
            <span className="number-label">Archived</span>
          </button>
        </li>
      </ul>
      <div className="sidebar-accounts">
      {accounts.map((account) => {
        const own = numbers.filter((n) => n.accountId === account.id);
        if (own.length === 0) return null;
        return (
          <section key={account.id} className="account-group" aria-labelledby={`account-${account.id}`}>
            <h2 className="account-heading" id={`account-${account.id}`}>
              <span className="account-name" title={account.label}>{account.label}</span>
              {/* "Heymarket demo" says its provider already: the badge beside it would only crowd the name. */}
              {!labelNamesProvider(account.label, account.provider) && <ProviderBadge provider={account.provider} />}
            </h2>
            <ul className="number-list">
              {own.map((number) => (
                <NumberItem
                  key={number.id}
                  number={number}
                  current={scope === number.id && !archivedView}
                  onSelect={(id) => {
                    if (archivedView) setArchivedView(false);
                    selectNumber(id);
                  }}
                />
              ))}
            </ul>
          </section>
        );
      })}
      </div>
      <div className="sidebar-bottom">
        {demoOnly && (
          <div className="demo-card">
            <strong>Demo data</strong>
            <span>These texts come from the built-in demo server.</span>
            <button type="button" className="link-button" onClick={openOnboarding}>
              Connect your account
            </button>
          </div>
        )}
        <StatusPanel />
        <button type="button" className="number-item" onClick={() => openSettings(true)}>
          <Icon name="settings" />
          <span className="number-label">Settings</span>
        </button>
      </div>
      </div>
    </nav>
  );
}

function NumberItem({ number, current, onSelect }: { number: PhoneNumber; current: boolean; onSelect: (id: number) => void }) {
  const label = number.label ?? formatParty(number.phoneNumber);
  return (
    <li>
      <button type="button" className={current ? 'number-item is-current' : 'number-item'} aria-current={current ? 'page' : undefined} onClick={() => onSelect(number.id)} title={number.phoneNumber}>
        <Icon name="phone" />
        <span className="number-label">
          <span className="number-name">{label}</span>
          {number.label && <span className="number-sub">{formatParty(number.phoneNumber)}</span>}
          {number.status !== 'unavailable' && number.health && number.health !== 'online' && (
            <span className={`number-sub line-health-text is-${number.health}`}>{healthWords[number.health]}</span>
          )}
        </span>
        {number.status === 'unavailable' && <span className="number-state">unavailable</span>}
        {number.status !== 'unavailable' && number.health && <LineHealthMark health={number.health} changedAt={number.healthChangedAt ?? null} />}
        {number.unreadCount > 0 && <span className="badge" aria-label={`${number.unreadCount} unread`}>{number.unreadCount}</span>}
      </button>
    </li>
  );
}

const healthWords: Record<LineHealth, string> = {
  online: 'Line online',
  degraded: 'Line degraded',
  offline: 'Line offline',
  unknown: 'Line health unknown',
};

/**
 * A line's health as its provider reports it (Sendblue): a dot coloured by it beside the number,
 * and, when it is not online, the words under the number (where they never cut the number off),
 * so a degraded or offline line is seen without opening anything.
 */
function LineHealthMark({ health, changedAt }: { health: LineHealth; changedAt: string | null }) {
  const since = changedAt ? ` since ${new Date(changedAt).toLocaleString()}` : '';
  const label = `${healthWords[health]}${since}`;
  return <span className={`line-health is-${health}`} role="img" aria-label={label} title={label} />;
}
