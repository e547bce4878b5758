import { useState } from 'react';
import type { RemoteNumberInfo } from '../../shared/contract';
import { errorMessage } from '../client';
import { formatParty } from '../lib/format';
import { useApp } from '../storeContext';

type Step = { kind: 'form' } | { kind: 'numbers'; numbers: RemoteNumberInfo[] };

export function Onboarding() {
  const testConnection = useApp((s) => s.testConnection);
  const addAccount = useApp((s) => s.addAccount);
  const useDemo = useApp((s) => s.useDemo);
  const cancelable = useApp((s) => s.onboardingCancelable);
  const close = useApp((s) => s.closeOnboarding);
  const host = useApp((s) => s.info?.host);
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [label, setLabel] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const connection = () => ({
    provider: 'inkbox' as const,
    credentials: { apiKey: apiKey.trim() },
    ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
  });

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="onboarding">
      <div className="onboarding-card">
        <div className="brand big">
          <span className="brand-mark" aria-hidden="true">T</span>
          <span className="brand-name">Textdesk</span>
        </div>
        <h1>Every business text, in one fast inbox</h1>
        {step.kind === 'form' ? (
          <form
            className="onboarding-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                const numbers = await testConnection(connection());
                setChosen(new Set(numbers.map((n) => n.providerId)));
                setStep({ kind: 'numbers', numbers });
              });
            }}
          >
            <h2>Connect an Inkbox account</h2>
            <label className="field">
              <span>API key</span>
              <input type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="off" required />
            </label>
            <label className="field">
              <span>
                Base URL <span className="muted">(optional)</span>
              </span>
              <input type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://api.inkbox.ai" />
            </label>
            <p className="muted small">
              {host === 'web'
                ? 'The browser host keeps your key in the system keychain when one is available; otherwise only in memory, until it stops. It is never written to disk in plain text.'
                : 'Your key is kept in the system keychain, never in plain text.'}
            </p>
            {error && (
              <div className="inline-error" role="alert">
                {error}
              </div>
            )}
            <div className="onboarding-actions">
              <button type="submit" className="button button-primary" disabled={busy || apiKey.trim() === ''}>
                {busy ? 'Testing…' : 'Test connection'}
              </button>
              {cancelable ? (
                <button type="button" className="button" onClick={close}>
                  Cancel
                </button>
              ) : (
                <button type="button" className="button" disabled={busy} onClick={() => void run(useDemo)}>
                  Try the demo
                </button>
              )}
            </div>
          </form>
        ) : (
          <form
            className="onboarding-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await addAccount({ ...connection(), ...(label.trim() ? { label: label.trim() } : {}), numberIds: [...chosen] });
              });
            }}
          >
            <h2>Choose the numbers to sync</h2>
            <p className="muted">Connected. {step.numbers.length} numbers on this account.</p>
            <fieldset className="number-choices">
              <legend className="visually-hidden">Numbers</legend>
              {step.numbers.map((n) => (
                <label key={n.providerId} className="toggle-row">
                  <span>
                    {formatParty(n.phoneNumber)}
                    {n.label && <span className="muted"> · {n.label}</span>}
                    {!n.ready && <span className="muted"> · not ready</span>}
                  </span>
                  <input
                    type="checkbox"
                    checked={chosen.has(n.providerId)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(n.providerId);
                      else next.delete(n.providerId);
                      setChosen(next);
                    }}
                  />
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span>
                Account name <span className="muted">(optional)</span>
              </span>
              <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="Inkbox" />
            </label>
            {error && (
              <div className="inline-error" role="alert">
                {error}
              </div>
            )}
            <div className="onboarding-actions">
              <button type="submit" className="button button-primary" disabled={busy || chosen.size === 0}>
                {busy ? 'Adding…' : `Sync ${chosen.size} ${chosen.size === 1 ? 'number' : 'numbers'}`}
              </button>
              <button type="button" className="button" onClick={() => setStep({ kind: 'form' })}>
                Back
              </button>
            </div>
          </form>
        )}
      </div>
    </main>
  );
}
