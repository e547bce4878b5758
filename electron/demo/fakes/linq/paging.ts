/**
 * The Linq fake's paging: lists sorted descending by a (timestamp, id) key, an opaque
 * base64url cursor naming the last item returned, and limit 1..100 (default 20).
 */

/** Descending by the tuple: later timestamps (ISO strings compare as text) and ids first. */
export function compareDesc(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? 1 : -1;
  return a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0;
}

/** The items after the cursor's key in a list sorted by compareDesc; null for a bad cursor. */
export function pageAfter<T>(
  sorted: T[],
  cursor: string | null,
  key: (item: T) => [string, string],
  limit: number,
): { items: T[]; next: string | null } | null {
  let start = 0;
  if (cursor) {
    let after: [string, string];
    try {
      const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((v) => typeof v === 'string')) return null;
      after = parsed as [string, string];
    } catch {
      return null;
    }
    start = sorted.findIndex((item) => compareDesc(key(item), after) > 0);
    if (start === -1) start = sorted.length;
  }
  const items = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  const last = items[items.length - 1];
  const next = more && last ? Buffer.from(JSON.stringify(key(last))).toString('base64url') : null;
  return { items, next };
}

export function readLimit(query: URLSearchParams): number | null {
  const raw = query.get('limit');
  if (raw === null) return 20;
  const limit = Number(raw);
  return Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : null;
}
