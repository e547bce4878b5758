import type { Range, Snippet } from '../../../shared/search';
import type { Term } from '../../../shared/searchQuery';

/**
 * Highlights are computed here rather than by FTS5's highlight(): it answers byte-ish offsets
 * into the indexed content (the trigram content is padded), cannot mark a phone number written
 * differently from the query, and the UI needs UTF-16 ranges, not markup.
 */

const wordChar = /[\p{L}\p{N}\p{M}]/u;

interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`, the [start, end) of the original character it came from. */
  origin: Range[];
}

/** Lower case without diacritics, as unicode61 (remove_diacritics 2) and the trigram index see it. */
export function foldText(text: string): string {
  return foldOnly(text);
}


function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** The folded text alone (ranking needs no origins): one toLowerCase() for ASCII text. */
function foldOnly(text: string): string {
  if (isAscii(text)) return text.toLowerCase();
  let out = '';
  for (const char of text) out += foldChar(char);
  return out;
}

function fold(text: string): Folded {
  let out = '';
  const origin: Range[] = [];
  let i = 0;
  for (const char of text) {
    const folded = foldChar(char);
    for (let k = 0; k < folded.length; k++) origin.push([i, i + char.length]);
    out += folded;
    i += char.length;
  }
  return { text: out, origin };
}

/** Folded characters seen so far: normalize() per character is most of what folding costs. */
const foldedChars = new Map<string, string>();

function foldChar(char: string): string {
  if (char.charCodeAt(0) < 0x80) return char.toLowerCase();
  let folded = foldedChars.get(char);
  if (folded === undefined) {
    const stripped = char.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').toLowerCase();
    folded = stripped === '' ? char : stripped;
    if (foldedChars.size < 65_536) foldedChars.set(char, folded);
  }
  return folded;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

/** wordChar.test() of one UTF-16 unit, without the regex for ASCII (letters and digits). */
function isWordUnit(code: number, unit: string): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  return wordChar.test(unit);
}

function tokens(folded: string): Token[] {
  const out: Token[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const isWord = i < folded.length && isWordUnit(folded.charCodeAt(i), folded[i]!);
    if (isWord && start < 0) start = i;
    if (!isWord && start >= 0) {
      out.push({ text: folded.slice(start, i), start, end: i });
      start = -1;
    }
  }
  return out;
}

/** Ranges in `text` matched by the positive terms, sorted and merged. */
export function highlightRanges(text: string | null, terms: readonly Term[]): Range[] {
  if (!text) return [];
  const folded = fold(text);
  const textTokens = tokens(folded.text);
  const found: Range[] = [];
  for (const term of terms) {
    if (term.kind === 'phone') {
      found.push(...phoneRanges(text, term.nationalNumber));
      continue;
    }
    let ranges = wordRanges(folded.text, textTokens, wantedTokens(term), prefixOf(term));
    if (ranges.length === 0) ranges = substringRanges(folded.text, foldText(term.text).trim());
    found.push(...ranges.map(([start, end]) => toOriginal(folded, start, end)));
  }
  return merge(found);
}

function toOriginal(folded: Folded, start: number, end: number): Range {
  return [folded.origin[start]![0], folded.origin[end - 1]![1]];
}

function wantedTokens(term: Exclude<Term, { kind: 'phone' }>): string[] {
  return tokens(foldText(term.text)).map((t) => t.text);
}

function prefixOf(term: Exclude<Term, { kind: 'phone' }>): boolean {
  return term.kind === 'word' && term.prefix;
}

/** Where the term's words occur as words, in the folded text's offsets. */
function wordRanges(folded: string, textTokens: Token[], wanted: readonly string[], prefix: boolean): Range[] {
  if (wanted.length === 0) return [];
  const out: Range[] = [];
  for (let i = 0; i + wanted.length <= textTokens.length; i++) {
    let ok = true;
    for (let k = 0; k < wanted.length && ok; k++) {
      const have = textTokens[i + k]!.text;
      const last = k === wanted.length - 1;
      ok = last && prefix ? have.startsWith(wanted[k]!) : have === wanted[k];
    }
    if (!ok) continue;
    const first = textTokens[i]!;
    const last = textTokens[i + wanted.length - 1]!;
    const end = prefix ? last.start + wanted[wanted.length - 1]!.length : last.end;
    out.push([first.start, end]);
  }
  return out;
}

/** Where the needle occurs inside the folded text, not overlapping. */
function substringRanges(folded: string, needle: string): Range[] {
  const out: Range[] = [];
  if (needle === '') return out;
  for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) out.push([at, at + needle.length]);
  return out;
}

/** A number written in any format: a run of digits and separators whose digits end with it. */
function phoneRanges(text: string, nationalNumber: string): Range[] {
  const out: Range[] = [];
  for (const match of text.matchAll(/\+?\(?\d[\d\s().-]*\d/g)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.endsWith(nationalNumber) && digits.length <= nationalNumber.length + 3) {
      out.push([match.index, match.index + match[0].length]);
    }
  }
  return out;
}

function merge(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Range[] = [];
  for (const range of ranges) {
    const last = out[out.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else out.push([range[0], range[1]]);
  }
  return out;
}

const ellipsis = '…';

/**
 * A window of about `size` UTF-16 units around the first highlight, cut at spaces where one is
 * near, with '…' where text was left out and the highlights moved into it.
 */
export function makeSnippet(text: string | null, highlights: readonly Range[], size = 120): Snippet {
  if (!text) return { text: '', highlights: [] };
  if (text.length <= size) return { text, highlights: highlights.map((r) => [r[0], r[1]]) };
  const focus = highlights[0]?.[0] ?? 0;
  let start = Math.max(0, Math.min(focus - Math.floor(size / 4), text.length - size));
  if (start > 0) {
    const space = text.lastIndexOf(' ', focus);
    if (space >= start - 15 && space < focus) start = space + 1;
  }
  let end = Math.min(text.length, start + size);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > focus + 20 && space > start + size / 2) end = space;
  }
  start = avoidSplitPair(text, start);
  end = avoidSplitPair(text, end);
  const head = start > 0 ? ellipsis : '';
  const tail = end < text.length ? ellipsis : '';
  const shift = head.length - start;
  const moved: Range[] = [];
  for (const [a, b] of highlights) {
    if (b <= start || a >= end) continue;
    moved.push([Math.max(a, start) + shift, Math.min(b, end) + shift]);
  }
  return { text: head + text.slice(start, end) + tail, highlights: moved };
}

function avoidSplitPair(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return at > 0 && at < text.length && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}

/** How often each term occurs in the text, and its length in words: what BM25 weighs. */
export function termCounts(text: string | null, terms: readonly Term[]): { counts: number[]; length: number } {
  return termCounter(terms)(text);
}

/**
 * termCounts for many texts: each term is folded and split once, and the texts are folded
 * without the origins highlights need (ranking a window of 500 is this, 500 times).
 */
export function termCounter(terms: readonly Term[]): (text: string | null) => { counts: number[]; length: number } {
  type Prepared = { phone: string } | { phone: null; wanted: string[]; prefix: boolean; needle: string };
  const prepared = terms.map((term): Prepared =>
    term.kind === 'phone' ? { phone: term.nationalNumber } : { phone: null, wanted: wantedTokens(term), prefix: prefixOf(term), needle: foldText(term.text).trim() },
  );
  return (text) => {
    if (!text) return { counts: terms.map(() => 0), length: 0 };
    const folded = foldOnly(text);
    const textTokens = tokens(folded);
    const counts = prepared.map((term) => {
      if (term.phone !== null) return phoneRanges(text, term.phone).length;
      const words = wordRanges(folded, textTokens, term.wanted, term.prefix).length;
      return words > 0 ? words : substringRanges(folded, term.needle).length;
    });
    return { counts, length: Math.max(1, textTokens.length) };
  };
}
