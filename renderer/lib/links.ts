import LinkifyIt from 'linkify-it';
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** A piece of a text that is a link: a web address, an e-mail address or a phone number. */
export type LinkSegment =
  | { kind: 'url'; start: number; end: number; href: string }
  | { kind: 'email'; start: number; end: number; href: string }
  | { kind: 'phone'; start: number; end: number; e164: string };

// Web and mail only: ftp:// and protocol-relative //host links are not for a texting client.
const linkify = new LinkifyIt().add('ftp:', null).add('//', null).set({ fuzzyIP: false, fuzzyEmail: true, fuzzyLink: true });

/**
 * The links in a text, in order and never overlapping. URLs and e-mail addresses come from
 * linkify-it (which knows top-level domains and trailing punctuation); phone numbers from
 * libphonenumber, only where they are valid numbers and not part of a URL.
 */
export function findLinks(text: string, region: CountryCode = 'US'): LinkSegment[] {
  const out: LinkSegment[] = [];
  if (!text) return out;
  for (const match of linkify.match(text) ?? []) {
    const href = match.url;
    if (/^https?:\/\//i.test(href)) out.push({ kind: 'url', start: match.index, end: match.lastIndex, href });
    else if (/^mailto:/i.test(href)) out.push({ kind: 'email', start: match.index, end: match.lastIndex, href });
  }
  for (const found of findPhoneNumbersInText(text, region)) {
    if (!found.number.isValid() && !found.number.isPossible()) continue;
    if (out.some((link) => found.startsAt < link.end && found.endsAt > link.start)) continue;
    out.push({ kind: 'phone', start: found.startsAt, end: found.endsAt, e164: found.number.number });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A phone number as written (a contact card's "(415) 555-0101") in E.164, or null if it is not one. */
export function toE164(text: string, region: CountryCode = 'US'): string | null {
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed && (parsed.isValid() || parsed.isPossible()) ? parsed.number : null;
}
