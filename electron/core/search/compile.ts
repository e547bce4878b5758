import type { Database } from 'better-sqlite3';
import type { Clause, ParsedQuery, Term } from '../../../shared/searchQuery';
import { foldText } from './highlight';
import { cached } from '../cache/statements';

/**
 * Turns a parsed query into FTS5 expressions for the two indexes:
 *  - messages_fts (unicode61): whole words, prefixes, phrases, phone numbers as token runs;
 *  - messages_trigram: substrings, and words in Chinese, Japanese or Korean text, which
 *    unicode61 keeps as one token per run of ideographs, and emoji.
 * User text only ever reaches FTS5 inside double-quoted strings, so no input is syntax.
 */

const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const letterOrDigit = /[\p{L}\p{N}]/u;
const pictograph = /\p{Extended_Pictographic}/u;

/** Most distinct trigrams a one- or two-character term expands into before it is cut off. */
const maxExpansions = 400;

/** Whether a term needs the trigram index, can use the word index, or has nothing to search. */
export function termIndex(term: Term): 'word' | 'gram' | 'none' {
  if (term.kind === 'phone') return 'word';
  if (cjk.test(term.text)) return 'gram';
  if (letterOrDigit.test(term.text)) return 'word';
  return pictograph.test(term.text) ? 'gram' : 'none';
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export function wordExpression(term: Term): string {
  if (term.kind === 'phone') return `(${term.variants.map((v) => quote(v.join(' '))).join(' OR ')})`;
  return term.kind === 'word' && term.prefix ? `${quote(term.text)}*` : quote(term.text);
}

/**
 * The term as a substring. Trigram FTS cannot match fewer than three characters, so a short
 * term becomes the OR of the indexed trigrams beginning with it (texts are padded so that every
 * occurrence begins one; see migration 0020). null: it occurs nowhere.
 */
export function gramExpression(db: Database, term: Term): string | null {
  const text = foldText(term.kind === 'phone' ? term.nationalNumber : term.text);
  const length = [...text].length;
  if (length >= 3) return quote(text);
  if (length === 0) return null;
  const terms = expansions(db, text);
  if (terms.length === 0) return null;
  return `(${terms.map(quote).join(' OR ')})`;
}

const expansionCache = new WeakMap<Database, { stamp: string; terms: Map<string, string[]> }>();

/**
 * The indexed trigrams beginning with `text`. fts5vocab counts every document of each term it
 * lists, so the answer is kept until the database changes (through this connection, or through
 * another one: total_changes and data_version).
 */
function expansions(db: Database, text: string): string[] {
  const stamp = `${String(cached(db, 'SELECT total_changes()').pluck().get())}:${String(cached(db, 'PRAGMA data_version').pluck().get())}`;
  let entry = expansionCache.get(db);
  if (!entry || entry.stamp !== stamp) {
    entry = { stamp, terms: new Map() };
    expansionCache.set(db, entry);
  }
  let terms = entry.terms.get(text);
  if (!terms) {
    terms = cached(db, `SELECT term FROM messages_trigram_terms WHERE term >= ? AND term < ? LIMIT ${maxExpansions}`)
      .pluck()
      .all(text, `${text}\u{10FFFF}`) as string[];
    entry.terms.set(text, terms);
  }
  return terms;
}

export interface CompiledQuery {
  /** ANDed clauses for messages_fts, or null when no clause needs it. */
  words: string | null;
  /** ANDed clauses for messages_trigram. */
  grams: string | null;
  /** Excluded texts: an expression on each index, ORed. */
  notWords: string | null;
  notGrams: string | null;
  /** A clause that can match nothing: the whole query matches nothing. */
  empty: boolean;
  /** The party whose texts a phone-number term also finds, with the clauses besides it. */
  party: { remote: string; words: string | null; grams: string | null } | null;
  /** The positive terms, for highlighting. */
  terms: Term[];
  /** The same query with every word as a substring (null if that could add nothing). */
  substring: { grams: string } | null;
}

function clauseExpression(db: Database, clause: Clause, as: 'word' | 'gram'): string | null {
  const parts: string[] = [];
  for (const term of clause.terms) {
    if (termIndex(term) === 'none') continue;
    const expression = as === 'word' ? wordExpression(term) : gramExpression(db, term);
    if (expression !== null) parts.push(expression);
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

function and(parts: readonly string[]): string | null {
  return parts.length === 0 ? null : parts.join(' AND ');
}

/** A clause goes to the trigram index if any of its terms needs it (OR cannot span indexes). */
function clauseIndex(clause: Clause): 'word' | 'gram' | 'none' {
  const kinds = clause.terms.map(termIndex);
  if (kinds.includes('gram')) return 'gram';
  return kinds.includes('word') ? 'word' : 'none';
}

export function compileQuery(db: Database, parsed: ParsedQuery): CompiledQuery {
  const words: string[] = [];
  const grams: string[] = [];
  const notWords: string[] = [];
  const notGrams: string[] = [];
  const terms: Term[] = [];
  let empty = false;
  let party: CompiledQuery['party'] = null;
  let partyClause: Clause | null = null;

  for (const clause of parsed.clauses) {
    const index = clauseIndex(clause);
    if (index === 'none') continue;
    const expression = clauseExpression(db, clause, index);
    if (clause.negated) {
      if (expression !== null) (index === 'word' ? notWords : notGrams).push(expression);
      continue;
    }
    terms.push(...clause.terms);
    if (expression === null) empty = true;
    else (index === 'word' ? words : grams).push(expression);
    const only = clause.terms[0];
    if (!partyClause && clause.terms.length === 1 && only?.kind === 'phone') partyClause = clause;
  }

  if (partyClause) {
    const others = parsed.clauses.filter((c) => c !== partyClause && !c.negated && clauseIndex(c) !== 'none');
    const otherWords: string[] = [];
    const otherGrams: string[] = [];
    for (const clause of others) {
      const index = clauseIndex(clause);
      const expression = clauseExpression(db, clause, index as 'word' | 'gram');
      if (expression !== null) (index === 'word' ? otherWords : otherGrams).push(expression);
    }
    const phone = partyClause.terms[0] as Extract<Term, { kind: 'phone' }>;
    party = { remote: phone.e164, words: and(otherWords), grams: and(otherGrams) };
  }

  // Substrings add something only when some clause was searched as whole words and a
  // word term in it could also occur inside a longer word.
  let substring: CompiledQuery['substring'] = null;
  const wordClauses = parsed.clauses.filter((c) => !c.negated && clauseIndex(c) === 'word');
  const canGrow = wordClauses.some((c) => c.terms.some((t) => t.kind !== 'phone'));
  if (!empty && canGrow && grams.length === 0 && !party) {
    const asGrams: string[] = [];
    let possible = true;
    for (const clause of wordClauses) {
      const expression = clauseExpression(db, clause, 'gram');
      if (expression === null) possible = false;
      else asGrams.push(expression);
    }
    if (possible && asGrams.length > 0) substring = { grams: and(asGrams)! };
  }

  return {
    words: and(words),
    grams: and(grams),
    notWords: notWords.length ? notWords.join(' OR ') : null,
    notGrams: notGrams.length ? notGrams.join(' OR ') : null,
    empty,
    party,
    terms,
    substring,
  };
}
