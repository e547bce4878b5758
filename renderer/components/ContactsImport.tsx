import { useState } from 'react';
import { errorMessage } from '../client';
import { useClient } from '../storeContext';

/** Settings › Contacts: imports a vCard or Google Contacts CSV file into the local address book. */
export function ContactsImport() {
  const client = useClient();
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string; details: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  async function importFile(file: File) {
    setBusy(true);
    try {
      const format = /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'csv' : 'vcf';
      const report = await client.call('contacts:import', { format, content: await file.text() });
      setStatus({
        kind: report.imported > 0 ? 'info' : 'error',
        text: `Imported ${report.imported} number${report.imported === 1 ? '' : 's'} from ${report.cards} card${report.cards === 1 ? '' : 's'}${report.skipped ? `; ${report.skipped} skipped` : ''}.`,
        details: report.problems.slice(0, 5),
      });
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error), details: [] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="settings-section">
      <h3>Contacts</h3>
      <p className="muted">
        Names from your providers' address books show automatically. Import a vCard (.vcf, from Apple or Google Contacts) or a Google
        Contacts CSV file to add your own; names you add win over the providers' and stay through every sync.
      </p>
      <label className="button">
        {busy ? 'Importing…' : 'Import contacts…'}
        <input
          type="file"
          accept=".vcf,.vcard,.csv,text/vcard,text/x-vcard,text/csv"
          className="visually-hidden"
          aria-label="Import contacts from a file"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </label>
      {status && (
        <div role="status" className={status.kind === 'error' ? 'problem error' : 'muted'}>
          {status.text}
          {status.details.length > 0 && (
            <ul>
              {status.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
