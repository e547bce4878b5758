import { AppError } from '../../../shared/errors';
import type { RemoteMessage } from '../providers/types';
import { isOlder } from './apply';

export interface WalkCursor {
  createdAt: string;
  id: string;
}

export interface WalkPage {
  texts: RemoteMessage[];
  offset: number;
  /** Where the next page starts (overlapping this one), for saving with the page. */
  nextOffset: number;
  /** The oldest text reached so far. */
  cursor: WalkCursor | null;
  /** This was the last page: the list ended. */
  last: boolean;
  /** When the page was requested (ms), for applyPage's fetchedAt. */
  fetchedAt: number;
}

export interface WalkOptions {
  limit: number;
  /** How many texts consecutive pages share, so an insertion or deletion mid-walk skips nothing. */
  overlap: number;
  startOffset?: number;
  startCursor?: WalkCursor | null;
  /** How many steps back in a row, and in all, before giving up on a list that never settles. */
  maxBacksteps?: number;
  maxTotalBacksteps?: number;
  maxPages?: number;
}

/**
 * Walks an offset-paged, newest-first list (Inkbox's only kind) without skipping anything
 * while texts arrive or vanish under it. Pages overlap; a page whose first text is older than
 * the oldest one already reached means deletions shifted the offsets past something unseen,
 * so the walk steps back until the pages meet again. Duplicates are harmless (upsert by id).
 * `onPage` returns true to stop early.
 */
export async function walkPages(
  fetchPage: (offset: number, limit: number) => Promise<RemoteMessage[]>,
  options: WalkOptions,
  onPage: (page: WalkPage) => boolean | void,
): Promise<void> {
  const { limit, overlap } = options;
  const stride = Math.max(1, limit - overlap);
  const maxBacksteps = options.maxBacksteps ?? 20;
  const maxTotalBacksteps = options.maxTotalBacksteps ?? 200;
  const maxPages = options.maxPages ?? 1_000_000;
  let offset = options.startOffset ?? 0;
  let cursor = options.startCursor ?? null;
  let backsteps = 0;
  let totalBacksteps = 0;
  for (let pages = 0; pages < maxPages; pages++) {
    const fetchedAt = Date.now();
    const texts = await fetchPage(offset, limit);
    const gap =
      cursor !== null &&
      offset > 0 &&
      (texts.length === 0 ? true : isOlder(texts[0]!, cursor) && !texts.some((t) => t.id === cursor!.id));
    if (gap) {
      backsteps += 1;
      totalBacksteps += 1;
      if (backsteps > maxBacksteps || totalBacksteps > maxTotalBacksteps) {
        throw new AppError('NETWORK', 'The server kept changing while Textdesk read it; the sync will try again.');
      }
      offset = Math.max(0, offset - stride);
      continue;
    }
    backsteps = 0;
    if (texts.length > 0) {
      const oldest = texts[texts.length - 1]!;
      if (cursor === null || isOlder(oldest, cursor)) cursor = { createdAt: oldest.createdAt, id: oldest.id };
    }
    const last = texts.length < limit;
    const nextOffset = last ? offset + texts.length : offset + stride;
    const stop = onPage({ texts, offset, nextOffset, cursor, last, fetchedAt });
    if (stop || last) return;
    offset = nextOffset;
  }
}
