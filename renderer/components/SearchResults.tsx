import { forwardRef, useMemo } from 'react';
import type { SearchHit } from '../../shared/search';
import { absoluteTime, conversationName, formatParty, mediaLabel, relativeTime } from '../lib/format';
import { groupHits } from '../store/selectors';
import { useApp } from '../storeContext';
import { Avatar } from './Avatar';
import { Highlighted } from './Highlighted';
import { Icon } from './Icon';

/** Hits grouped by conversation; each hit is a button that opens its thread at the match. */
export const SearchResults = forwardRef<HTMLDivElement, { onEscape: () => void }>(function SearchResults({ onEscape }, ref) {
  const hits = useApp((s) => s.searchHits);
  const named = useApp((s) => s.searchConversations);
  const openConversation = useApp((s) => s.openConversation);
  const loading = useApp((s) => s.searchLoading);
  const error = useApp((s) => s.searchError);
  const cursor = useApp((s) => s.searchCursor);
  const loadMore = useApp((s) => s.loadMoreHits);
  const jumpToHit = useApp((s) => s.jumpToHit);
  const openId = useApp((s) => s.openId);
  const highlight = useApp((s) => s.thread?.highlight?.messageId ?? null);
  const groups = useMemo(() => groupHits(hits), [hits]);

  function onKeyDown(event: React.KeyboardEvent<HTMLDivElement>) {
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('.hit')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown' || event.key === 'j') buttons[Math.min(buttons.length - 1, at + 1)]?.focus();
    else if (event.key === 'ArrowUp' || event.key === 'k') {
      if (at <= 0) onEscape();
      else buttons[at - 1]?.focus();
    } else if (event.key === 'Escape') onEscape();
    else return;
    event.preventDefault();
  }

  return (
    <div ref={ref} className="search-results" onKeyDown={onKeyDown}>
      <div className="search-summary" aria-live="polite">
        {error ? <span className="problem error">{error}</span> : loading && hits.length === 0 ? 'Searching…' : hits.length === 0 ? 'No texts match.' : `${hits.length}${cursor ? '+' : ''} ${hits.length === 1 ? 'match' : 'matches'} in ${groups.length} ${groups.length === 1 ? 'conversation' : 'conversations'}`}
      </div>
      {named.length > 0 && (
        <ul className="hit-contacts" aria-label="Contacts">
          {named.map((conversation) => {
            const party = conversationName(conversation);
            return (
              <li key={conversation.id}>
                <button type="button" className="hit hit-contact" onClick={() => void openConversation(conversation.id)}>
                  <Avatar conversation={conversation} size={24} />
                  <span className="hit-party">{party}</span>
                  <span className="hit-time">{formatParty(conversation.remote)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {!loading && hits.length === 0 && <SearchHelp />}
      <ul className="hit-groups" aria-label="Search results">
        {groups.map((group) => {
          const conversation = group.hits[0]!.conversation;
          const party = conversationName(conversation);
          return (
            <li key={group.conversationId} className="hit-group">
              <div className="hit-group-header">
                <Avatar conversation={conversation} size={24} />
                <span className="hit-party">{party}</span>
                <span className="hit-count">{group.hits.length}</span>
              </div>
              <ul className="hits" aria-label={`Matches with ${party}`}>
                {group.hits.map((hit) => (
                  <li key={hit.message.id}>
                    <HitButton hit={hit} current={openId === conversation.id && highlight === hit.message.id} onOpen={() => void jumpToHit(hit)} />
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
      {cursor && (
        <button type="button" className="button more-results" onClick={() => void loadMore()} disabled={loading}>
          More results
        </button>
      )}
    </div>
  );
});

function HitButton({ hit, current, onOpen }: { hit: SearchHit; current: boolean; onOpen: () => void }) {
  const media = hit.message.media.length > 0;
  const what = media ? [...new Set(hit.message.media.map((m) => mediaLabel(m.contentType)))].join(', ') : '';
  return (
    <button type="button" className={current ? 'hit is-current' : 'hit'} onClick={onOpen} aria-current={current ? 'true' : undefined}>
      <span className="hit-snippet">
        {hit.message.direction === 'outbound' && <span className="preview-you">You: </span>}
        {media && <Icon name="image" size={13} className="preview-media" />}
        {media && hit.snippet.text && <span className="hit-kind">{what} ·</span>}
        <Highlighted text={hit.snippet.text || what} ranges={hit.snippet.text ? hit.snippet.highlights : []} />
      </span>
      <time className="hit-time" dateTime={hit.message.createdAt} title={absoluteTime(hit.message.createdAt)}>
        {relativeTime(hit.message.createdAt)}
      </time>
    </button>
  );
}

/** The operators search understands, as the CLI documents them: shown where a search found nothing. */
export const searchOperators: Array<[string, string]> = [
  ['"exact phrase"', 'the words in this order'],
  ['invoice OR receipt', 'either word'],
  ['-word', 'leave out texts with it'],
  ['from:me', 'texts you sent; from:+15551234567 for one party'],
  ['in:+15551234567', 'one conversation'],
  ['is:unread', 'or is:read'],
  ['has:image', 'or has:media, has:video, has:audio, has:file'],
  ['after:2026-05-01', 'on or after a day; before: for earlier'],
  ['555 123 4567', 'a phone number in any format'],
];

function SearchHelp() {
  return (
    <div className="search-help">
      <h2>Search operators</h2>
      <dl>
        {searchOperators.map(([example, meaning]) => (
          <div key={example} className="search-help-row">
            <dt>
              <code>{example}</code>
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
