import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { SearchInput } from '../../../shared/search';
import type { SearchFilters } from '../../../shared/searchQuery';
import { ID_SLOTS } from '../cache/messages';
import { cached, cachedPluck } from '../cache/statements';

/**
 * The search planner: for a phase with filters, whether to walk the words' index and check the
 * filters by row, or walk the filter's index and check the words against the set of their
 * matches (search.ts builds either statement).
 */

/** What filterFirst needs of a search's scope. */
export interface PlanScope {
  estimate: FilterEstimate;
  /** Conditions on the time-ordered id ({{id}}), usable by an FTS5 rowid range. */
  idWhere: string[];
  params: Record<string, string | number>;
}

/**
 * What the planner knows of the filters, from the conversation summaries, the partial indexes'
 * bounds and the id range: all O(conversations) at worst, never a walk of the texts.
 */
export interface FilterEstimate {
  /** Live texts in the cache. */
  total: number;
  /**
   * About how many texts the filters that have an index to walk in id order leave (a
   * conversation or party, is:unread, has:), taken as independent of each other; null when
   * there is none.
   */
  indexed: number | null;
  /** The share of the id (= time) range the date filters leave, 1 without them. */
  dateShare: number;
}

export function estimateFilters(
  db: Database,
  options: z.infer<typeof SearchInput>,
  filters: SearchFilters,
  conversationIds: readonly number[],
): FilterEstimate {
  const filtered =
    options.conversationId !== undefined || filters.in !== undefined || filters.from?.kind === 'party' || conversationIds.length > 0 ||
    filters.isRead === false || filters.has !== undefined;
  // An unfiltered search (most of them) pays for none of this: the sum is O(conversations).
  const total = filtered ? (cachedPluck(db, `SELECT coalesce(sum(total_count), 0) FROM conversations`).get() as number) : 0;
  const shares: number[] = [];
  const share = (texts: number) => shares.push(total > 0 ? Math.min(1, texts / total) : 0);
  if (options.conversationId !== undefined) {
    share((cachedPluck(db, `SELECT total_count FROM conversations WHERE id = ?`).get(options.conversationId) as number | undefined) ?? 0);
  }
  for (const remote of [filters.in, filters.from?.kind === 'party' ? filters.from.remote : undefined]) {
    if (remote === undefined) continue;
    share(cachedPluck(db, `SELECT coalesce(sum(total_count), 0) FROM conversations WHERE remote = ?`).get(remote) as number);
  }
  if (conversationIds.length > 0) {
    share(cachedPluck(db, `SELECT coalesce(sum(total_count), 0) FROM conversations WHERE id IN (SELECT value FROM json_each(?))`).get(JSON.stringify(conversationIds)) as number);
  }
  if (filters.isRead === false) share(cachedPluck(db, `SELECT coalesce(sum(unread_count), 0) FROM conversations`).get() as number);
  if (filters.has !== undefined) {
    // Attachments, of which a text has one or more: an upper bound of the texts with media.
    share(cachedPluck(db, `SELECT coalesce(max(id), 0) FROM media`).get() as number);
  }
  let dateShare = 1;
  if (filters.after !== undefined || filters.before !== undefined) {
    // Two subqueries: min() and max() in one SELECT scan the table; each alone is one seek.
    const span = cached(db, `SELECT (SELECT min(id) FROM messages) AS low, (SELECT max(id) FROM messages) AS high`).get() as { low: number | null; high: number | null };
    if (span.low !== null && span.high !== null && span.high > span.low) {
      const low = filters.after !== undefined ? Math.max(span.low, localDayStart(filters.after) * ID_SLOTS) : span.low;
      const high = filters.before !== undefined ? Math.min(span.high, localDayStart(filters.before) * ID_SLOTS) : span.high;
      dateShare = Math.max(0, (high - low) / (span.high - span.low));
    }
  }
  const indexed = shares.length === 0 ? null : shares.reduce((product, s) => product * s, total);
  return { total, indexed, dateShare };
}

/**
 * Relative costs of the two plans, per row, measured at 200k texts: a match walked newest first
 * in the words' index and looked up in messages to check the filters; a match put in the set
 * the filter-first plan checks against (a forward walk of the index); a row of the filter's
 * index walked and checked against that set.
 */
const perWordWalked = 8;
const perMatchSet = 1;
const perFilterWalked = 2;
/**
 * Word matches the words-first plan may walk that are not worth counting against: about a
 * millisecond's walk, about what the count itself would cost.
 */
const cheapWalk = 2_000;

/**
 * The plan of a phase, for a first call that wants `need` rows: walk the index of the words
 * (newest match first, each looked up in messages to check the filters), or walk the index of
 * the most selective filter (newest first) and check the words by rowid against the set of
 * their matches. With the filters keeping a share s of the texts and the words matching M of
 * them (in the date range), the first walks about min(M, need / s) matches; the second builds
 * the set of M and walks about min(filtered, need × texts / M) rows. The words are counted
 * exactly but boundedly: past the count where building their set alone costs more than the
 * first plan's whole walk, the first plan wins whatever the rest is.
 */
export function filterFirst(db: Database, table: string, expression: string, scope: PlanScope, need: number): boolean {
  const { total, indexed, dateShare } = scope.estimate;
  if (indexed === null || total === 0) return false;
  if (indexed * dateShare < 1) return true;
  const texts = Math.max(1, total * dateShare);
  const filtered = Math.max(0, indexed * dateShare);
  const share = filtered / texts;
  // Few matches to walk at most (a page of newest under a broad filter): cheaper than counting.
  if (need / share <= cheapWalk) return false;
  const walkWordsAtMost = share > 0 ? (need / share) * perWordWalked : Infinity;
  const tooMany = Math.ceil(Math.min(walkWordsAtMost / perMatchSet, Number.MAX_SAFE_INTEGER)) + 1;
  // Filter-first wins as soon as the matches cost more to walk and look up (8 each) than to
  // put in the set (1) plus the filter's rows (2 each): past 2 × filtered / 7 of them, as long
  // as the words-first walk could not stop early enough to beat even the largest set there can
  // be (every text in the range). Then counting further only confirms it, at a millisecond
  // per 15,000 matches of a common word at 1M.
  const enough =
    walkWordsAtMost > texts * perMatchSet + filtered * perFilterWalked
      ? Math.ceil((perFilterWalked * filtered) / (perWordWalked - perMatchSet)) + 1
      : Infinity;
  const bound = Math.min(tooMany, enough);
  const range = scope.idWhere.map((where) => where.replaceAll('{{id}}', 'rowid'));
  const matches = cachedPluck(db, `SELECT count(*) FROM (SELECT rowid FROM ${table} WHERE ${[`${table} MATCH @expression`, ...range].join(' AND ')} LIMIT @bound)`)
    .get({ ...pick(scope.params, ['afterId', 'beforeId']), expression, bound }) as number;
  if (matches >= bound) return bound === enough;
  const wordsFirst = Math.min(matches, need / Math.max(share, 1e-9)) * perWordWalked;
  const filterSide = matches * perMatchSet + Math.min(filtered, (need * texts) / Math.max(matches, 1)) * perFilterWalked;
  return filterSide < wordsFirst;
}

function pick(params: Record<string, string | number>, keys: readonly string[]): Record<string, string | number> {
  return Object.fromEntries(keys.filter((key) => params[key] !== undefined).map((key) => [key, params[key]!]));
}

/** The start of a local day, in ms. */
export function localDayStart(day: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date).getTime();
}
