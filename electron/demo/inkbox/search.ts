import type { NumberRecord, TextRecord } from './state';

/**
 * Relevance-ranked search, in the spirit of the provider's full-text search: case- and
 * accent-insensitive ("cafe" finds "café"), every term must occur, and a text ranks by how
 * often its terms occur (term frequency), with a bonus for the whole query as a phrase.
 * Terms are runs of letters and digits, so a run of Chinese or Japanese is matched as a
 * substring, which is how a user expects CJK search to behave.
 */
export function searchTexts(number: NumberRecord, query: string, limit: number): TextRecord[] {
  const normalizedQuery = fold(query.trim());
  const terms = normalizedQuery.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  // A query of only symbols or emoji ("🎂", "$") still searches, as one literal term.
  const needles = terms.length > 0 ? [...new Set(terms)] : [normalizedQuery];
  if (needles.every((needle) => needle === '')) return [];

  const scored: { text: TextRecord; score: number }[] = [];
  for (const text of number.texts) {
    if (text.deleted || text.text === null) continue;
    const haystack = fold(text.text);
    let score = 0;
    let allFound = true;
    for (const needle of needles) {
      const count = occurrences(haystack, needle);
      if (count === 0) {
        allFound = false;
        break;
      }
      score += count;
    }
    if (!allFound) continue;
    if (needles.length > 1 && haystack.includes(normalizedQuery)) score += needles.length;
    scored.push({ text, score });
  }
  // number.texts is newest first and sort is stable: equal scores stay newest first.
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map((entry) => entry.text);
}

function fold(text: string): string {
  // Only Latin diacritics are dropped; recomposing keeps kana such as が intact.
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').normalize('NFKC').toLowerCase();
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count += 1;
  return count;
}
