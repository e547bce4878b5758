import { useEffect, useState } from 'react';
import type { Contact } from '../../shared/contacts';
import { errorMessage } from '../client';
import { formatParty } from '../lib/format';
import { providerName } from '../lib/providers';
import { useClient } from '../storeContext';
import { ContactNameDialog } from './ContactNameDialog';

/**
 * Settings › Contacts: the address books (searchable, the name that wins per number, where it
 * comes from), a name edited or removed, and a vCard or Google Contacts CSV file imported.
 */
export function ContactsImport() {
  const client = useClient();
  const [query, setQuery] = useState('');
  const [list, setList] = useState<{ contacts: Contact[]; total: number } | null>(null);
  const [editing, setEditing] = useState<Contact | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    // Typed words are looked up as the user pauses, not on every keystroke.
    const timer = setTimeout(() => {
      client.call('contacts:list', { query: query.trim() || undefined, limit: 50 }).then(
        (result) => live && setList(result),
        () => live && setList({ contacts: [], total: 0 }),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, query, generation]);
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
      setGeneration((g) => g + 1);
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
      <input
        type="search"
        className="contacts-search"
        placeholder="Find a contact"
        aria-label="Find a contact"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {list && list.contacts.length > 0 && (
        <ul className="contact-list" aria-label="Contacts">
          {list.contacts.map((contact) => (
            <li key={contact.phone}>
              <button type="button" className="contact-row" onClick={() => setEditing(contact)}>
                <span className="contact-name">{contact.name}</span>
                <span className="muted">
                  {formatParty(contact.phone)} · {contact.source === 'local' ? 'added here' : providerName(contact.provider ?? 'inkbox')}
                  {contact.optedOut ? ' · opted out' : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list && list.total > list.contacts.length && <p className="muted">and {list.total - list.contacts.length} more; type to find one</p>}
      {list && list.total === 0 && <p className="muted">{query.trim() ? 'No contact matches.' : 'No contacts yet.'}</p>}
      {editing && (
        <ContactNameDialog
          phone={editing.phone}
          current={editing.name}
          onClose={() => {
            setEditing(null);
            setGeneration((g) => g + 1);
          }}
        />
      )}
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
