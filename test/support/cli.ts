import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const tsxBin = join(repoRoot, 'node_modules/.bin/tsx');
export const cliEntry = join(repoRoot, 'electron/cli/main.ts');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, start-up included. */
  ms: number;
}

export interface CliServer {
  baseUrl: string;
  apiKey: string;
}

/**
 * Runs the CLI as a user would (`tsx electron/cli/main.ts …`) in a child process, with the
 * credentials of `server` in its environment (or none), and collects what it printed.
 */
export function runCli(
  args: string[],
  options: { server?: CliServer | null; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env };
  // Only the credentials a test gives: a developer's own exported keys must not add accounts.
  for (const name of Object.keys(env)) {
    if (/^(INKBOX|SENDBLUE|LINQ|HEYMARKET)_/.test(name)) delete env[name];
  }
  delete env.TEXTDESK_DEBUG;
  if (options.server) {
    env.INKBOX_API_KEY = options.server.apiKey;
    env.INKBOX_BASE_URL = options.server.baseUrl;
  }
  Object.assign(env, options.env);
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(tsxBin, [cliEntry, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 25_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A test's setup: syncs `server` into the cache at `db` with the CLI, or throws with what it printed. */
export async function syncWithCli(db: string, server: CliServer): Promise<void> {
  const synced = await runCli(['sync', '--db', db], { server });
  if (synced.code !== 0) throw new Error(`sync failed: ${synced.stderr}`);
}

/** The lines a process wrote, without the trailing empty one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}

/** What a one-line error looks like: exactly one line, our prefix, no stack frames. */
export function expectOneLineError(result: CliResult): string {
  const errorLines = lines(result.stderr);
  if (errorLines.length !== 1 || !errorLines[0]!.startsWith('textdesk: ') || /\n\s+at /.test(result.stderr)) {
    throw new Error(`Expected one "textdesk: …" line on stderr, got:\n${result.stderr}`);
  }
  return errorLines[0]!;
}

/** Asserts the exit code, showing what the process printed when it differs. */
export function expectExit(result: CliResult, code: number): void {
  if (result.code !== code) {
    throw new Error(`Expected exit ${code}, got ${result.code} (${result.signal ?? 'no signal'}).\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}
