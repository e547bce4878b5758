import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../client';
import { formatParty } from '../lib/format';
import { useApp, useClient } from '../storeContext';

/**
 * Names a number in the local address book. The name set here wins over every provider's and
 * survives every sync; removing it lets the provider's name (if any) show again.
 */
export function ContactNameDialog({
  phone,
  numberId,
  current,
  onClose,
}: {
  phone: string;
  /** The receiving number, whose country reads the phone; any when omitted. */
  numberId?: number;
  current: string | null;
  onClose: () => void;
}) {
  const client = useClient();
  const pushToast = useApp((s) => s.pushToast);
  const [name, setName] = useState(current ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.select(), []);

  async function save(value: string | null) {
    setBusy(true);
    try {
      const result = await client.call('contacts:set', { phone, name: value, ...(numberId !== undefined ? { numberId } : {}) });
      pushToast({ kind: 'info', text: result.name ? `Shown as ${result.name}` : `${formatParty(result.phone)} has no name here now` });
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  }

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal confirm"
        role="dialog"
        aria-modal="true"
        aria-labelledby="contact-name-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save(name.trim() === '' ? null : name);
          }}
        >
          <h2 id="contact-name-title">Name for {formatParty(phone)}</h2>
          <label className="field">
            <span>Name</span>
            <input ref={inputRef} type="text" value={name} maxLength={100} autoComplete="off" onChange={(e) => setName(e.target.value)} />
          </label>
          {error && <p className="problem error">{error}</p>}
          <div className="modal-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            {current !== null && (
              <button type="button" className="button" disabled={busy} onClick={() => void save(null)}>
                Remove name
              </button>
            )}
            <button type="submit" className="button button-primary" disabled={busy}>
              Save
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
