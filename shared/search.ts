import { z } from 'zod';
import { Conversation, Message } from './model';

/**
 * The search contract shared by the UI, the CLI and the IPC layer. Offsets are UTF-16 code
 * units (JavaScript string indices), end exclusive, so `text.slice(start, end)` is the match.
 */

export const SearchSort = z.enum(['relevance', 'newest']);
export type SearchSort = z.infer<typeof SearchSort>;

export const SearchInput = z.object({
  query: z.string().max(1000),
  numberId: z.number().int().optional(),
  accountId: z.number().int().optional(),
  conversationId: z.number().int().optional(),
  sort: SearchSort.default('relevance'),
  limit: z.number().int().min(1).max(500).default(50),
  /** Opaque: the nextCursor of the previous page. */
  cursor: z.string().max(2000).nullable().optional(),
});
export type SearchInput = z.input<typeof SearchInput>;

/** [start, end) in UTF-16 code units. */
export const Range = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
export type Range = z.infer<typeof Range>;

export const Snippet = z.object({
  /** A window of the text, with '…' where it was cut. Plain text, never HTML. */
  text: z.string(),
  highlights: z.array(Range),
});
export type Snippet = z.infer<typeof Snippet>;

export const SearchHit = z.object({
  message: Message,
  conversation: Conversation,
  /** Matches in message.text. */
  highlights: z.array(Range),
  snippet: Snippet,
  /**
   * words: matched whole words (or the prefix being typed); substring: matched inside words,
   * listed after every word match.
   */
  match: z.enum(['words', 'substring', 'party', 'filter']),
});
export type SearchHit = z.infer<typeof SearchHit>;

/** A part of the query that could not be read as written; the rest was still searched. */
export const QueryProblem = z.object({
  code: z.enum([
    'unbalanced-quote',
    'unknown-operator',
    'empty-operator',
    'bad-value',
    'bad-date',
    'dangling-or',
    'excluded-operator',
    'only-exclusions',
  ]),
  message: z.string(),
  /** Where in the query, UTF-16 offsets. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** error: the query is refused with VALIDATION; warning: searched anyway. */
  severity: z.enum(['error', 'warning']),
});
export type QueryProblem = z.infer<typeof QueryProblem>;

export const SearchResult = z.object({
  hits: z.array(SearchHit),
  /**
   * First page only: conversations whose party's contact name matches every word of the query,
   * most recent first, shown above the texts (as Signal lists contacts before messages).
   */
  conversations: z.array(Conversation).optional(),
  nextCursor: z.string().nullable(),
  problems: z.array(QueryProblem).optional(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchContextInput = z.object({
  messageId: z.number().int(),
  before: z.number().int().min(0).max(200).default(20),
  after: z.number().int().min(0).max(200).default(20),
});
export type SearchContextInput = z.input<typeof SearchContextInput>;

export const SearchContextResult = z.object({
  conversation: Conversation,
  /** Oldest first; the hit is included. */
  messages: z.array(Message),
  /** Index of the hit in messages. */
  hitIndex: z.number().int().nonnegative(),
  hasOlder: z.boolean(),
  hasNewer: z.boolean(),
});
export type SearchContextResult = z.infer<typeof SearchContextResult>;

/**
 * A text cut at its highlights, for printing or rendering without markup:
 * `segments(snippet.text, snippet.highlights).map((s) => (s.highlighted ? bold(s.text) : s.text))`.
 */
export function segments(text: string, highlights: readonly Range[]): { text: string; highlighted: boolean }[] {
  const out: { text: string; highlighted: boolean }[] = [];
  let at = 0;
  for (const [start, end] of [...highlights].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(start, at);
    const to = Math.min(end, text.length);
    if (to <= from) continue;
    if (from > at) out.push({ text: text.slice(at, from), highlighted: false });
    out.push({ text: text.slice(from, to), highlighted: true });
    at = to;
  }
  if (at < text.length) out.push({ text: text.slice(at), highlighted: false });
  return out;
}
