import { z } from 'zod';
import { channels, isChannel, type Channel, type Envelope, type Handlers } from '../../shared/contract';
import { AppError, type AppErrorShape } from '../../shared/errors';
import { fromSqliteError } from './cache/errors';

/** Receives the details of unexpected errors, which never cross the boundary themselves. */
export type ErrorLogger = (channel: string, error: unknown) => void;

/**
 * One call from an untrusted caller (the renderer over IPC, a browser over HTTP): checks the
 * channel, parses the input with the contract, runs the handler, and answers an envelope.
 * Never throws, and never passes a stack trace or an unexpected error's text back.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  input: unknown,
  logError: ErrorLogger = () => {},
): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return failure('VALIDATION', `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}.`);
  }
  const parsed = channels[channel].input.safeParse(input);
  if (!parsed.success) return failure('VALIDATION', describeIssues(channel, parsed.error));
  try {
    const handler = handlers[channel] as (value: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorShape(channel, error, logError) };
  }
}

export function toErrorShape(channel: string, error: unknown, logError: ErrorLogger = () => {}): AppErrorShape {
  const sqlite = fromSqliteError(error);
  if (sqlite) {
    logError(channel, error);
    return { code: sqlite.code, message: sqlite.message };
  }
  if (error instanceof AppError) {
    if (error.code === 'INTERNAL' || error.code === 'DB') logError(channel, error);
    return { code: error.code, message: error.message };
  }
  logError(channel, error);
  return { code: 'INTERNAL', message: 'Something went wrong inside Textdesk; the details are in the log.' };
}

function failure(code: AppErrorShape['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function describeIssues(channel: Channel, error: z.ZodError): string {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `Invalid input for ${channel}${where}: ${first?.message ?? 'not accepted'}${more}.`;
}
