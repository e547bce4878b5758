import type { z } from 'zod';
import { ProviderParseError } from './errors';
import type { ParseIssue } from './types';

/**
 * Applies a wire schema to an untrusted body. Lists skip malformed items (reported, never
 * thrown, never returned half-parsed) so one odd text cannot stall a whole sync; a body that is
 * not the expected container is an error, because then nothing in it can be trusted.
 */

export interface ParseContext {
  provider: string;
  /** e.g. "GET /numbers/{id}/texts", used in issues and errors. */
  endpoint: string;
  onIssue?: (issue: ParseIssue) => void;
}

export function parseList<S extends z.ZodType>(
  schema: S,
  body: unknown,
  context: ParseContext,
): z.output<S>[] {
  if (!Array.isArray(body)) {
    throw new ProviderParseError({
      provider: context.provider,
      endpoint: context.endpoint,
      problem: `expected a JSON array, got ${describeJsonType(body)}`,
    });
  }
  const items: z.output<S>[] = [];
  body.forEach((raw, index) => {
    const result = schema.safeParse(raw);
    if (result.success) {
      items.push(result.data);
    } else {
      report(context, { endpoint: context.endpoint, index, message: summarizeIssues(result.error) });
    }
  });
  return items;
}

export function parseOne<S extends z.ZodType>(
  schema: S,
  body: unknown,
  context: ParseContext,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ProviderParseError({
    provider: context.provider,
    endpoint: context.endpoint,
    problem: summarizeIssues(result.error),
  });
}

/** One line naming the first few bad fields; zod's messages name types, never the values. */
export function summarizeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

function report(context: ParseContext, issue: ParseIssue): void {
  try {
    context.onIssue?.(issue);
  } catch {
    // A failing reporter must not turn a skipped item into a failed sync.
  }
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
