import { z } from 'zod';
import { cleanName, displayName } from '../contacts/names';
import { ProviderParseError } from './errors';
import { summarizeIssues } from './parse';
import type { ParseIssue } from './types';

/**
 * What every provider's address book hands the service: one entry per phone of a contact, the
 * phone as the provider wrote it (the service reads it as E.164 in the account's country), the
 * name already cleaned. Address books are untrusted: an entry whose phone or name is unusable
 * is skipped and reported, never half-kept, and a malformed field costs that field only.
 */
export interface RemoteContact {
  phone: string;
  name: string | null;
  /** The provider's opt-out state for the party (Sendblue opt_out, Heymarket is_opted_out). */
  optedOut: boolean | null;
  providerRef: string | null;
}

/** Longer fields than this are not names: ignored rather than cut (nobody is called 4 KB). */
const MAX_RAW_FIELD = 4096;

/** A name field: any JSON value; only a string of sane length counts, cleaned. */
export const NameField = z
  .unknown()
  .transform((value) => (typeof value === 'string' && value.length <= MAX_RAW_FIELD ? cleanName(value) : null));

/** A phone field: a string or a number of digits; anything else is no phone. */
export const PhoneField = z
  .unknown()
  .transform((value) =>
    typeof value === 'string' && value.length <= 64 ? value.trim() : typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : null,
  );

export const FlagField = z.unknown().transform((value) => (typeof value === 'boolean' ? value : value === 1 || value === 'true' ? true : value === 0 || value === 'false' ? false : null));

export const RefField = z
  .unknown()
  .transform((value) => (typeof value === 'string' && value.length <= 200 ? value : typeof value === 'number' ? String(value) : null));

export { cleanName, displayName };

/**
 * The items of a list answer: a bare array, or an object holding one under a usual key
 * (data, items, contacts, results). Anything else cannot be trusted at all and is an error.
 */
export function listItems(body: unknown, context: { provider: string; endpoint: string }): unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null) {
    for (const key of ['data', 'items', 'contacts', 'results']) {
      const value = (body as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value;
    }
  }
  throw new ProviderParseError({ provider: context.provider, endpoint: context.endpoint, problem: 'expected a list of contacts' });
}

/** Parses each item; malformed ones are reported and skipped. */
export function parseItems<S extends z.ZodType>(
  schema: S,
  items: readonly unknown[],
  endpoint: string,
  onIssue: ((issue: ParseIssue) => void) | undefined,
): z.output<S>[] {
  const out: z.output<S>[] = [];
  items.forEach((raw, index) => {
    const result = schema.safeParse(raw);
    if (result.success) out.push(result.data);
    else {
      try {
        onIssue?.({ endpoint, index, message: summarizeIssues(result.error) });
      } catch {
        // A failing reporter must not fail the refresh.
      }
    }
  });
  return out;
}

/** A hostile server could page forever: an address book stops at this many entries. */
export const MAX_CONTACTS = 100_000;
