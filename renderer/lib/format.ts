import type { Conversation } from '../../shared/model';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

const partyCache = new Map<string, string>();

/**
 * The other party as people read it: E.164 numbers in their country's national format (with the
 * country code when it is not the user's region), short codes and group keys as they are.
 */
export function formatParty(remote: string, region = defaultRegion()): string {
  const key = `${region}|${remote}`;
  const cached = partyCache.get(key);
  if (cached !== undefined) return cached;
  let out = remote;
  if (/^\+\d{6,15}$/.test(remote)) {
    const parsed = parsePhoneNumberFromString(remote);
    if (parsed?.isValid()) out = parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
    // Not assigned to a country (test ranges such as 555-01xx) but the right length: still grouped.
    else if (parsed?.isPossible()) out = parsed.formatInternational();
  }
  partyCache.set(key, out);
  return out;
}

/** Short codes (5–6 digits) are brands' alert lines, not people: shown plain, no avatar initials. */
export function isShortCode(remote: string): boolean {
  return /^\d{3,6}$/.test(remote);
}

function defaultRegion(): string {
  const locale = typeof navigator === 'undefined' ? 'en-US' : navigator.language;
  const region = locale.split('-')[1];
  return region && /^[A-Z]{2}$/.test(region) ? region : 'US';
}

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const longDateFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "5 min. ago", "yesterday", "3 wk. ago": how long since, for list rows. */
export function relativeTime(iso: string | null, now = Date.now()): string {
  if (!iso) return '';
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 60_000) return 'now';
  for (const [unit, ms] of units) {
    if (abs >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(Math.round(diff / 60_000), 'minute');
}

export function clockTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

function startOfDay(time: number): number {
  const d = new Date(time);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function dayKey(iso: string): number {
  return startOfDay(new Date(iso).getTime());
}

/** A thread's day separator: Today, Yesterday, a weekday within the week, a date beyond. */
export function dayLabel(iso: string, now = Date.now()): string {
  const day = dayKey(iso);
  const today = startOfDay(now);
  const days = Math.round((today - day) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return weekdayFormat.format(new Date(iso));
  if (new Date(iso).getFullYear() === new Date(now).getFullYear()) return dateFormat.format(new Date(iso));
  return longDateFormat.format(new Date(iso));
}

/** The absolute time behind a relative one, for a hover title: "Monday, June 1, 2026, 3:04 PM". */
export function absoluteTime(iso: string | null): string | undefined {
  return iso ? fullDate(iso) : undefined;
}

export function fullDate(iso: string): string {
  return `${longDateFormat.format(new Date(iso))}, ${timeFormat.format(new Date(iso))}`;
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function mediaKind(contentType: string): 'image' | 'video' | 'audio' | 'vcard' | 'pdf' | 'file' {
  const type = contentType.toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type.includes('vcard') || type.includes('x-vcard')) return 'vcard';
  if (type === 'application/pdf') return 'pdf';
  return 'file';
}

/**
 * Initials for an avatar from a name ("Dana Smith" → "DS", "Weekend crew" → "WC"); null when
 * the name is a number or has no letters, so the avatar shows an icon rather than digits that
 * read like an unread count.
 */
export function avatarText(display: string): string | null {
  const words = display.match(/[\p{L}][\p{L}\p{M}'’-]*/gu);
  if (!words || words.length === 0) return null;
  const first = words[0]!.charAt(0);
  const second = words.length > 1 ? words[words.length - 1]!.charAt(0) : (words[0]!.charAt(1) ?? '');
  return (first + second).toUpperCase();
}

/**
 * A conversation's name, the one every view uses: the group's title, else its members (by
 * their contact names where known), else the other party's contact name, else their number as
 * people read it.
 */
export function conversationName(
  conversation: Pick<Conversation, 'remote' | 'title' | 'participants' | 'isGroup' | 'remoteName' | 'participantNames'>,
): string {
  if (conversation.title) return conversation.title;
  return groupMembersLine(conversation) ?? conversation.remoteName ?? formatParty(conversation.remote);
}

/** A group's members, by their contact names where known, else their numbers; null for a one-to-one conversation or a group with none listed. */
export function groupMembersLine(conversation: Pick<Conversation, 'participants' | 'isGroup' | 'participantNames'>): string | null {
  if (!conversation.isGroup || !conversation.participants || conversation.participants.length === 0) return null;
  return conversation.participants.map((p, i) => conversation.participantNames?.[i] ?? formatParty(p)).join(', ');
}

/** What an attachment is, in a word, for previews and search hits. */
export function mediaLabel(contentType: string): string {
  switch (mediaKind(contentType)) {
    case 'image':
      return 'Photo';
    case 'video':
      return 'Video';
    case 'audio':
      return 'Audio';
    case 'vcard':
      return 'Contact card';
    case 'pdf':
      return 'PDF';
    default:
      return 'Attachment';
  }
}

/** A stable hue per party so the list scans by colour. */
export function avatarHue(remote: string): number {
  let hash = 0;
  for (let i = 0; i < remote.length; i++) hash = (hash * 31 + remote.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}
