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
  /** The groups a from: party wrote in: their texts there count with the party's. */
  partyGroups: readonly number[] = [],
): FilterEstimate {
  const filtered =
    options.conversationId !== undefined || filters.in !== undefined || filters.from?.kind === 'party' || conversationIds.length > 0 ||
    filters.isRead === false || filters.has !== undefined;
  // An unfiltered search (most of them) pays for none of this: the sums are O(conversations).
  const sums = filtered ? cacheSums(db) : { total: 0, unread: 0 };
  const total = sums.total;
  const shares: number[] = [];
  const share = (texts: number) => shares.push(total > 0 ? Math.min(1, texts / total) : 0);
  if (options.conversationId !== undefined) {
    share((cachedPluck(db, `SELECT total_count FROM conversations WHERE id = ?`).get(options.conversationId) as number | undefined) ?? 0);
  }
  if (filters.in !== undefined) {
    share(cachedPluck(db, `SELECT coalesce(sum(total_count), 0) FROM conversations WHERE remote = ?`).get(filters.in) as number);
  }
  const textsOf = (ids: readonly number[]) =>
    ids.length === 0 ? 0 : (cachedPluck(db, `SELECT coalesce(sum(total_count), 0) FROM conversations WHERE id IN (SELECT value FROM json_each(?))`).get(JSON.stringify(ids)) as number);
  if (filters.from?.kind === 'party') {
    // A group's whole count, not the party's share of it: the walk reads the whole group.
    share((cachedPluck(db, `SELECT coalesce(sum(total_count), 0) FROM conversations WHERE remote = ?`).get(filters.from.remote) as number) + textsOf(partyGroups));
  }
  if (conversationIds.length > 0) share(textsOf(conversationIds));
  if (filters.isRead === false) share(sums.unread);
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

interface CacheSums {
  total: number;
  unread: number;
}

const sumsByConnection = new WeakMap<Database, { version: string; sums: CacheSums }>();

/**
 * The texts and unread texts in the cache, summed over the conversations (half a millisecond
 * each at 5,000 of them), kept per connection until the database changes: data_version moves
 * when another connection commits, total_changes() when this one writes.
 */
function cacheSums(db: Database): CacheSums {
  const version = cached(db, `SELECT (SELECT data_version FROM pragma_data_version) || ':' || total_changes() AS version`).get() as { version: string };
  const kept = sumsByConnection.get(db);
  if (kept && kept.version === version.version) return kept.sums;
  const sums = cached(db, `SELECT coalesce(sum(total_count), 0) AS total, coalesce(sum(unread_count), 0) AS unread FROM conversations`).get() as CacheSums;
  sumsByConnection.set(db, { version: version.version, sums });
  return sums;
}

/**
 * Relative costs of the plans, per row, measured at 200k texts and checked at 1M: a match
 * walked newest first in the words' index and looked up in messages to check the filters; a
 * match put in the set the filter-first plan checks against (a forward walk of the index); a
 * row of the filter's index walked and checked against that set; a match walked in the words'
 * index and probed against the set of the filter's texts (no lookup in messages).
 */
const perWordWalked = 8;
const perMatchSet = 1;
const perFilterWalked = 2;
const perMatchProbed = 1.25;
/**
 * Word matches the words-first plan may walk that are not worth counting against: about a
 * millisecond's walk, about what the count itself would cost.
 */
const cheapWalk = 2_000;

/**
 * How a filtered phase walks (search.ts builds each statement):
 * - words first: the words' index newest first, each match looked up in messages to check
 *   the filters;
 * - filters first: the most selective filter's index newest first, each row checked against
 *   the set of the words' matches;
 * - filter set: the set of the filter's texts built once, and the words' index walked newest
 *   first with each match probed against it.
 */
export type WalkPlan = 'words first' | 'filters first' | 'filter set';

/**
 * The plan of a phase, for a first call that wants `need` rows. With the filters keeping a
 * share s of the texts (`filtered` of them) and the words matching M (in the date range):
 * words first walks about min(M, need / s) matches; filters first builds the set of M and
 * walks about min(filtered, need × texts / M) rows; filter set puts the filtered texts in a set
 * and walks min(M, need / s) matches. The words are counted exactly but boundedly, only as far
 * as the choice can still change.
 */
export function choosePlan(db: Database, table: string, expression: string, scope: PlanScope, need: number): WalkPlan {
  const { total, indexed, dateShare } = scope.estimate;
  if (indexed === null || total === 0) return 'words first';
  if (indexed * dateShare < 1) return 'filters first';
  const texts = Math.max(1, total * dateShare);
  const filtered = Math.max(0, indexed * dateShare);
  const share = filtered / texts;
  // Few matches to walk at most (a page of newest under a broad filter): cheaper than counting.
  if (need / share <= cheapWalk) return 'words first';
  const walkAtMost = share > 0 ? need / share : Infinity;
  const walkWordsAtMost = walkAtMost * perWordWalked;
  // Past this many matches, their set alone costs more than walking them all words first.
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
  // The filter set's whole cost at most: past this many matches, the filter-first set costs more.
  const setAtMost = Math.ceil(filtered * perFilterWalked + walkAtMost * perMatchProbed) + 1;
  const bound = Math.min(tooMany, enough, setAtMost);
  const matches = countMatches(db, table, expression, scope, bound);
  const walked = Math.min(matches, walkAtMost);
  const wordsFirst = walked * perWordWalked;
  const filterSet = filtered * perFilterWalked + walked * perMatchProbed;
  if (matches >= bound) {
    if (bound === setAtMost) return filterSet < wordsFirst ? 'filter set' : 'words first';
    return bound === enough ? 'filters first' : 'words first';
  }
  const filterSide = matches * perMatchSet + Math.min(filtered, (need * texts) / Math.max(matches, 1)) * perFilterWalked;
  const cheapest = Math.min(wordsFirst, filterSide, filterSet);
  return cheapest === filterSide ? 'filters first' : cheapest === filterSet ? 'filter set' : 'words first';
}

/**
 * Matches counted one by one; past this many their number is estimated. 2,000 newest matches
 * place a common word's density well within the factor a plan can tell apart, for 0.3 ms at 1M
 * (10,000 cost 1.3 ms, a tenth of a filtered relevance search).
 */
const countedExactly = 2_000;

/**
 * About how many texts the expression matches in the scope's date range, up to `bound`: exact
 * below `countedExactly`; past it, estimated from how far back in time the newest
 * `countedExactly` of them reach (taking the word to be about as frequent before). Counting all
 * 73,000 matches of a common word costs 5 ms at 1M; a plan only needs the order of magnitude,
 * and the hits are the same under every plan.
 */
function countMatches(db: Database, table: string, expression: string, scope: PlanScope, bound: number): number {
  const where = [`${table} MATCH @expression`, ...scope.idWhere.map((clause) => clause.replaceAll('{{id}}', 'rowid'))].join(' AND ');
  const params: Record<string, string | number> = { ...pick(scope.params, ['afterId', 'beforeId']), expression };
  const limit = Math.min(bound, countedExactly);
  const counted = cachedPluck(db, `SELECT count(*) FROM (SELECT rowid FROM ${table} WHERE ${where} LIMIT @limit)`).get({ ...params, limit }) as number;
  if (counted < countedExactly || bound <= countedExactly) return counted;
  const reach = cachedPluck(db, `SELECT rowid FROM ${table} WHERE ${where} ORDER BY rowid DESC LIMIT 1 OFFSET @offset`).get({
    ...params,
    offset: countedExactly - 1,
  }) as number | undefined;
  const span = cached(db, `SELECT (SELECT min(id) FROM messages) AS low, (SELECT max(id) FROM messages) AS high`).get() as { low: number | null; high: number | null };
  if (reach === undefined || span.low === null || span.high === null) return counted;
  const low = Math.max(span.low, typeof params.afterId === 'number' ? params.afterId : span.low);
  const high = Math.min(span.high + 1, typeof params.beforeId === 'number' ? params.beforeId : span.high + 1);
  const estimate = (countedExactly * Math.max(1, high - low)) / Math.max(1, high - reach);
  return Math.min(bound, Math.max(countedExactly, Math.round(estimate)));
}

function pick(params: Record<string, string | number>, keys: readonly string[]): Record<string, string | number> {
  return Object.fromEntries(keys.filter((key) => params[key] !== undefined).map((key) => [key, params[key]!]));
}

/** The start of a local day, in ms. */
export function localDayStart(day: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date).getTime();
}
