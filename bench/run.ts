import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../electron/core/cache';
import { insertAccount } from '../electron/core/cache/accounts';
import { listConversations } from '../electron/core/cache/conversations';
import { ID_SLOTS, isReadSql, listThread, setConversationRead } from '../electron/core/cache/messages';
import { applyRemoteMessage } from '../electron/core/sync/merge';
import { upsertNumber } from '../electron/core/cache/numbers';
import { noOverrides } from '../electron/core/cache/outbox';
import { searchContext, searchMessages } from '../electron/core/search';
import { compileQuery } from '../electron/core/search/compile';
import { parseSearchQuery } from '../shared/searchQuery';
import { importLocalContacts, replaceProviderContacts } from '../electron/core/cache/contacts';
import { benchContacts, generateText, knownParty, numbers } from './data';
import { incrementalText, type FloorPage, type WriteFloorInput } from './writeFloor';

/**
 * `npm run bench [-- --messages N --iterations K --out DIR --keep --reuse DB --contacts N]`
 *
 * Every search figure is printed beside the floor: the same FTS5 query the engine runs, as raw
 * SQL through better-sqlite3 with FTS5's own snippet(), in the same process and run. Absolute
 * times on shared machines are noisy; the ratio is what a change to the engine moves.
 */

export interface BenchOptions {
  messages: number;
  iterations: number;
  outDir: string;
  keep: boolean;
  /** An existing benchmark database: skip generation and the write measures, measure reads. */
  reuse?: string;
  /** Address book entries added before the reads (default 10,000; 0 for none, to compare). */
  contacts?: number;
  log: (line: string) => void;
}

export interface Figure {
  name: string;
  unit: string;
  value: number;
  target?: string;
  p50?: number;
  p95?: number;
  p99?: number;
  floorP50?: number;
  floorP95?: number;
  ratioP95?: number;
  /** Which plain-SQL plan the floor is. */
  floorPlan?: string;
  hits?: number;
  ok?: boolean;
}

export interface BenchResult {
  messages: number;
  figures: Figure[];
  file: string;
}

const pageSize = 500;
const incrementalPageSize = 100;

/** The machine's load average (1, 5, 15 minutes), printed beside the figures: timings on a shared machine mean little without it. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/** The write floor's process (bench/writeFloor.ts): pages are sent to it in turn with the engine's. */
async function startWriteFloor(input: WriteFloorInput): Promise<{ write: (page: FloorPage) => Promise<number>; close: () => Promise<void> }> {
  const child = fork(new URL('./writeFloor.ts', import.meta.url), [JSON.stringify(input)], {
    execArgv: ['--import', 'tsx'], // TypeScript in the child too, under tsx or vitest alike
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: ((message: unknown) => void)[] = [];
  let failure: Error | null = null;
  const failed: ((error: Error) => void)[] = [];
  child.on('message', (message) => {
    failed.shift();
    replies.shift()?.(message);
  });
  child.on('exit', (code, signal) => {
    failure = new Error(`the write floor exited (${code ?? signal}) before answering`);
    for (const reject of failed.splice(0)) reject(failure);
  });
  const next = () =>
    new Promise<unknown>((resolveReply, reject) => {
      if (failure) return reject(failure);
      replies.push(resolveReply);
      failed.push(reject);
    });
  await next(); // 'ready'
  return {
    write: async (page) => {
      const reply = next();
      child.send(page);
      return (await reply) as number;
    },
    close: async () => {
      const reply = next();
      child.send('close');
      await reply;
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function sample(iterations: number, fn: (i: number) => unknown): number[] {
  for (let i = 0; i < Math.min(3, iterations); i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) times.push(time(() => fn(i)));
  return times.sort((a, b) => a - b);
}

interface FloorStatement {
  sql: string;
  params: unknown[];
  /** Run after `sql` when it returns fewer than 50 rows, with thenExtra after its params. */
  then?: { sql: string; params: unknown[] };
  thenExtra?: unknown[];
}

interface SearchCase {
  name: string;
  query: string;
  conversationId?: number;
  /**
   * The plain-SQL plans that return the same first page, by name; the floor is the fastest
   * of them in this run. Words alone have one (their index); a filtered query has the words'
   * index checking the filters, and the filter's index checking the words.
   */
  floors: Record<string, (sort: 'relevance' | 'newest') => FloorStatement>;
}

export async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  const { log } = options;
  const scratch = options.reuse ? null : mkdtempSync(join(tmpdir(), 'textdesk-bench-'));
  const path = options.reuse ?? join(scratch!, 'cache.db');
  const db = openDatabase(path);
  const figures: Figure[] = [];
  const loadAtStart = loadAverage();
  log(`load average at start: ${loadAtStart}`);
  try {
    let n = options.messages;
    let numberIds: number[];
    if (options.reuse) {
      numberIds = db.prepare(`SELECT id FROM numbers ORDER BY id`).pluck().all() as number[];
      n = (db.prepare(`SELECT count(*) FROM messages`).pluck().get() as number);
      log(`reusing ${path} (${n.toLocaleString('en-US')} texts): write measures skipped`);
    } else {
      const account = insertAccount(db, { provider: 'inkbox', label: 'Bench', baseUrl: 'http://127.0.0.1:1' });
      numberIds = numbers.map((phone, i) => upsertNumber(db, account.id, { providerId: `bench-number-${i}`, phoneNumber: phone }));
      const scopes = numberIds.map((numberId) => ({ accountId: account.id, numberId }));

      // The floor writes the same pages in a process of its own, each right after the engine's.
      const floorPath = join(scratch!, 'floor.db');
      const floor = await startWriteFloor({ path: floorPath, messages: n });

      // Bulk import: the first sync's history pass, newest first, one transaction per page.
      log(`importing ${n.toLocaleString('en-US')} texts, and the same through plain INSERTs (the floor)…`);
      const applyPage = db.transaction((from: number, to: number) => {
        for (let i = from; i < to; i++) {
          const generated = generateText(i, n);
          applyRemoteMessage(db, scopes[generated.numberIndex]!, generated.text, noOverrides);
        }
      });
      let importMs = 0;
      let floorImportMs = 0;
      for (let from = 0; from < n; from += pageSize) {
        const to = Math.min(n, from + pageSize);
        importMs += time(() => applyPage(from, to));
        floorImportMs += await floor.write({ pass: 'import', from, to });
      }
      // Incremental: what a later sync applies: new texts at the head, texts seen again with
      // their read state changed, and texts seen again unchanged, in pages of 100.
      const incremental = Math.max(100, Math.min(20_000, Math.floor(n / 10)));
      const incrementalPage = db.transaction((from: number, to: number) => {
        for (let i = from; i < to; i++) {
          const { generated } = incrementalText(i, n);
          applyRemoteMessage(db, scopes[generated.numberIndex]!, generated.text, noOverrides);
        }
      });
      let incrementalMs = 0;
      let floorIncrementalMs = 0;
      for (let from = 0; from < incremental; from += incrementalPageSize) {
        const to = Math.min(incremental, from + incrementalPageSize);
        incrementalMs += time(() => incrementalPage(from, to));
        floorIncrementalMs += await floor.write({ pass: 'incremental', from, to });
      }
      await floor.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(floorPath + suffix, { force: true });
      const importRate = n / (importMs / 1000);
      const incrementalRate = incremental / (incrementalMs / 1000);
      const floorRate = { importRate: n / (floorImportMs / 1000), incrementalRate: incremental / (floorIncrementalMs / 1000) };
      figures.push(writeFigure('bulk import (first sync path)', importRate, floorRate.importRate));
      figures.push(writeFigure('incremental upsert (½ new, ¼ changed, ¼ unchanged)', incrementalRate, floorRate.incrementalRate));
    }

    // The address books: half local (an imported file), half one provider's, every party of
    // the data set named and as many phones again that never texted. Names are then resolved
    // into the conversations, which is what lists, threads and search read.
    const contactCount = options.contacts ?? 10_000;
    if (contactCount > 0 && (db.prepare(`SELECT count(*) FROM contacts`).pluck().get() as number) === 0) {
      const entries = benchContacts(contactCount);
      const half = Math.floor(entries.length / 2);
      const accountId = db.prepare(`SELECT id FROM accounts ORDER BY id LIMIT 1`).pluck().get() as number;
      const contactsMs = time(() => {
        importLocalContacts(db, entries.slice(0, half));
        replaceProviderContacts(db, accountId, entries.slice(half));
      });
      figures.push({ name: `contacts: import ${contactCount.toLocaleString('en-US')} and name conversations`, unit: 'ms', value: Math.round(contactsMs) });
    }
    const contactsHeld = db.prepare(`SELECT count(*) FROM contacts`).pluck().get() as number;
    const namedConversations = db.prepare(`SELECT count(*) FROM conversations WHERE remote_name IS NOT NULL`).pluck().get() as number;
    log(`${contactsHeld.toLocaleString('en-US')} contacts, naming ${namedConversations.toLocaleString('en-US')} conversations`);
    figures.push({ name: 'contacts in the address books', unit: 'contacts', value: contactsHeld });

    // No ANALYZE: the engine never runs it, so the reads are timed with the plans a user's
    // cache gets (test/cache/statementPlans.test.ts checks the sync path's both ways).
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = statSync(path).size;
    figures.push({ name: 'database bytes per text', unit: 'B', value: Math.round(bytes / n) });
    for (const [label, pattern] of [['word index', 'messages_fts%'], ['trigram index', 'messages_trigram%']] as const) {
      try {
        const row = db.prepare(`SELECT coalesce(sum(pgsize), 0) AS size FROM dbstat WHERE name LIKE ?`).get(pattern) as { size: number };
        figures.push({ name: `  of which ${label}`, unit: 'B', value: Math.round(row.size / n) });
      } catch {
        // dbstat is optional in SQLite builds
      }
    }

    const iterations = options.iterations;
    const conversations = db
      .prepare(`SELECT id, total_count AS total FROM conversations WHERE total_count > 0 ORDER BY total_count DESC`)
      .all() as { id: number; total: number }[];
    const largest = conversations[0]!;
    const middle = conversations[Math.min(conversations.length - 1, 50)]!;

    // Search: the engine against its floor, in both orders.
    const snippet = (table: string) => `snippet(${table}, 0, '[', ']', '…', 16)`;
    const raw = (table: string, expression: string, join = '', where = '') => (sort: 'relevance' | 'newest') => ({
      sql: `SELECT f.rowid, ${snippet(`f.${table}`)} FROM ${table} f ${join} WHERE f.${table} MATCH ? ${where}
            ORDER BY ${sort === 'relevance' ? `bm25(f.${table})` : 'f.rowid DESC'} LIMIT 50`,
      params: [expression],
    });
    const compiled = (query: string) => compileQuery(db, parseSearchQuery(query));
    const words = (table: string, expression: string, query?: string) => {
      const grams = query ? (compiled(query).substring?.grams ?? null) : null;
      const notWords = 'AND f.rowid NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)';
      return {
        'words index': (sort: 'relevance' | 'newest'): FloorStatement => ({
          ...raw(table, expression)(sort),
          ...(grams ? { then: raw('messages_trigram', grams, '', notWords)(sort), thenExtra: [expression] } : {}),
        }),
      };
    };
    /**
     * The plans of words with a filter (conditions on messages m, conversations c). When the
     * words leave the page short, the engine's page goes on with the texts where they occur
     * inside longer words (its substring phase), so the floor does too, in the same plan's
     * shape: `then`, run when the first statement returns fewer than 50 rows.
     */
    const filtered = (expression: string, filter: string, query?: string) => {
      const grams = query ? (compiled(query).substring?.grams ?? null) : null;
      const conversations = 'JOIN conversations c ON c.id = m.conversation_id';
      const notWords = 'NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)';
      return {
        'words index, filter by row': (sort: 'relevance' | 'newest') => ({
          ...raw('messages_fts', expression, `JOIN messages m ON m.id = f.rowid ${conversations}`, `AND ${filter}`)(sort),
          ...(grams
            ? { then: raw('messages_trigram', grams, `JOIN messages m ON m.id = f.rowid ${conversations}`, `AND f.rowid ${notWords} AND ${filter}`)(sort), thenExtra: [expression] }
            : {}),
        }),
        'filter index, words by rowid': (sort: 'relevance' | 'newest') => {
          // Newest: the filter's rows newest first, kept when in the words' set (the + keeps
          // SQLite walking the filter's index rather than looking up each match). Relevance:
          // the window the engine ranks (500 newest).
          const limit = sort === 'newest' ? 50 : 500;
          const walk = (table: string, extra = '') => `SELECT m.id FROM messages m ${conversations}
                WHERE ${filter} AND +m.id IN (SELECT rowid FROM ${table} WHERE ${table} MATCH ?) ${extra} ORDER BY m.id DESC LIMIT ${limit}`;
          return {
            sql: walk('messages_fts'),
            params: [expression],
            ...(grams ? { then: { sql: walk('messages_trigram', `AND m.id ${notWords}`), params: [grams] }, thenExtra: [expression] } : {}),
          };
        },
        'filter set, words index ranked': (sort: 'relevance' | 'newest') => ({
          sql: `SELECT f.rowid, ${snippet('f.messages_fts')} FROM messages_fts f WHERE f.messages_fts MATCH ?
                  AND f.rowid IN (SELECT m.id FROM messages m ${conversations} WHERE ${filter})
                ORDER BY ${sort === 'relevance' ? 'bm25(f.messages_fts)' : 'f.rowid DESC'} LIMIT 50`,
          params: [expression],
        }),
      };
    };
    const party = db.prepare(`SELECT remote FROM conversations WHERE id = ?`).pluck().get(middle.id) as string;
    const localDay = (day: string) => {
      const [year, month, date] = day.split('-').map(Number) as [number, number, number];
      return new Date(year, month - 1, date).getTime() * ID_SLOTS;
    };
    const unread = `m.deleted = 0 AND m.is_read = 0 AND NOT ${isReadSql()}`;
    const cases: SearchCase[] = [
      { name: 'common word', query: 'you ', floors: words('messages_fts', '"you"') },
      { name: 'rare word', query: 'zeppelin ', floors: words('messages_fts', '"zeppelin"', 'zeppelin ') },
      { name: 'prefix', query: 'appoi', floors: words('messages_fts', '"appoi"*') },
      { name: 'phrase', query: '"see you tomorrow"', floors: words('messages_fts', '"see you tomorrow"') },
      { name: 'operator-filtered', query: 'invoice is:unread has:media', floors: filtered('"invoice"', `${unread} AND m.has_media = 1`, 'invoice is:unread has:media') },
      { name: 'in-conversation', query: 'thanks ', conversationId: middle.id, floors: filtered('"thanks"', `m.deleted = 0 AND m.conversation_id = ${middle.id}`, 'thanks ') },
      { name: 'word is:unread', query: 'thanks is:unread', floors: filtered('"thanks"', unread, 'thanks is:unread') },
      { name: 'word has:media', query: 'invoice has:media', floors: filtered('"invoice"', 'm.deleted = 0 AND m.has_media = 1', 'invoice has:media') },
      { name: 'word in:party', query: `thanks in:${party}`, floors: filtered('"thanks"', `m.deleted = 0 AND c.remote = '${party}'`, 'thanks ') },
      {
        name: 'word from:party',
        query: `thanks from:${party}`,
        floors: filtered('"thanks"', `m.deleted = 0 AND m.direction = 'inbound' AND c.remote = '${party}'`, 'thanks '),
      },
      {
        name: 'word in one month',
        query: 'thanks after:2025-03-01 before:2025-04-01',
        floors: filtered('"thanks"', `m.deleted = 0 AND m.id >= ${localDay('2025-03-01')} AND m.id < ${localDay('2025-04-01')}`, 'thanks '),
      },
      { name: 'CJK (2 characters)', query: '東京', floors: words('messages_trigram', compiled('東京').grams ?? '"東京"') },
      { name: 'substring', query: 'ointment', floors: words('messages_trigram', '"ointment"') },
      { name: 'phone number', query: '(555) 010-4242', floors: words('messages_fts', compiled('(555) 010-4242').words ?? '') },
    ];
    for (const sort of ['relevance', 'newest'] as const) {
      for (const c of cases) {
        const input = { query: c.query, sort, limit: 50, conversationId: c.conversationId };
        const hits = searchMessages(db, input).hits.length;
        const ours = sample(iterations, () => searchMessages(db, input));
        let floor: number[] = [];
        let floorPlan = '';
        for (const [plan, build] of Object.entries(c.floors)) {
          const { sql, params, then, thenExtra = [] } = build(sort);
          const statement = db.prepare(sql);
          const next = then ? db.prepare(then.sql) : null;
          const times = sample(iterations, () => {
            if (statement.all(...params).length < 50 && next) next.all(...then!.params, ...thenExtra);
          });
          if (!floorPlan || percentile(times, 95) < percentile(floor, 95)) [floor, floorPlan] = [times, plan];
        }
        const p95 = percentile(ours, 95);
        const floorP95 = percentile(floor, 95);
        figures.push({
          name: `search ${sort}: ${c.name}`,
          unit: 'ms',
          value: p95,
          p50: percentile(ours, 50),
          p95,
          p99: percentile(ours, 99),
          floorP50: percentile(floor, 50),
          floorP95,
          ratioP95: floorP95 > 0 ? p95 / floorP95 : 0,
          floorPlan,
          hits,
          target: '≤ 15, ≤ 2× floor',
          ok: p95 <= 15 && p95 <= 2 * Math.max(floorP95, 0.05),
        });
      }
    }

    const listTimes = sample(iterations * 4, () => listConversations(db, { limit: 50 }));
    figures.push(latency('conversation list, first page (all numbers)', listTimes, 2));
    const perNumber = sample(iterations * 4, (i) => listConversations(db, { numberId: numberIds[i % numberIds.length]!, limit: 50 }));
    figures.push(latency('conversation list, first page (one number)', perNumber, 2));
    const threadTimes = sample(iterations * 4, () => listThread(db, largest.id, { limit: 50 }));
    figures.push(latency(`thread page, newest (${largest.total.toLocaleString('en-US')} texts)`, threadTimes, 2));
    const someIds = db.prepare(`SELECT id FROM messages WHERE deleted = 0 AND conversation_id = ? ORDER BY id LIMIT 1 OFFSET ?`);
    const deepId = (someIds.get(largest.id, Math.floor(largest.total / 2)) as { id: number }).id;
    const olderTimes = sample(iterations * 4, () => listThread(db, largest.id, { limit: 50, before: deepId }));
    figures.push(latency('thread page, older (middle of the largest thread)', olderTimes, 2));
    const targets = db.prepare(`SELECT id FROM messages WHERE deleted = 0 AND id % 97 = 0 LIMIT 200`).pluck().all() as number[];
    const contextTimes = sample(iterations * 4, (i) => searchContext(db, { messageId: targets[i % targets.length]!, before: 25, after: 25 }));
    figures.push(latency('jump to context (25 before, 25 after)', contextTimes, 5));

    // Mark read: the conversation closest to 1,000 texts, all of them unread first.
    const thousand = conversations.reduce((best, c) => (Math.abs(c.total - 1000) < Math.abs(best.total - 1000) ? c : best));
    const markTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      // Back to all unread: the watermark lifted first (with the count of what it covered), then every text unread.
      db.prepare(
        `UPDATE conversations SET read_through = NULL,
                unread_count = (SELECT count(*) FROM messages WHERE conversation_id = @id AND deleted = 0 AND is_read = 0)
          WHERE id = @id`,
      ).run({ id: thousand.id });
      db.prepare(`UPDATE messages SET is_read = 0 WHERE conversation_id = ? AND deleted = 0`).run(thousand.id);
      markTimes.push(time(() => db.transaction(() => setConversationRead(db, thousand.id, true))()));
    }
    markTimes.sort((a, b) => a - b);
    figures.push({ ...latency(`mark a conversation read (${thousand.total} texts)`, markTimes, 5), value: percentile(markTimes, 50) });

    const peak = process.resourceUsage().maxRSS * 1024;
    figures.push({ name: 'peak RSS', unit: 'MB', value: Math.round(peak / 1e6), target: '≤ 300', ok: peak / 1e6 <= 300 });
  } finally {
    db.close();
    if (scratch && !options.keep) rmSync(scratch, { recursive: true, force: true });
    else log(`kept ${path}`);
  }

  mkdirSync(options.outDir, { recursive: true });
  const file = join(options.outDir, `bench-${options.reuse ? 'reuse' : options.messages}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const loadAtEnd = loadAverage();
  writeFileSync(file, JSON.stringify({ messages: options.messages, node: process.version, load: { start: loadAtStart, end: loadAtEnd }, figures, knownParty }, null, 2));
  log(formatTable(figures));
  log(`load average (1, 5, 15 min): ${loadAtStart} at start, ${loadAtEnd} at end`);
  log(`written ${file}`);
  return { messages: options.messages, figures, file };
}

/** A write rate beside its floor (bench/writeFloor.ts); × floor is ours ÷ floor, higher is better. */
function writeFigure(name: string, rate: number, floorRate: number): Figure {
  const ratio = rate / floorRate;
  return {
    name: `${name} (floor ${Math.round(floorRate).toLocaleString('en-US')}/s)`,
    unit: 'texts/s',
    value: Math.round(rate),
    ratioP95: ratio,
    target: '≥ 0.7× floor',
    ok: ratio >= 0.7,
  };
}

function latency(name: string, sorted: number[], targetMs: number): Figure {
  const p95 = percentile(sorted, 95);
  return { name, unit: 'ms', value: p95, p50: percentile(sorted, 50), p95, p99: percentile(sorted, 99), target: `≤ ${targetMs}`, ok: p95 <= targetMs };
}

const fixed = (value: number | undefined, digits = 2) => (value === undefined ? '' : value.toFixed(digits));

export function formatTable(figures: readonly Figure[]): string {
  const header = ['measure', 'value', 'p50', 'p95', 'p99', 'floor p50', 'floor p95', '× floor', 'floor plan', 'hits', 'target', ''];
  const rows = figures.map((f) => [
    f.name,
    f.unit === 'ms' ? '' : `${f.value.toLocaleString('en-US')} ${f.unit}`,
    fixed(f.p50),
    fixed(f.p95),
    fixed(f.p99),
    fixed(f.floorP50),
    fixed(f.floorP95),
    f.ratioP95 === undefined ? '' : `${f.ratioP95.toFixed(2)}×`,
    f.floorPlan ?? '',
    f.hits === undefined ? '' : String(f.hits),
    f.target ?? '',
    f.ok === undefined ? '' : f.ok ? 'ok' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function parseArgs(argv: readonly string[]): BenchOptions {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const messages = Number(value('--messages') ?? 1_000_000);
  const iterations = Number(value('--iterations') ?? 30);
  if (!Number.isInteger(messages) || messages < 1000) throw new Error('--messages must be an integer ≥ 1000');
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error('--iterations must be a positive integer');
  return {
    messages,
    iterations,
    outDir: resolve(value('--out') ?? 'bench-results'),
    keep: argv.includes('--keep'),
    ...(value('--reuse') ? { reuse: resolve(value('--reuse')!) } : {}),
    ...(value('--contacts') !== undefined ? { contacts: Number(value('--contacts')) } : {}),
    log: (line) => console.log(line),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runBenchmark(parseArgs(process.argv.slice(2))).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

