import { useState } from 'react';
import type { Credentials, RemoteNumberInfo } from '../../shared/contract';
import type { ErrorCode } from '../../shared/errors';
import type { ProviderKind } from '../../shared/model';
import { providerFields, providerHint, providerInfo } from '../../shared/providers';
import { ClientError, errorMessage } from '../client';
import { formatParty } from '../lib/format';
import { isSecretField, providerKinds } from '../lib/providers';
import { useApp } from '../storeContext';
import { ProviderBadge } from './ProviderBadge';

type Step = { kind: 'form' } | { kind: 'numbers'; numbers: RemoteNumberInfo[] };

/** A refusal as the user reads it: what went wrong in a few words, then the service's sentence. */
interface ConnectionProblem {
  title: string;
  detail: string;
}

function describeProblem(error: unknown, provider: string): ConnectionProblem {
  const code: ErrorCode | null = error instanceof ClientError ? error.code : null;
  const titles: Partial<Record<ErrorCode, string>> = {
    AUTH: `${provider} refused these credentials`,
    NETWORK: `${provider} could not be reached`,
    RATE_LIMITED: `${provider} asks to wait before trying again`,
    UNSUPPORTED: `${provider} is not supported by this version yet`,
    VALIDATION: 'Check the fields',
    NOT_FOUND: `${provider} did not recognise this address`,
  };
  return { title: (code && titles[code]) ?? 'The connection failed', detail: errorMessage(error) };
}

export function Onboarding() {
  const testConnection = useApp((s) => s.testConnection);
  const addAccount = useApp((s) => s.addAccount);
  const useDemo = useApp((s) => s.useDemo);
  const cancelable = useApp((s) => s.onboardingCancelable);
  const close = useApp((s) => s.closeOnboarding);
  const host = useApp((s) => s.info?.host);
  const [provider, setProvider] = useState<ProviderKind>('inkbox');
  const [credentials, setCredentials] = useState<Credentials>({});
  const [credentialKind, setCredentialKind] = useState<string | undefined>(undefined);
  const [baseUrl, setBaseUrl] = useState('');
  const [label, setLabel] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConnectionProblem | null>(null);
  const info = providerInfo[provider];
  const fields = providerFields(provider, credentialKind);
  const complete = fields.every((f) => (credentials[f.field] ?? '').trim() !== '');

  function chooseProvider(next: ProviderKind) {
    if (next === provider) return;
    // Never send one provider's key to another.
    setProvider(next);
    setCredentials({});
    setCredentialKind(undefined);
    setBaseUrl('');
    setError(null);
  }

  const connection = () => ({
    provider,
    credentials: Object.fromEntries(fields.map((f) => [f.field, (credentials[f.field] ?? '').trim()])) as Credentials,
    ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
  });

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describeProblem(e, info.name));
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
            <h2>Connect an account</h2>
            <div className="provider-picker" role="radiogroup" aria-label="Provider">
              {providerKinds.map((kind) => (
                <button
                  key={kind}
                  type="button"
                  role="radio"
                  aria-checked={kind === provider}
                  className={kind === provider ? 'provider-option is-active' : 'provider-option'}
                  onClick={() => chooseProvider(kind)}
                >
                  {providerInfo[kind].name}
                </button>
              ))}
            </div>
            {info.credentialKinds && (
              <div className="provider-picker" role="radiogroup" aria-label="Kind of credential">
                {info.credentialKinds.map((kind) => {
                  const active = kind.id === (credentialKind ?? info.credentialKinds![0]!.id);
                  return (
                    <button
                      key={kind.id}
                      type="button"
                      role="radio"
                      aria-checked={active}
                      className={active ? 'provider-option is-active' : 'provider-option'}
                      onClick={() => {
                        // The same field means a different thing in each kind: start empty.
                        setCredentialKind(kind.id);
                        setCredentials({});
                        setError(null);
                      }}
                    >
                      {kind.label}
                    </button>
                  );
                })}
              </div>
            )}
            {fields.map((field) => (
              <label key={`${provider}-${credentialKind ?? ''}-${field.field}`} className="field">
                <span>{field.label}</span>
                <input
                  type={isSecretField(provider, field, fields) ? 'password' : 'text'}
                  value={credentials[field.field] ?? ''}
                  onChange={(e) => {
                    // A new key is a new attempt: the last attempt's error no longer applies.
                    setError(null);
                    setCredentials({ ...credentials, [field.field]: e.target.value });
                  }}
                  placeholder={field.placeholder}
                  autoComplete="off"
                  spellCheck={false}
                  required
                />
              </label>
            ))}
            <p className="muted small provider-hint">{providerHint(provider, credentialKind)}</p>
            <label className="field">
              <span>
                Base URL <span className="muted">(optional)</span>
              </span>
              <input type="url" value={baseUrl} onChange={(e) => {
                setError(null);
                setBaseUrl(e.target.value);
              }} placeholder={info.defaultBaseUrl} spellCheck={false} />
            </label>
            <p className="muted small">
              {host === 'web'
                ? 'The browser host keeps your credentials in the system keychain when one is available; otherwise only in memory, until it stops. They are never written to disk in plain text.'
                : 'Your credentials are kept in the system keychain, never in plain text.'}
            </p>
            {error && <ConnectionError error={error} />}
            <div className="onboarding-actions">
              <button type="submit" className="button button-primary" disabled={busy || !complete}>
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
            <p className="muted">
              <ProviderBadge provider={provider} /> Connected. {step.numbers.length} {step.numbers.length === 1 ? 'number' : 'numbers'} on this account.
            </p>
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
              <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder={info.name} />
            </label>
            {error && <ConnectionError error={error} />}
            <div className="onboarding-actions">
              <button type="submit" className="button button-primary" disabled={busy || chosen.size === 0}>
                {busy ? 'Adding…' : `Sync ${chosen.size} ${chosen.size === 1 ? 'number' : 'numbers'}`}
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setError(null);
                  setStep({ kind: 'form' });
                }}
              >
                Back
              </button>
            </div>
          </form>
        )}
      </div>
    </main>
  );
}

/** Why a connection test or an add failed: a title and what to do about it. */
function ConnectionError({ error }: { error: { title: string; detail: string } }) {
  return (
    <div className="inline-error" role="alert">
      <strong>{error.title}</strong>
      <span>{error.detail}</span>
    </div>
  );
}
