import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadAverage } from './run';

/**
 * `npm run bench:responsive [-- --mode worker|inline|both --runs N --idle-seconds N]`
 *
 * The first sync of about 150,000 texts from a server in another process, while a client calls
 * the browser host (in a third process) every 50 ms, in turn: the host's own work (its page,
 * app:info), a thread page and a search. Every figure is printed beside the same call's figure
 * when the host is idle (after the sync), measured in the same run, and with the load average.
 * `both` (the default) runs the host with its engine inline and in a worker, one after the other.
 *
 * Each mode repeats the first sync `--runs` times (default 3), each in a fresh host with an empty
 * cache against the same server, and pools the calls: one sync of 150,000 texts takes about 20 s
 * on a quiet 2-core machine, about 100 calls of each kind, and p99 of 100 calls is their slowest.
 */

type Kind = 'page' | 'app:info' | 'thread page' | 'search' | 'floor';
/**
 * 'floor': the same request as 'page' to a bare Node HTTP server in a process of its own that
 * does nothing else, in the same rotation: what this machine's scheduling alone costs a call
 * while the sync keeps its cores busy. The host's own work cannot be quicker than that.
 */
const kinds: readonly Kind[] = ['page', 'app:info', 'thread page', 'search', 'floor'];
const tickMs = 50;

interface Sample {
  kind: Kind;
  ms: number;
}

function start(role: 'server' | 'host' | 'bare', mode?: string): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  const child = fork(new URL('./responsiveProcesses.ts', import.meta.url), [role, ...(mode ? [mode] : [])], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolvePromise, reject) => {
    child.once('message', (info) => resolvePromise({ child, info: info as Record<string, unknown> }));
    child.once('exit', (code) => reject(new Error(`the ${role} process exited (${code}) before it was ready`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.send('stop');
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface ModeResult {
  mode: string;
  texts: number;
  /** Per run, in order. */
  syncSeconds: number[];
  load: { start: string; end: string };
  figures: { kind: Kind; sync: { n: number; p50: number; p99: number; max: number }; idle: { n: number; p50: number; p99: number; max: number } }[];
}

interface Server {
  baseUrl: string;
  apiKey: string;
  texts: number;
}

async function runMode(mode: 'worker' | 'inline', server: Server, bare: string, runs: number, idleSeconds: number, log: (line: string) => void): Promise<ModeResult> {
  const loadStart = loadAverage();
  const samples: { sync: Sample[]; idle: Sample[] } = { sync: [], idle: [] };
  const syncSeconds: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const one = await runOnce(mode, server, bare, idleSeconds, (line) => log(`[${mode} ${run}/${runs}] ${line}`));
    samples.sync.push(...one.sync);
    samples.idle.push(...one.idle);
    syncSeconds.push(one.syncSeconds);
  }
  const stats = (list: Sample[], kind: Kind) => {
    const sorted = list.filter((s) => s.kind === kind).map((s) => s.ms).sort((a, b) => a - b);
    return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
  };
  return {
    mode,
    texts: server.texts,
    syncSeconds,
    load: { start: loadStart, end: loadAverage() },
    figures: kinds.map((kind) => ({ kind, sync: stats(samples.sync, kind), idle: stats(samples.idle, kind) })),
  };
}

/** One first sync into a fresh host (an empty cache), then the same calls idle. */
async function runOnce(
  mode: 'worker' | 'inline',
  server: Server,
  bare: string,
  idleSeconds: number,
  log: (line: string) => void,
): Promise<{ sync: Sample[]; idle: Sample[]; syncSeconds: number }> {
  const host = await start('host', mode);
  const { origin, token } = host.info as { origin: string; token: string };
  const api = async (channel: string, input?: unknown) => {
    const response = await fetch(`${origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-textdesk-token': token },
      body: JSON.stringify({ input }),
    });
    const envelope = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.message}`);
    return envelope.value as never;
  };

  let conversationId: number | null = null;
  const call = async (kind: Kind): Promise<void> => {
    if (kind === 'page') {
      const response = await fetch(`${origin}/?token=${token}`);
      await response.text();
    } else if (kind === 'floor') {
      const response = await fetch(`${bare}/?token=${token}`);
      await response.text();
    } else if (kind === 'app:info') {
      await api('app:info');
    } else if (kind === 'thread page') {
      if (conversationId !== null) await api('thread:page', { conversationId, limit: 50 });
    } else {
      await api('search:query', { query: 'thank', sort: 'newest', limit: 50 });
    }
  };

  const samples: { sync: Sample[]; idle: Sample[] } = { sync: [], idle: [] };
  let phase: 'sync' | 'idle' = 'sync';
  let turn = 0;
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const kind = kinds[turn++ % kinds.length]!;
    if (kind === 'thread page' && conversationId === null) return;
    const into = samples[phase];
    const begun = performance.now();
    const done = call(kind)
      .then(() => void into.push({ kind, ms: performance.now() - begun }))
      .catch((error: unknown) => log(`  ${kind} failed: ${String(error)}`))
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  }, tickMs);

  log(`adding the account: the first sync of ${server.texts.toLocaleString('en-US')} texts starts…`);
  const began = performance.now();
  await api('accounts:add', { provider: 'inkbox', credentials: { apiKey: server.apiKey }, baseUrl: server.baseUrl, label: 'Responsive' });
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const status = (await api('sync:status')) as { state: string; lastSyncedAt: string | null };
    if (conversationId === null || turn % 40 === 0) {
      const { conversations } = (await api('conversations:list', { limit: 50 })) as { conversations: { id: number; totalCount: number }[] };
      const largest = conversations.sort((a, b) => b.totalCount - a.totalCount)[0];
      if (largest) conversationId = largest.id;
    }
    if (status.lastSyncedAt !== null && status.state !== 'syncing') break;
  }
  const syncSeconds = (performance.now() - began) / 1000;
  log(`first sync done in ${syncSeconds.toFixed(1)} s; now the same calls, idle, for ${idleSeconds} s…`);
  phase = 'idle';
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  clearInterval(timer);
  await Promise.all(inFlight);
  await stop(host.child);
  return { ...samples, syncSeconds };
}

const targets: Record<Kind, string> = {
  page: 'p99 ≤ 10, max ≤ 50',
  'app:info': 'p99 ≤ 10, max ≤ 50',
  'thread page': 'p99 ≤ 25',
  search: 'p99 ≤ 50',
  floor: '(the floor)',
};

function meets(kind: Kind, figure: { p99: number; max: number }): boolean | null {
  if (kind === 'floor') return null;
  if (kind === 'page' || kind === 'app:info') return figure.p99 <= 10 && figure.max <= 50;
  return figure.p99 <= (kind === 'thread page' ? 25 : 50);
}

export function formatResponsive(result: ModeResult): string {
  const header = ['engine', 'call', 'n (sync)', 'p50', 'p99', 'max', 'n (idle)', 'idle p50', 'idle p99', 'idle max', 'target (during sync)', ''];
  const f = (v: number) => v.toFixed(1);
  const verdict = (met: boolean | null) => (met === null ? '' : met ? 'ok' : 'MISS');
  const rows = result.figures.map(({ kind, sync, idle }) => [
    result.mode, kind, String(sync.n), f(sync.p50), f(sync.p99), f(sync.max), String(idle.n), f(idle.p50), f(idle.p99), f(idle.max), targets[kind], verdict(meets(kind, sync)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `${result.syncSeconds.length} first syncs of ${result.texts.toLocaleString('en-US')} texts, pooled (${result.syncSeconds.map((s) => `${s.toFixed(1)} s`).join(', ')}); load average ${result.load.start} at start, ${result.load.end} at end (ms)`,
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const modeArg = value('--mode') ?? 'both';
  if (!['worker', 'inline', 'both'].includes(modeArg)) throw new Error('--mode is worker, inline or both');
  // 15 s a run: with three runs, 225 calls of each kind, so the idle p99 is not simply the slowest.
  const idleSeconds = Number(value('--idle-seconds') ?? 15);
  const runs = Number(value('--runs') ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  const modes = modeArg === 'both' ? (['inline', 'worker'] as const) : ([modeArg] as ['worker' | 'inline']);
  const log = (line: string) => console.log(line);

  log('starting the server (another process) with about 150,000 texts…');
  const server = await start('server');
  const bare = await start('bare');
  const results: ModeResult[] = [];
  try {
    for (const mode of modes) results.push(await runMode(mode, server.info as unknown as Server, bare.info.origin as string, runs, idleSeconds, log));
  } finally {
    await Promise.all([stop(server.child), stop(bare.child)]);
  }
  for (const result of results) log(`\n${formatResponsive(result)}`);
  const outDir = resolve(value('--out') ?? 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `responsive-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ node: process.version, results }, null, 2));
  log(`written ${file}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
