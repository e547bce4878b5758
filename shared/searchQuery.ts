import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { QueryProblem } from './search';

/**
 * The search query language, parsed once for the engine, the CLI and the renderer's filter
 * chips. Pure: no node:*, no DOM. Parsing never throws; what cannot be read as written is
 * reported in `problems` (severity 'error' makes the engine answer VALIDATION, 'warning'
 * means it was searched as plain text).
 *
 *   words are ANDed, the last one a prefix   appoi            -> appointment
 *   "quoted phrase"                          "see you soon"
 *   a OR b                                   invoice OR receipt
 *   -word, -"phrase"                         -spam
 *   from:me | from:<phone> | from:<name>     from:+15551234567, from:"(555) 123-4567", from:"Jane Doe"
 *   in:<remote> | in:<name>  number:<id>  is:read|unread  has:media|image|video|audio|file
 *   before:YYYY-MM-DD (exclusive)  after:YYYY-MM-DD (inclusive)
 *   a phone number in any format             555 123 4567 -> texts from that party or containing it
 */

export interface TermBase {
  /** Where the term was typed, UTF-16 offsets into the query. */
  start: number;
  end: number;
}
export interface WordTerm extends TermBase {
  kind: 'word';
  text: string;
  /** The word being typed: matches any word it begins. */
  prefix: boolean;
}
export interface PhraseTerm extends TermBase {
  kind: 'phrase';
  text: string;
}
export interface PhoneTerm extends TermBase {
  kind: 'phone';
  text: string;
  /** The party it names, as conversations store it. */
  e164: string;
  /** Digits without country code or trunk prefix: what any written form of it ends with. */
  nationalNumber: string;
  /** Token sequences the number is written as (national and international groupings, unbroken). */
  variants: string[][];
}
export type Term = WordTerm | PhraseTerm | PhoneTerm;

/** Terms ORed together; clauses are ANDed. A negated clause excludes texts matching any term. */
export interface Clause {
  terms: Term[];
  negated: boolean;
}

export type MediaKind = 'media' | 'image' | 'video' | 'audio' | 'file';

export interface SearchFilters {
  from?: { kind: 'me' } | { kind: 'party'; remote: string } | { kind: 'name'; name: string };
  /** The conversation's remote (E.164 when it is a phone number), or a contact's name. */
  in?: string;
  /** A number's local id, provider id or phone number. */
  number?: string;
  isRead?: boolean;
  has?: MediaKind;
  /** YYYY-MM-DD, texts before that day. */
  before?: string;
  /** YYYY-MM-DD, texts on or after that day. */
  after?: string;
}

export interface ParsedQuery {
  clauses: Clause[];
  filters: SearchFilters;
  problems: QueryProblem[];
}

export interface ParseOptions {
  /** Region for numbers typed without a country code. */
  defaultCountry?: CountryCode;
  /**
   * The caller can resolve contacts' names (it has the address books): from: then takes a name
   * too. Without, from: takes only 'me' or a phone number.
   */
  names?: boolean;
}

const operators = ['from', 'in', 'number', 'is', 'has', 'before', 'after'] as const;
type Operator = (typeof operators)[number];
const mediaKinds: readonly MediaKind[] = ['media', 'image', 'video', 'audio', 'file'];

interface RawToken {
  kind: 'bare' | 'quoted' | 'or';
  text: string;
  negated: boolean;
  start: number;
  end: number;
  /** For operators whose value was quoted: from:"..." */
  operator?: { key: string; value: string };
}

export function parseSearchQuery(query: string, options: ParseOptions = {}): ParsedQuery {
  const country = options.defaultCountry ?? 'US';
  const problems: QueryProblem[] = [];
  const filters: SearchFilters = {};
  const tokens = tokenize(query, problems);
  const items: ({ kind: 'or'; start: number; end: number } | { kind: 'term'; term: Term; negated: boolean })[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'or') {
      items.push({ kind: 'or', start: token.start, end: token.end });
      continue;
    }
    if (token.kind === 'quoted') {
      if (token.text.trim() !== '') {
        items.push({ kind: 'term', negated: token.negated, term: { kind: 'phrase', text: token.text, start: token.start, end: token.end } });
      }
      continue;
    }
    const operator = token.operator ?? splitOperator(token.text);
    if (operator) {
      const key = operator.key.toLowerCase();
      if ((operators as readonly string[]).includes(key)) {
        if (token.negated) {
          problems.push(problem('excluded-operator', `Excluding a filter is not supported: remove the '-' before ${key}:.`, token, 'error'));
          continue;
        }
        applyOperator(key as Operator, operator.value, token, filters, problems, country, options.names === true);
        continue;
      }
      if (/^[a-z]+$/i.test(operator.key) && operator.value !== '' && !operator.value.startsWith('//')) {
        problems.push(problem('unknown-operator', `Unknown filter '${operator.key}:', searched as text.`, token, 'warning'));
      }
    }
    // A phone number typed with spaces spans several tokens: take the longest run that parses.
    if (!token.negated) {
      const phone = matchPhone(tokens, i, country);
      if (phone) {
        items.push({ kind: 'term', negated: false, term: phone.term });
        i = phone.last;
        continue;
      }
    }
    items.push({ kind: 'term', negated: token.negated, term: { kind: 'word', text: token.text, prefix: false, start: token.start, end: token.end } });
  }

  const clauses: Clause[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'or') {
      const previous = clauses[clauses.length - 1];
      const next = items[i + 1];
      if (!previous || previous.negated || !next || next.kind !== 'term' || next.negated) {
        problems.push(problem('dangling-or', 'OR needs a word on each side; it was ignored.', item, 'warning'));
        continue;
      }
      previous.terms.push(next.term);
      i += 1;
      continue;
    }
    clauses.push({ terms: [item.term], negated: item.negated });
  }

  // The last word is the one being typed, unless the user has moved on (trailing space).
  if (!/\s$/.test(query)) {
    const lastToken = tokens[tokens.length - 1];
    const lastClause = clauses[clauses.length - 1];
    const lastTerm = lastClause?.terms[lastClause.terms.length - 1];
    if (lastClause && !lastClause.negated && lastTerm?.kind === 'word' && lastToken && lastTerm.end === lastToken.end) {
      lastTerm.prefix = true;
    }
  }
  return { clauses, filters, problems };
}

/** True when the engine must refuse the query rather than search it. */
export function hasQueryErrors(parsed: ParsedQuery): boolean {
  return parsed.problems.some((p) => p.severity === 'error');
}

function problem(code: QueryProblem['code'], message: string, at: { start: number; end: number }, severity: QueryProblem['severity']): QueryProblem {
  return { code, message, start: at.start, end: at.end, severity };
}

function splitOperator(text: string): { key: string; value: string } | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return { key: text.slice(0, colon), value: text.slice(colon + 1) };
}

function tokenize(query: string, problems: QueryProblem[]): RawToken[] {
  const tokens: RawToken[] = [];
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query[i]!)) {
      i++;
      continue;
    }
    const start = i;
    let negated = false;
    if (query[i] === '-' && i + 1 < query.length && !/[\s-]/.test(query[i + 1]!)) {
      negated = true;
      i++;
    }
    if (query[i] === '"') {
      const { text, end } = readQuoted(query, i, problems, start);
      tokens.push({ kind: 'quoted', text, negated, start, end });
      i = end;
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/.test(query[end]!) && query[end] !== '"') end++;
    const text = query.slice(i, end);
    // key:"quoted value"
    if (text.endsWith(':') && query[end] === '"' && /^[a-z]+:$/i.test(text)) {
      const quoted = readQuoted(query, end, problems, start);
      tokens.push({ kind: 'bare', text: text + quoted.text, negated, start, end: quoted.end, operator: { key: text.slice(0, -1), value: quoted.text } });
      i = quoted.end;
      continue;
    }
    if (text === '') {
      // A lone '-' before a quote that was consumed above, or a stray '"': skip it.
      i = end + 1;
      continue;
    }
    tokens.push({ kind: !negated && text === 'OR' ? 'or' : 'bare', text, negated, start, end });
    i = end;
  }
  return tokens;
}

/** Reads "..." from the quote at `at`; an unclosed quote runs to the end of the query. */
function readQuoted(query: string, at: number, problems: QueryProblem[], tokenStart: number): { text: string; end: number } {
  const close = query.indexOf('"', at + 1);
  if (close === -1) {
    problems.push(problem('unbalanced-quote', 'A quote is not closed; the rest of the query was searched as a phrase.', { start: tokenStart, end: query.length }, 'warning'));
    return { text: query.slice(at + 1), end: query.length };
  }
  return { text: query.slice(at + 1, close), end: close + 1 };
}

function applyOperator(
  key: Operator,
  rawValue: string,
  at: { start: number; end: number },
  filters: SearchFilters,
  problems: QueryProblem[],
  country: CountryCode,
  names: boolean,
): void {
  const value = rawValue.trim();
  if (value === '') {
    problems.push(problem('empty-operator', `${key}: needs a value, e.g. ${example(key)}.`, at, 'error'));
    return;
  }
  const bad = (message: string) => problems.push(problem('bad-value', message, at, 'error'));
  switch (key) {
    case 'from': {
      if (value.toLowerCase() === 'me') {
        filters.from = { kind: 'me' };
        return;
      }
      const remote = normaliseRemote(value, country);
      if (!remote && names && /\p{L}/u.test(value)) {
        filters.from = { kind: 'name', name: value };
        return;
      }
      if (!remote) return void bad(`from: expects 'me'${names ? ', a name' : ''} or a phone number, got '${value}'.`);
      filters.from = { kind: 'party', remote };
      return;
    }
    case 'in':
      filters.in = normaliseRemote(value, country) ?? value;
      return;
    case 'number':
      filters.number = value;
      return;
    case 'is': {
      const lower = value.toLowerCase();
      if (lower !== 'read' && lower !== 'unread') return void bad(`is: expects 'read' or 'unread', got '${value}'.`);
      filters.isRead = lower === 'read';
      return;
    }
    case 'has': {
      const lower = value.toLowerCase() as MediaKind;
      if (!mediaKinds.includes(lower)) return void bad(`has: expects one of ${mediaKinds.join(', ')}, got '${value}'.`);
      filters.has = lower;
      return;
    }
    case 'before':
    case 'after': {
      if (!isCalendarDate(value)) {
        problems.push(problem('bad-date', `${key}: expects a date as YYYY-MM-DD, got '${value}'.`, at, 'error'));
        return;
      }
      filters[key] = value;
      return;
    }
  }
}

function example(key: Operator): string {
  return {
    from: 'from:me, from:+15551234567 or from:"Jane Doe"',
    in: 'in:+15551234567',
    number: 'number:1',
    is: 'is:unread',
    has: 'has:image',
    before: 'before:2026-01-31',
    after: 'after:2026-01-01',
  }[key];
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** E.164 for anything that reads as a phone number, the digits of a short code, else undefined. */
export function normaliseRemote(value: string, defaultCountry: CountryCode = 'US'): string | undefined {
  if (/^\d{3,8}$/.test(value)) return value; // short codes
  if (!/^[+\d\s().-]+$/.test(value)) return undefined;
  const phone = parsePhoneNumberFromString(value, defaultCountry);
  return phone?.isPossible() ? phone.number : undefined;
}

const phoneChars = /^[+\d().-]+$/;

function matchPhone(tokens: RawToken[], first: number, country: CountryCode): { term: PhoneTerm; last: number } | undefined {
  for (let last = Math.min(tokens.length - 1, first + 4); last >= first; last--) {
    const run = tokens.slice(first, last + 1);
    if (!run.every((t) => t.kind === 'bare' && !t.negated && !t.operator && phoneChars.test(t.text))) continue;
    const text = run.map((t) => t.text).join(' ');
    const digits = text.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    const phone = parsePhoneNumberFromString(text, country);
    if (!phone?.isPossible()) continue;
    const groupsOf = (formatted: string) => formatted.split(/[^\d]+/).filter((g) => g !== '');
    const national = groupsOf(phone.formatNational());
    const international = groupsOf(phone.formatInternational());
    const variants = [national, international, [phone.nationalNumber], [`${phone.countryCallingCode}${phone.nationalNumber}`], [national.join('')]];
    const unique = new Map(variants.map((v) => [v.join(' '), v]));
    return {
      term: {
        kind: 'phone',
        text,
        e164: phone.number,
        nationalNumber: phone.nationalNumber,
        variants: [...unique.values()],
        start: run[0]!.start,
        end: run[run.length - 1]!.end,
      },
      last,
    };
  }
  return undefined;
}
