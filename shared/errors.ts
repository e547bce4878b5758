import { z } from 'zod';

/** The closed set of error codes that may cross a process boundary (docs/architecture.md, The contract). */
export const ErrorCode = z.enum([
  'VALIDATION',
  'NOT_FOUND',
  'AUTH',
  'NETWORK',
  'RATE_LIMITED',
  'UNSUPPORTED',
  'DB',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorShape = z.object({ code: ErrorCode, message: z.string() });
export type AppErrorShape = z.infer<typeof AppErrorShape>;

/**
 * An error that knows its code. Core code throws these; hosts turn them into envelopes.
 * Anything else that escapes is reported as INTERNAL with a generic message.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
