import parsePhoneNumber from 'libphonenumber-js';
import type { Conversation, Message } from '../../shared/model';
import type { Range } from '../../shared/search';
import type { Context } from './command';

/** How the commands print: people's numbers and times, one-line previews, tables, highlights. */

/** A party as people read it: national format for the default region, international otherwise; short codes as they are. */
export function formatParty(remote: string): string {
  if (!remote.startsWith('+')) return remote;
  const parsed = parsePhoneNumber(remote);
  if (!parsed) return remote;
  return parsed.country === 'US' ? parsed.formatNational() : parsed.formatInternational();
}

export function formatTime(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)}`;
}

export function oneLine(text: string | null, width: number): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** Marks highlight ranges with ANSI inverse on a terminal, with [brackets] otherwise. */
export function highlight(text: string, ranges: readonly Range[], tty: boolean): string {
  let out = '';
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    out += text.slice(at, start);
    const match = text.slice(start, end);
    out += tty ? `\x1b[7m${match}\x1b[27m` : `[${match}]`;
    at = end;
  }
  return out + text.slice(at);
}

/** Columns padded to the widest cell; the last column is left unpadded. */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  return rows
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '))
    .join('\n');
}

/** "Jane Doe (415) 555-0100" where the address books name the party, else the number. */
export function partyLabel(remote: string, name: string | null | undefined): string {
  return name ? `${name} ${formatParty(remote)}` : formatParty(remote);
}

/** A conversation as the app names it: a group's title, else its members (by name where known), else the party. */
export function conversationLabel(conversation: Conversation): string {
  if (conversation.isGroup && conversation.title) return conversation.title;
  if (conversation.isGroup && conversation.participants && conversation.participants.length > 0) {
    return conversation.participants.map((p, i) => conversation.participantNames?.[i] ?? formatParty(p)).join(', ');
  }
  return partyLabel(conversation.remote, conversation.remoteName);
}

/** Who wrote an inbound text: in a group its sender (named where the address books can), else the party. */
export function senderLabel(message: Message): string {
  if (message.sender) return partyLabel(message.sender, message.senderName);
  return partyLabel(message.remote, message.remoteName);
}

/**
 * Who a search hit is from and where: "Jane Doe (415) 555-0100", "(415) 555-3812 in Smith
 * family order" for a group, "me → Smith family order" for our own; never the cache's
 * internal "group:<id>" key.
 */
export function hitLabel(message: Message, conversation: Conversation): string {
  const place = conversationLabel(conversation);
  if (message.direction !== 'inbound') return `me → ${place}`;
  if (!conversation.isGroup) return place;
  return message.sender ? `${senderLabel(message)} in ${place}` : place;
}

/** What a text carries besides its words, for a line of its own: " [image/jpeg, application/pdf]". */
export function mediaSuffix(message: Message): string {
  return message.media.length > 0 ? ` [${message.media.map((m) => m.contentType).join(', ')}]` : '';
}

/** A thread's texts, one a line: "*" marks unread; or the list as JSON with --json. */
export function printMessages(ctx: Context, messages: Message[]): void {
  if (ctx.json) {
    ctx.out(JSON.stringify(messages, null, 2));
    return;
  }
  for (const message of messages) {
    const who = message.direction === 'inbound' ? senderLabel(message) : 'me';
    const unread = message.isRead ? ' ' : '*';
    ctx.out(`${unread} ${formatTime(message.createdAt)}  ${message.id}  ${who}: ${message.text ?? ''}${mediaSuffix(message)}`);
  }
}

/** The end of an action's line: "." when it reached the server, else that it waits for it. */
export function queuedSuffix(queued: boolean): string {
  return queued ? ' here; queued until the server can be reached.' : '.';
}
