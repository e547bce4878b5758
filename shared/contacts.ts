import { z } from 'zod';
import { ProviderKind } from './model';

/**
 * Contacts as the UI and the CLI see them: one phone (E.164) and the name that wins for it.
 * local: the user's own address book (imported files, names set in the app), which wins over
 * every provider's and survives every sync; provider: an account's address book on the server.
 */

export const ContactSource = z.enum(['local', 'provider']);
export type ContactSource = z.infer<typeof ContactSource>;

export const Contact = z.object({
  phone: z.string(),
  name: z.string().nullable(),
  source: ContactSource,
  accountId: z.number().int().nullable(),
  provider: ProviderKind.nullable(),
  /** What the provider says about the party opting out of texts; null when it does not say. */
  optedOut: z.boolean().nullable(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof Contact>;

export const ContactListInput = z
  .object({
    query: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .optional();

export const ContactList = z.object({ contacts: z.array(Contact), total: z.number().int().nonnegative() });
export type ContactList = z.infer<typeof ContactList>;

export const ContactSetInput = z.object({
  /** Any written form; read in the country of `numberId` (or the first number) when it has no +. */
  phone: z.string().trim().min(1).max(40),
  /** null removes the local name: the provider's (if any) shows again. */
  name: z.string().max(1000).nullable(),
  numberId: z.number().int().positive().optional(),
});

export const ImportFormat = z.enum(['vcf', 'csv']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** 10 MB of text: an address book of tens of thousands of cards. */
export const MAX_IMPORT_CHARS = 10 * 1024 * 1024;

export const ContactImportInput = z.object({
  format: ImportFormat,
  content: z.string().max(MAX_IMPORT_CHARS, 'The file is larger than 10 MB'),
  numberId: z.number().int().positive().optional(),
});

export const ImportReport = z.object({
  /** Cards (vCard) or rows (CSV) read. */
  cards: z.number().int().nonnegative(),
  /** Phone numbers that got a name. */
  imported: z.number().int().nonnegative(),
  /** Cards or rows without a usable name or number, and why (the first few). */
  skipped: z.number().int().nonnegative(),
  problems: z.array(z.string()),
});
export type ImportReport = z.infer<typeof ImportReport>;
