import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import {
  SearchContextInput,
  SearchInput,
  type SearchContextResult,
  type SearchHit,
  type SearchResult,
} from '../../../shared/search';
import { hasQueryErrors, parseSearchQuery, type SearchFilters } from '../../../shared/searchQuery';
import type { Conversation } from '../../../shared/model';
import { foldName } from '../contacts/names';
import { conversationIdsForName, conversationsNamed } from '../cache/contacts';
import { getConversation, getConversations } from '../cache/conversations';
import { getMessage, getMessages, ID_SLOTS, listThread } from '../cache/messages';
import { cached } from '../cache/statements';
import { compileQuery, type CompiledQuery } from './compile';
import { choosePlan, estimateFilters, localDayStart, type FilterEstimate, type WalkPlan } from './plan';
import { highlightRanges, makeSnippet, termCounter } from './highlight';

/**
 * Offline search over the cache. FTS first, then filters: each phase is one SQL statement
 * driven by an FTS5 index walked in rowid (= time) order, newest first, joined to messages only
 * when a filter needs a column of it, so a page costs about the same at any depth.
 *
 * Results come in phases: texts matching the words as typed (and, for a phone number, texts
 * from that party), then texts where the words only occur inside longer words.
 *
 * 'newest' is rowid order. 'relevance' ranks windows of the newest `relevanceWindow` matches by
 * BM25 (term frequency, text length, and inverse document frequency within the window) times a
 * recency weight, then the next window. FTS5's own bm25() cannot be used for this: its first
 * call counts every document of every term for IDF, which costs a scan of the whole doclist
 * (hundreds of ms for a common word at a million texts) before the first row comes back. A
 * query with fewer matches than a window is ranked exactly over all of them.
 *
 * The cursor is a keyset (phase, window, score, id): pages have no cap.
 *
 * One module of about 500 lines: the phases, their statements, paging and ranking share the
 * scope and the cursor. Which plan a filtered phase takes is plan.ts; highlights, highlight.ts.
 */

type Phase = 'words' | 'substring';
const phases: readonly Phase[] = ['words', 'substring'];

/** Matches ranked together by relevance; the next window holds older ones. */
export const relevanceWindow = 500;
/** A text from now weighs double, one from a month ago 1.5x, a year old about 1.08x. */
const recencyScaleMs = 30 * 24 * 3600 * 1000;
const k1 = 1.2;
const b = 0.75;

const Cursor = z.object({
  v: z.literal(2),
  q: z.string(),
  phase: z.enum(['words', 'substring']),
  /** Relevance: the window's exclusive upper id bound (null: from the newest). */
  top: z.number().int().nullable(),
  id: z.number().int().nullable(),
  score: z.number().nullable(),
  now: z.number(),
});
type Cursor = z.infer<typeof Cursor>;

interface Row {
  id: number;
  party: number;
}
interface Ranked extends Row {
  score: number;
}
interface Position {
  top: number | null;
  id: number | null;
  score: number | null;
}
const start: Position = { top: null, id: null, score: null };

/**
 * Which plan filtered phases use: the planner's choice (the default), or one forced, so that
 * tests can check every plan gives the same hits in the same order and the bench can time each.
 */
export type SearchPlan = 'auto' | WalkPlan;

export function searchMessages(db: Database, input: SearchInput, forcePlan: SearchPlan = 'auto'): SearchResult {
  const parsedInput = SearchInput.safeParse(input);
  if (!parsedInput.success) throw new AppError('VALIDATION', `Invalid search: ${parsedInput.error.issues[0]?.message ?? 'bad input'}`);
  const options = parsedInput.data;
  const parsed = parseSearchQuery(options.query, { names: true });
  if (hasQueryErrors(parsed)) {
    throw new AppError('VALIDATION', parsed.problems.filter((p) => p.severity === 'error').map((p) => p.message).join(' '));
  }
  const warnings = parsed.problems.length ? { problems: parsed.problems } : {};
  const fingerprint = fingerprintOf(options);
  const cursor = options.cursor ? decodeCursor(options.cursor, fingerprint) : null;
  const now = cursor?.now ?? Date.now();

  const compiled = compileQuery(db, parsed);
  const hasCriteria =
    compiled.words !== null || compiled.grams !== null || compiled.notWords !== null || compiled.notGrams !== null ||
    Object.keys(parsed.filters).length > 0;
  if (compiled.empty || !hasCriteria) return { hits: [], nextCursor: null, ...warnings };

  const scope: Scope = { ...buildFilters(db, options, parsed.filters), forcePlan };
  if (compiled.party) {
    // The party arm's condition, with the groups the party wrote in, once per search (every phase and window reuses it).
    scope.params.partyRemote = compiled.party.remote;
    scope.partyTexts = textsFromSql(
      'SELECT id FROM conversations WHERE remote = @partyRemote',
      'm.sender = @partyRemote',
      groupsSentIn(db, [compiled.party.remote]),
      'partyGroups',
      scope.params,
    );
  }
  const usable = phases.filter((phase) => phase === 'words' || compiled.substring !== null);
  const rows: (Row & { phase: Phase })[] = [];
  let nextCursor: string | null = null;
  let position: Position = cursor ? { top: cursor.top, id: cursor.id, score: cursor.score } : start;

  for (let p = usable.indexOf(cursor?.phase ?? 'words'); p >= 0 && p < usable.length; p++) {
    const phase = usable[p]!;
    const need = options.limit - rows.length;
    if (need === 0) {
      // The page is full: the next phase starts the next page, unprobed (it may be empty).
      nextCursor = encodeCursor({ v: 2, q: fingerprint, phase, ...start, now });
      break;
    }
    const run = (below: number | null, limit: number) => runPhase(db, phase, compiled, scope, below, limit);
    const page = options.sort === 'newest' ? pageNewest(run, position, need) : pageByRelevance(db, run, compiled, position, need, now);
    rows.push(...page.rows.map((row) => ({ ...row, phase })));
    if (page.next) {
      nextCursor = encodeCursor({ v: 2, q: fingerprint, phase, ...page.next, now });
      break;
    }
    position = start;
  }

  const named = cursor ? [] : contactConversations(db, options, parsed);
  return { hits: toHits(db, rows, compiled), nextCursor, ...(named.length > 0 ? { conversations: named } : {}), ...warnings };
}

/** How many conversations a name match puts above the texts. */
const namedConversationsShown = 5;

/**
 * The conversations whose party's name matches every word of a plain query ("jane" or "jane
 * do"), in the search's scope, most recent first: what Signal lists above the messages.
 */
function contactConversations(db: Database, options: z.infer<typeof SearchInput>, parsed: ReturnType<typeof parseSearchQuery>): Conversation[] {
  if (Object.keys(parsed.filters).length > 0 || options.conversationId !== undefined) return [];
  if (parsed.clauses.length === 0 || parsed.clauses.some((c) => c.negated || c.terms.length !== 1)) return [];
  const words: string[] = [];
  for (const clause of parsed.clauses) {
    const term = clause.terms[0]!;
    if (term.kind === 'phone') return [];
    words.push(...foldName(term.text).split(/\s+/).filter(Boolean));
  }
  const ids = conversationsNamed(db, words, namedConversationsShown, { numberId: options.numberId, accountId: options.accountId });
  const found = getConversations(db, ids);
  return ids.map((id) => found.get(id)).filter((c): c is Conversation => c !== undefined);
}

type Run = (below: number | null, limit: number) => Row[];

/** Up to `need` rows from `position`; next is where the following page starts, null at the end. */
function pageNewest(run: Run, position: Position, need: number): { rows: Row[]; next: Position | null } {
  const found = run(position.id, need + 1);
  if (found.length <= need) return { rows: found, next: null };
  const rows = found.slice(0, need);
  const last = rows[rows.length - 1];
  return { rows, next: last ? { top: null, id: last.id, score: null } : start };
}

function pageByRelevance(
  db: Database,
  run: Run,
  compiled: CompiledQuery,
  position: Position,
  need: number,
  now: number,
): { rows: Row[]; next: Position | null } {
  const rows: Row[] = [];
  let top = position.top;
  let after = position.id !== null && position.score !== null ? { id: position.id, score: position.score } : null;
  for (;;) {
    const window = run(top, relevanceWindow);
    const ranked = rank(db, window, compiled, now).filter(
      (row) => !after || row.score < after.score || (row.score === after.score && row.id < after.id),
    );
    const want = need - rows.length;
    if (ranked.length > want) {
      const taken = ranked.slice(0, want);
      rows.push(...taken);
      const last = taken[taken.length - 1];
      return { rows, next: last ? { top, id: last.id, score: last.score } : { top, ...(after ?? { id: null, score: null }) } };
    }
    rows.push(...ranked);
    if (window.length < relevanceWindow) return { rows, next: null };
    top = window[window.length - 1]!.id;
    after = null;
  }
}

/** BM25 over the window (IDF from the window) times recency; best first, ties newest first. */
function rank(db: Database, window: readonly Row[], compiled: CompiledQuery, now: number): Ranked[] {
  if (window.length === 0) return [];
  const bodies = new Map(
    (cached(db, `SELECT id, body FROM messages WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(window.map((r) => r.id))) as {
      id: number;
      body: string | null;
    }[]).map((row) => [row.id, row.body]),
  );
  const count = termCounter(compiled.terms);
  const stats = window.map((row) => count(bodies.get(row.id) ?? null));
  const averageLength = stats.reduce((sum, s) => sum + s.length, 0) / stats.length;
  const idf = compiled.terms.map((_, t) => {
    const df = stats.filter((s) => s.counts[t]! > 0).length;
    return Math.log(1 + (window.length - df + 0.5) / (df + 0.5));
  });
  return window
    .map((row, i) => {
      const { counts, length } = stats[i]!;
      let bm25 = 0;
      counts.forEach((tf, t) => {
        if (tf > 0) bm25 += (idf[t]! * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / averageLength));
      });
      const age = Math.max(0, now - Math.floor(row.id / ID_SLOTS));
      return { ...row, score: bm25 * (1 + 1 / (1 + age / recencyScaleMs)) };
    })
    .sort((x, y) => y.score - x.score || y.id - x.id);
}

interface Scope {
  /** Conditions on messages m. */
  where: string[];
  /** Conditions on the time-ordered id ({{id}}: the driving table's), usable by an FTS5 rowid range. */
  idWhere: string[];
  params: Record<string, string | number>;
  /** What the planner weighs against the words (see estimateFilters and filterFirst). */
  estimate: FilterEstimate;
  forcePlan?: SearchPlan;
  /** Set per phase by plan(): which index is walked and what is checked against what. */
  walk?: WalkPlan;
  /** The party arm's condition (a phone number typed as text): the texts that party sent. */
  partyTexts?: string;
}

function buildFilters(db: Database, options: z.infer<typeof SearchInput>, filters: SearchFilters): Scope {
  const where: string[] = [];
  const idWhere: string[] = [];
  const params: Record<string, string | number> = {};
  if (options.numberId !== undefined) {
    where.push('m.number_id = @numberId');
    params.numberId = options.numberId;
  }
  if (options.accountId !== undefined) {
    where.push('m.account_id = @accountId');
    params.accountId = options.accountId;
  }
  if (options.conversationId !== undefined) {
    where.push('m.conversation_id = @conversationId');
    params.conversationId = options.conversationId;
  }
  if (filters.from?.kind === 'me') where.push(`m.direction = 'outbound'`);
  let fromGroups: number[] = [];
  if (filters.from?.kind === 'party') {
    params.fromRemote = filters.from.remote;
    fromGroups = groupsSentIn(db, [filters.from.remote]);
    where.push(textsFromSql('SELECT id FROM conversations WHERE remote = @fromRemote', 'm.sender = @fromRemote', fromGroups, 'fromGroups', params));
  }
  let namedIds: number[] | null = null;
  if (filters.from?.kind === 'name') {
    namedIds = conversationIdsForName(db, filters.from.name);
    if (namedIds.length === 0) throw new AppError('VALIDATION', `No contact is named "${filters.from.name}".`);
    // The named people's groups: found by the numbers of their one-to-one conversations.
    const senders = cached(db, `SELECT remote FROM conversations WHERE is_group = 0 AND id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(JSON.stringify(namedIds)) as string[];
    const named = new Set(namedIds);
    fromGroups = groupsSentIn(db, senders).filter((id) => !named.has(id));
    params.fromNamed = JSON.stringify(namedIds);
    if (fromGroups.length > 0) params.fromSenders = JSON.stringify(senders);
    where.push(
      textsFromSql('SELECT value FROM json_each(@fromNamed)', 'm.sender IN (SELECT value FROM json_each(@fromSenders))', fromGroups, 'fromNamedGroups', params),
    );
  }
  let inIds: number[] | null = null;
  if (filters.in !== undefined) {
    const byRemote = cached(db, `SELECT 1 FROM conversations WHERE remote = ? LIMIT 1`).get(filters.in) !== undefined;
    if (!byRemote && /\p{L}/u.test(filters.in)) {
      // Not a party's number or key: a contact's name (or a group's title).
      inIds = conversationIdsForName(db, filters.in);
      if (inIds.length === 0) throw new AppError('VALIDATION', `No conversation is named "${filters.in}".`);
      where.push(`m.conversation_id IN (${inIds.map(Number).join(', ')})`);
    } else {
      where.push('m.conversation_id IN (SELECT id FROM conversations WHERE remote = @inRemote)');
      params.inRemote = filters.in;
    }
  }
  if (filters.number !== undefined) {
    const ids = cached(db, `SELECT id FROM numbers WHERE CAST(id AS TEXT) = @key OR provider_id = @key OR phone_number = @key`)
      .pluck()
      .all({ key: filters.number }) as number[];
    if (ids.length === 0) throw new AppError('VALIDATION', `No number matches number:${filters.number}.`);
    where.push(`m.number_id IN (${ids.map(Number).join(', ')})`);
  }
  if (filters.isRead !== undefined) {
    const readThrough = `(SELECT read_through FROM conversations WHERE id = m.conversation_id)`;
    where.push(filters.isRead ? `(m.is_read = 1 OR coalesce(m.id <= ${readThrough}, 0))` : `(m.is_read = 0 AND NOT coalesce(m.id <= ${readThrough}, 0))`);
  }
  if (filters.has !== undefined) {
    where.push('m.has_media = 1');
    const like: Record<string, string> = { image: 'image/%', video: 'video/%', audio: 'audio/%' };
    if (filters.has === 'file') {
      where.push(`EXISTS (SELECT 1 FROM media md WHERE md.message_id = m.id AND md.content_type NOT LIKE 'image/%'
                   AND md.content_type NOT LIKE 'video/%' AND md.content_type NOT LIKE 'audio/%')`);
    } else if (filters.has !== 'media') {
      where.push(`EXISTS (SELECT 1 FROM media md WHERE md.message_id = m.id AND md.content_type LIKE '${like[filters.has]}')`);
    }
  }
  // Dates are the user's local days; ids are created_ms * ID_SLOTS, so a day is an id range.
  if (filters.after !== undefined) {
    idWhere.push('{{id}} >= @afterId');
    params.afterId = localDayStart(filters.after) * ID_SLOTS;
  }
  if (filters.before !== undefined) {
    idWhere.push('{{id}} < @beforeId');
    params.beforeId = localDayStart(filters.before) * ID_SLOTS;
  }
  const conversationIds = [...(inIds ?? []), ...(namedIds ?? []), ...(filters.from?.kind === 'name' ? fromGroups : [])];
  const partyGroups = filters.from?.kind === 'party' ? fromGroups : [];
  return { where, idWhere, params, estimate: estimateFilters(db, options, filters, conversationIds, partyGroups) };
}

/** The group conversations in which any of these parties sent a text (messages_by_sender, 0150). */
function groupsSentIn(db: Database, senders: readonly string[]): number[] {
  const statement = cached(db, `SELECT DISTINCT conversation_id FROM messages WHERE sender = ?`).pluck();
  const ids = new Set<number>();
  for (const sender of senders) for (const id of statement.all(sender) as number[]) ids.add(id);
  return [...ids];
}

/**
 * The texts parties sent: the inbound ones of their own conversations (`ownConversations`, SQL
 * giving their ids), and in each group they wrote in (`groups`, put in @groupsParam), those
 * whose sender they are (`sentByThem`, a condition on m.sender). Without such a group the
 * condition is the one-to-one one alone, the statement the planner's costs were measured with.
 * Either way the walk is driven by the thread index of the conversations named.
 */
function textsFromSql(
  ownConversations: string,
  sentByThem: string,
  groups: readonly number[],
  groupsParam: string,
  params: Record<string, string | number>,
): string {
  if (groups.length === 0) return `m.direction = 'inbound' AND m.conversation_id IN (${ownConversations})`;
  params[groupsParam] = JSON.stringify(groups);
  return `m.direction = 'inbound' AND m.conversation_id IN (${ownConversations} UNION ALL SELECT value FROM json_each(@${groupsParam}))
    AND (${sentByThem} OR m.conversation_id IN (${ownConversations}))`;
}

function runPhase(
  db: Database,
  phase: Phase,
  compiled: CompiledQuery,
  scope: Scope,
  below: number | null,
  limit: number,
): Row[] {
  const params: Record<string, string | number> = { ...scope.params, limit };
  const arms: string[] = [];
  scope = { ...scope, walk: plan(db, phase, compiled, scope, limit) };

  if (phase === 'words') {
    if (compiled.words !== null) {
      arms.push(ftsArm('messages_fts', 'w', [
        ...inIndex('messages_trigram', compiled.grams, 'g'),
        ...notInIndex('messages_trigram', compiled.notGrams, 'ng'),
      ], scope));
      params.w = withNot(compiled.words, compiled.notWords);
    } else if (compiled.grams !== null) {
      arms.push(ftsArm('messages_trigram', 'g', notInIndex('messages_fts', compiled.notWords, 'nw'), scope));
      params.g = withNot(compiled.grams, compiled.notGrams);
    } else if (!compiled.party) {
      arms.push(scanArm([...notInIndex('messages_fts', compiled.notWords, 'nw'), ...notInIndex('messages_trigram', compiled.notGrams, 'ng')], scope, 0));
    }
    if (compiled.party) {
      // Texts from the party that do not contain the number (those came from the arm above).
      arms.push(
        scanArm(
          [
            scope.partyTexts!,
            ...inIndex('messages_fts', compiled.party.words, 'pw'),
            ...inIndex('messages_trigram', compiled.party.grams, 'pg'),
            ...notInIndex('messages_fts', compiled.notWords, 'nw'),
            ...notInIndex('messages_trigram', compiled.notGrams, 'ng'),
            ...notInIndex('messages_fts', compiled.words, 'wx'),
          ],
          scope,
          1,
        ),
      );
      if (compiled.party.words !== null) params.pw = compiled.party.words;
      if (compiled.party.grams !== null) params.pg = compiled.party.grams;
      if (compiled.words !== null) params.wx = compiled.words;
    }
    // With a word clause, grams only filter (IN); without, they drive and carry the exclusions.
    if (compiled.grams !== null && compiled.words !== null) params.g = compiled.grams;
  } else {
    const substring = compiled.substring!;
    arms.push(ftsArm('messages_trigram', 's', [
      ...notInIndex('messages_fts', compiled.words, 'w'),
      ...notInIndex('messages_fts', compiled.notWords, 'nw'),
    ], scope));
    params.s = withNot(substring.grams, compiled.notGrams);
    if (compiled.words !== null) params.w = compiled.words;
  }
  if (compiled.notWords !== null) params.nw = compiled.notWords;
  if (compiled.notGrams !== null) params.ng = compiled.notGrams;

  if (below !== null) params.below = below;
  // The bound goes inside each arm, where FTS5 uses it as a rowid range.
  const bound = below !== null ? 'AND {{id}} < @below' : '';
  const withBound = (arm: string) =>
    arm
      .replaceAll('/*KEYSET:rowid*/', below !== null ? 'AND rowid < @below' : '')
      .replaceAll('/*KEYSET:m.id*/', below !== null ? 'AND m.id < @below' : '')
      .replace('/*KEYSET*/', bound);
  const sql =
    arms.length === 1
      ? `${withBound(arms[0]!).replaceAll('{{id}}', idColumn(arms[0]!))} ORDER BY id DESC LIMIT @limit`
      : // Each arm walks its own index newest first and stops at the limit; then they are merged.
        `SELECT id, party FROM (${arms
          .map((arm) => `SELECT * FROM (${withBound(arm).replaceAll('{{id}}', idColumn(arm))} ORDER BY id DESC LIMIT @limit)`)
          .join(' UNION ALL ')}) ORDER BY id DESC LIMIT @limit`;
  return cached(db, sql).all(params) as Row[];
}

const plans = new WeakMap<Scope, Map<Phase, WalkPlan>>();

/**
 * choosePlan for the index that drives the phase, decided once per search (a scope is one
 * search's) from its first call's limit: a page of newest, or a window to rank.
 */
function plan(db: Database, phase: Phase, compiled: CompiledQuery, scope: Scope, need: number): WalkPlan {
  let decided = plans.get(scope);
  if (!decided) plans.set(scope, (decided = new Map()));
  let choice = decided.get(phase);
  if (choice === undefined && scope.forcePlan !== undefined && scope.forcePlan !== 'auto') choice = scope.forcePlan;
  if (choice === undefined) {
    if (phase === 'substring') choice = choosePlan(db, 'messages_trigram', withNot(compiled.substring!.grams, compiled.notGrams), scope, need);
    else if (compiled.words !== null) choice = choosePlan(db, 'messages_fts', withNot(compiled.words, compiled.notWords), scope, need);
    else if (compiled.grams !== null) choice = choosePlan(db, 'messages_trigram', withNot(compiled.grams, compiled.notGrams), scope, need);
    else choice = 'words first';
    decided.set(phase, choice);
  }
  return choice;
}

function idColumn(arm: string): string {
  return arm.includes('MATCH') && arm.trimStart().startsWith('SELECT f.rowid') ? 'f.rowid' : 'm.id';
}

function withNot(positive: string, negative: string | null): string {
  return negative === null ? positive : `(${positive}) NOT (${negative})`;
}

function inIndex(table: string, expression: string | null, param: string): string[] {
  return expression === null ? [] : [`{{id}} IN (SELECT rowid FROM ${table} WHERE ${table} MATCH @${param})`];
}

function notInIndex(table: string, expression: string | null, param: string): string[] {
  return expression === null ? [] : [`{{id}} NOT IN (SELECT rowid FROM ${table} WHERE ${table} MATCH @${param})`];
}

/** Driven by an FTS5 index: rank or rowid order come from it, messages is joined only for filters. */
function ftsArm(table: string, param: string, extra: string[], scope: Scope): string {
  if (scope.walk === 'filter set' && scope.where.length > 0) {
    // The filter's texts are few: their set is built once (within the date range and below the
    // keyset bound), and the words' index is walked newest first, each match probed against it
    // without a lookup in messages (the + keeps the set from becoming rowid lookups into FTS5).
    const set = ['m.deleted = 0', ...scope.idWhere.map((where) => where.replaceAll('{{id}}', 'm.id')), ...scope.where];
    const where = [`f.${table} MATCH @${param}`, ...scope.idWhere, ...extra, `+f.rowid IN (SELECT m.id FROM messages m WHERE ${set.join(' AND ')} /*KEYSET:m.id*/)`];
    return `SELECT f.rowid AS id, 0 AS party FROM ${table} f WHERE ${where.join(' AND ')} /*KEYSET*/`;
  }
  if (scope.walk === 'filters first') {
    // The unary + keeps SQLite from driving the walk by the set of matches (a lookup of each
    // in messages: the plan this one is chosen against); the set is built once, within the
    // date range and the keyset bound, and probed as the filter's index is walked.
    const within = [`${table} MATCH @${param}`, ...scope.idWhere.map((where) => where.replaceAll('{{id}}', 'rowid'))].join(' AND ');
    return scanArm([`+{{id}} IN (SELECT rowid FROM ${table} WHERE ${within} /*KEYSET:rowid*/)`, ...extra], scope, 0);
  }
  const join = scope.where.length > 0 ? 'JOIN messages m ON m.id = f.rowid' : '';
  const where = [`f.${table} MATCH @${param}`, ...scope.idWhere, ...extra, ...scope.where];
  return `SELECT f.rowid AS id, 0 AS party FROM ${table} f ${join} WHERE ${where.join(' AND ')} /*KEYSET*/`;
}

/**
 * Driven by messages in id order: filter-only searches, a party's texts, the filters-first
 * walk. The scope's filters come before `extra` (sets of matches to probe): SQLite checks the
 * terms in the order written, and the filters (a column of the index, the read watermark)
 * leave fewer rows to probe.
 */
function scanArm(extra: string[], scope: Scope, party: 0 | 1): string {
  const where = ['m.deleted = 0', ...scope.idWhere, ...scope.where, ...extra];
  return `SELECT m.id AS id, ${party} AS party FROM messages m WHERE ${where.join(' AND ')} /*KEYSET*/`;
}

function toHits(db: Database, rows: readonly (Row & { phase: Phase })[], compiled: CompiledQuery): SearchHit[] {
  const messages = new Map(getMessages(db, rows.map((row) => row.id)).map((message) => [message.id, message]));
  const conversations = getConversations(db, [...messages.values()].map((message) => message.conversationId));
  const hits: SearchHit[] = [];
  for (const row of rows) {
    const message = messages.get(row.id);
    const conversation = message && conversations.get(message.conversationId);
    if (!message || !conversation) continue;
    const highlights = highlightRanges(message.text, compiled.terms);
    const match = row.party ? 'party' : row.phase === 'substring' ? 'substring' : compiled.terms.length ? 'words' : 'filter';
    hits.push({ message, conversation, highlights, snippet: makeSnippet(message.text, highlights), match });
  }
  return hits;
}

function fingerprintOf(options: z.infer<typeof SearchInput>): string {
  const key = JSON.stringify([options.query, options.sort, options.numberId, options.accountId, options.conversationId]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string, fingerprint: string): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('VALIDATION', 'The search cursor is not one this search returned.');
  }
  const cursor = Cursor.safeParse(value);
  if (!cursor.success) throw new AppError('VALIDATION', 'The search cursor is not one this search returned.');
  if (cursor.data.q !== fingerprint) throw new AppError('VALIDATION', 'The search cursor belongs to a different search.');
  return cursor.data;
}

/** The texts around a hit in its thread, for jumping to it. */
export function searchContext(db: Database, input: SearchContextInput): SearchContextResult {
  const parsedInput = SearchContextInput.safeParse(input);
  if (!parsedInput.success) throw new AppError('VALIDATION', `Invalid context request: ${parsedInput.error.issues[0]?.message ?? 'bad input'}`);
  const { messageId, before, after } = parsedInput.data;
  const hit = getMessage(db, messageId);
  if (!hit) throw new AppError('NOT_FOUND', `Text ${messageId} is not in the cache (it may have been deleted).`);
  const conversation = getConversation(db, hit.conversationId)!;
  const older = before > 0 ? listThread(db, hit.conversationId, { limit: before, before: messageId }) : null;
  const newer = after > 0 ? listThread(db, hit.conversationId, { limit: after, after: messageId }) : null;
  const olderMessages = older?.messages ?? [];
  return {
    conversation,
    messages: [...olderMessages, hit, ...(newer?.messages ?? [])],
    hitIndex: olderMessages.length,
    hasOlder: older ? older.hasOlder : hasAny(db, hit.conversationId, messageId, '<'),
    hasNewer: newer ? newer.hasNewer : hasAny(db, hit.conversationId, messageId, '>'),
  };
}

function hasAny(db: Database, conversationId: number, id: number, side: '<' | '>'): boolean {
  return cached(db, `SELECT 1 FROM messages WHERE conversation_id = ? AND deleted = 0 AND id ${side} ? LIMIT 1`).get(conversationId, id) !== undefined;
}

