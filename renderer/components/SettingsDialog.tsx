import { useState } from 'react';
import { DEFAULT_MEDIA_MAX_FILE_MB, type Settings } from '../../shared/settings';
import { useApp } from '../storeContext';
import { ConfirmDialog } from './ConfirmDialog';
import { ContactsImport } from './ContactsImport';
import { Icon } from './Icon';
import { useModal } from './useModal';
import { ProviderBadge } from './ProviderBadge';
import { limitations } from '../lib/providers';

export function SettingsDialog() {
  const settings = useApp((s) => s.settings);
  const accounts = useApp((s) => s.accounts);
  const numbers = useApp((s) => s.numbers);
  const update = useApp((s) => s.updateSettings);
  const close = useApp((s) => s.openSettings);
  const removeAccount = useApp((s) => s.removeAccount);
  const openOnboarding = useApp((s) => s.openOnboarding);
  const [removing, setRemoving] = useState<number | null>(null);
  const { ref: dialogRef, trapTab } = useModal<HTMLDivElement>();
  if (!settings) return null;

  function field<K extends keyof Settings>(key: K, value: Settings[K]) {
    void update({ [key]: value } as Partial<Settings>);
  }

  return (
    <div className="modal-backdrop" onClick={() => close(false)}>
      <div
        ref={dialogRef}
        className="modal settings"
        role="dialog"
        aria-modal="true"
        aria-labelledby="settings-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && removing === null) {
            e.stopPropagation();
            close(false);
          } else if (removing === null) trapTab(e);
        }}
      >
        <header className="modal-header">
          <h2 id="settings-title">Settings</h2>
          <button type="button" className="icon-button" aria-label="Close settings" onClick={() => close(false)}>
            <Icon name="close" />
          </button>
        </header>

        <section className="settings-section">
          <h3>Accounts</h3>
          <ul className="account-list">
            {accounts.map((account) => (
              <li key={account.id} className="account-row">
                <div>
                  <span className="account-title">
                    <strong>{account.label}</strong>
                    <ProviderBadge provider={account.provider} />
                  </span>
                  <span className="muted">
                    {countLabel(numbers.filter((n) => n.accountId === account.id).length)} · {account.baseUrl}
                  </span>
                  {limitations(account.provider).length > 0 && (
                    <span className="muted account-limits">{capitalise(limitations(account.provider).join('; '))}</span>
                  )}
                </div>
                <button type="button" className="button" onClick={() => setRemoving(account.id)} aria-label={`Remove ${account.label}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="button" onClick={openOnboarding}>
            Add an account
          </button>
        </section>

        <ContactsImport />

        <section className="settings-section">
          <h3>Notifications</h3>
          <Toggle label="Show notifications for new texts" checked={settings.notifications} onChange={(v) => field('notifications', v)} />
          <Toggle label="Show the text in notifications" checked={settings.notificationPreview} onChange={(v) => field('notificationPreview', v)} disabled={!settings.notifications} />
          <Toggle label="Do not disturb" checked={settings.doNotDisturb} onChange={(v) => field('doNotDisturb', v)} />
        </section>

        <section className="settings-section">
          <h3>Appearance</h3>
          <div className="segmented" role="radiogroup" aria-label="Theme">
            {(['system', 'light', 'dark'] as const).map((theme) => (
              <button key={theme} type="button" role="radio" aria-checked={settings.theme === theme} className={settings.theme === theme ? 'is-active' : ''} onClick={() => field('theme', theme)}>
                {theme[0]!.toUpperCase() + theme.slice(1)}
              </button>
            ))}
          </div>
        </section>

        <section className="settings-section">
          <h3>Sync and storage</h3>
          <label className="field-row">
            <span>Check for new texts every</span>
            <select value={settings.syncIntervalSeconds} onChange={(e) => field('syncIntervalSeconds', Number(e.target.value))}>
              {[10, 30, 60, 300, 900, 3600].map((s) => (
                <option key={s} value={s}>
                  {s < 60 ? `${s} seconds` : s < 3600 ? `${s / 60} minute${s === 60 ? '' : 's'}` : '1 hour'}
                </option>
              ))}
            </select>
          </label>
          <label className="field-row">
            <span>Media cache size</span>
            <select value={settings.mediaCacheMb} onChange={(e) => field('mediaCacheMb', Number(e.target.value))}>
              {[256, 512, 1024, 2048, 5120, 10240].map((mb) => (
                <option key={mb} value={mb}>
                  {mb >= 1024 ? `${mb / 1024} GB` : `${mb} MB`}
                </option>
              ))}
            </select>
          </label>
          <label className="field-row">
            <span>Largest attachment to download</span>
            <select
              value={settings.mediaMaxFileMb ?? DEFAULT_MEDIA_MAX_FILE_MB}
              onChange={(e) => field('mediaMaxFileMb', Number(e.target.value))}
            >
              {[10, 25, 100, 250, 1024].map((mb) => (
                <option key={mb} value={mb}>
                  {mb >= 1024 ? `${mb / 1024} GB` : `${mb} MB`}
                </option>
              ))}
            </select>
          </label>
        </section>
      </div>
      {removing !== null && (
        <ConfirmDialog
          title="Remove this account?"
          body="Its cached texts and media are deleted from this computer. Nothing is deleted on the server."
          confirmLabel="Remove"
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const id = removing;
            setRemoving(null);
            void removeAccount(id);
          }}
        />
      )}
    </div>
  );
}

function Toggle({ label, checked, onChange, disabled }: { label: string; checked: boolean; onChange: (value: boolean) => void; disabled?: boolean }) {
  return (
    <label className="toggle-row">
      <span>{label}</span>
      <input type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
    </label>
  );
}

function countLabel(count: number): string {
  return `${count} ${count === 1 ? 'number' : 'numbers'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
