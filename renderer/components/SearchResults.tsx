import { forwardRef, useMemo } from 'react';
import type { SearchHit } from '../../shared/search';
import { formatParty, relativeTime } from '../lib/format';
import { conversationName } from '../lib/providers';
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
                  <Avatar remote={conversation.remote} display={party} size={24} group={!!conversation.isGroup} />
                  <span className="hit-party">{party}</span>
                  <span className="hit-time">{formatParty(conversation.remote)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <ul className="hit-groups" aria-label="Search results">
        {groups.map((group) => {
          const conversation = group.hits[0]!.conversation;
          const party = conversationName(conversation);
          return (
            <li key={group.conversationId} className="hit-group">
              <div className="hit-group-header">
                <Avatar remote={conversation.remote} display={party} size={24} group={!!conversation.isGroup} />
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
  return (
    <button type="button" className={current ? 'hit is-current' : 'hit'} onClick={onOpen} aria-current={current ? 'true' : undefined}>
      <span className="hit-snippet">
        {hit.message.direction === 'outbound' && <span className="preview-you">You: </span>}
        {media && <Icon name="image" size={13} className="preview-media" />}
        <Highlighted text={hit.snippet.text || (media ? 'Attachment' : '')} ranges={hit.snippet.highlights} />
      </span>
      <time className="hit-time" dateTime={hit.message.createdAt}>
        {relativeTime(hit.message.createdAt)}
      </time>
    </button>
  );
}
