import { forwardRef, useMemo } from 'react';
import { parseSearchQuery, type SearchFilters } from '../../shared/searchQuery';
import { useApp } from '../storeContext';
import { Icon } from './Icon';

interface Chip {
  label: string;
  token: string;
  /** Matches the token (and its variants) in the query, to remove it. */
  pattern: RegExp;
  active: (filters: SearchFilters) => boolean;
}

function daysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** One chip per operator people reach for; the query text stays the single source of truth. */
function chips(): Chip[] {
  return [
    { label: 'Unread', token: 'is:unread', pattern: /(^|\s)is:unread(?=\s|$)/gi, active: (f) => f.isRead === false },
    { label: 'From me', token: 'from:me', pattern: /(^|\s)from:me(?=\s|$)/gi, active: (f) => f.from?.kind === 'me' },
    { label: 'Media', token: 'has:media', pattern: /(^|\s)has:media(?=\s|$)/gi, active: (f) => f.has === 'media' },
    { label: 'Images', token: 'has:image', pattern: /(^|\s)has:image(?=\s|$)/gi, active: (f) => f.has === 'image' },
    { label: 'Files', token: 'has:file', pattern: /(^|\s)has:file(?=\s|$)/gi, active: (f) => f.has === 'file' },
    { label: 'Past week', token: `after:${daysAgo(7)}`, pattern: /(^|\s)after:\S+(?=\s|$)/gi, active: (f) => f.after !== undefined },
  ];
}

export function toggleChip(query: string, chip: Chip, active: boolean): string {
  if (active) return query.replace(chip.pattern, '').replace(/\s+/g, ' ').trim();
  const base = query.trim();
  return base === '' ? `${chip.token} ` : `${base} ${chip.token} `;
}

export const SearchBox = forwardRef<HTMLInputElement, { onEscape: () => void; onArrowDown: () => void }>(function SearchBox(
  { onEscape, onArrowDown },
  ref,
) {
  const query = useApp((s) => s.searchQuery);
  const setQuery = useApp((s) => s.setSearchQuery);
  // Parsed here as well as by the engine: what cannot be read as written is explained as it is typed.
  const parsed = useMemo(() => parseSearchQuery(query, { names: true }), [query]);
  const filters = parsed.filters;
  const problems = parsed.problems;
  const searching = query.trim() !== '';
  const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

  return (
    <div className="search">
      <div className="search-field">
        <Icon name="search" size={16} className="search-icon" />
        <input
          ref={ref}
          type="search"
          role="searchbox"
          aria-label="Search messages"
          placeholder="Search"
          value={query}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onEscape();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              onArrowDown();
            }
          }}
        />
        {searching ? (
          <button type="button" className="icon-button small" aria-label="Clear search" onClick={() => setQuery('')}>
            <Icon name="close" size={14} />
          </button>
        ) : (
          <kbd className="shortcut" aria-hidden="true">
            {isMac ? '⌘K' : 'Ctrl K'}
          </kbd>
        )}
      </div>
      {searching && (
        <div className="chips" role="group" aria-label="Search filters">
          {chips().map((chip) => {
            const active = chip.active(filters);
            return (
              <button
                key={chip.label}
                type="button"
                className={active ? 'chip is-active' : 'chip'}
                aria-pressed={active}
                onClick={() => setQuery(toggleChip(query, chip, active))}
              >
                {chip.label}
              </button>
            );
          })}
        </div>
      )}
      {searching && problems.length > 0 && (
        <div className="search-problems" aria-live="polite">
          {problems.map((p) => (
            <div key={`${p.code}-${p.start}`} className={p.severity === 'error' ? 'problem error' : 'problem'}>
              {p.message}
              {p.code === 'unknown-operator' && ' Filters are from:, in:, number:, is:, has:, before: and after:.'}
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
