import { writeSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { parseDecimal } from './args';

/** Exit codes: 0 done, 1 failed, 2 bad usage, 3 refused credentials, 4 unreachable. */
export const EXIT = { ok: 0, failed: 1, usage: 2, auth: 3, network: 4 } as const;

/** A mistake in how the command was called: reported with a pointer to --help, exit 2. */
export class UsageError extends Error {}

export type Flags = Record<string, string | boolean | undefined>;

/** What a command runs with: its parsed arguments and where its output goes. */
export interface Context {
  /** The command being run, e.g. "sync". */
  command: string;
  flags: Flags;
  positionals: string[];
  json: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  /** The options it takes beside the global ones. */
  options: ParseArgsConfig['options'];
  /** Runs it; resolves to the exit code. */
  run: (ctx: Context) => Promise<number>;
}

/**
 * One command module: its lines of the usage text (already indented as --help prints them) and
 * the command names it handles (`read`, `unread` and `delete` share one module and one line).
 */
export interface CommandModule {
  help: string;
  commands: Record<string, Command>;
}

export function requireFlag(ctx: Context, name: string): string {
  const value = ctx.flags[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required.`);
  return value.trim();
}

export function intFlag(ctx: Context, name: string, fallback: number, min = 1, max = 100_000): number {
  const value = ctx.flags[name];
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' ? parseDecimal(value.trim(), min, max) : null;
  if (parsed === null) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, in decimal digits.`);
  return parsed;
}

/**
 * Writes all of `text`. stdout is a non-blocking pipe when another program reads it (| gzip,
 * | less, a test harness): writeSync then writes part of a chunk or fails with EAGAIN while the
 * reader is behind, which cut exports short with "unexpected error: EAGAIN".
 */
export function writeAll(fd: number, text: string): void {
  let rest = Buffer.from(text, 'utf8');
  while (rest.byteLength > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pipeWait, 0, 0, 5);
    }
  }
}
const pipeWait = new Int32Array(new SharedArrayBuffer(4));

/** Resolves on the first of the signals (Ctrl+C, a kill): how the long-running commands end. */
export function untilSignal(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): Promise<void> {
  return new Promise<void>((resolve) => {
    for (const signal of signals) process.once(signal, resolve);
  });
}
