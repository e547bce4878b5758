/**
 * Names come from provider address books, files and texts: untrusted. A name is shown in lists,
 * headers and notifications, so it is cut to one readable line: no control or bidi-override
 * characters (which could reorder what is drawn around them), whitespace folded, capped.
 */

export const MAX_NAME_LENGTH = 100;

// C0/C1 controls, zero-width and bidi embedding/override/isolate marks, line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafe = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** A clean display name, or null when nothing readable is left. */
export function cleanName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.replace(unsafe, ' ').replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const chars = [...text];
  return chars.length <= MAX_NAME_LENGTH ? text : `${chars.slice(0, MAX_NAME_LENGTH - 1).join('').trimEnd()}…`;
}

/** The name a person goes by: a preferred name, else given and family names, else the company. */
export function displayName(parts: {
  preferred?: unknown;
  given?: unknown;
  family?: unknown;
  company?: unknown;
}): string | null {
  const preferred = cleanName(parts.preferred);
  if (preferred) return preferred;
  const full = cleanName([cleanName(parts.given), cleanName(parts.family)].filter(Boolean).join(' '));
  return full ?? cleanName(parts.company);
}

/** Lower case without accents: how names are compared in search. */
export function foldName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
