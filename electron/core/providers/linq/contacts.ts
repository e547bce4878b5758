import { cleanName, MAX_CONTACTS, type RemoteContact } from '../contacts';
import type { LinqClient } from './client';

/**
 * Linq has no address book endpoint; its chats carry a display_name and their handles
 * (providers.md; the SDK's Chat). A one-to-one chat whose display_name is a name, not the
 * handle written out again, names the other handle. Groups' names are titles, not people's.
 */
export async function listLinqContacts(
  client: Pick<LinqClient, 'listChats'>,
  numbers: readonly { providerId: string; phoneNumber: string }[],
): Promise<RemoteContact[]> {
  const out: RemoteContact[] = [];
  for (const number of numbers) {
    let cursor: string | null = null;
    let seen = 0;
    do {
      const page = await client.listChats(number.providerId, { cursor, limit: 100 });
      seen += page.items.length;
      for (const chat of page.items) {
        if (chat.isGroup) continue;
        const others = chat.handles.filter((h) => !h.isMe).map((h) => h.handle);
        const name = cleanName(chat.displayName);
        if (others.length !== 1 || name === null || looksLikeHandles(name, others)) continue;
        out.push({ phone: others[0]!, name, optedOut: null, providerRef: chat.id });
      }
      cursor = page.nextCursor;
    } while (cursor !== null && seen < MAX_CONTACTS);
  }
  return out;
}

/** "+14155550100" or "+14155550100, +1628…": the handles again, not a name. */
function looksLikeHandles(name: string, handles: readonly string[]): boolean {
  const digits = name.replace(/\D/g, '');
  return /^[\d\s+().,-]*$/.test(name) || handles.some((h) => h === name || (digits.length >= 7 && h.replace(/\D/g, '') === digits));
}
