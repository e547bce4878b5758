import { providerInfo } from '../../../../shared/providers';
import { syncInkboxNumber } from './sync';
import { transportOptions, type AdapterOptions, type ProviderAdapter, type SentMessageLookup } from '../adapter';
import { matchSent } from '../sentLookup';
import type { RemoteMessage } from '../types';
import { createInkboxContactsClient, inkboxRemoteContacts } from './contacts';
import { createInkboxClient, type InkboxClient } from './client';

const GROUP_PREFIX = 'group:';

/** Inkbox as a provider: offset-paged head sync and reconciliation (providers/inkbox/sync.ts). */
export function createInkboxAdapter(options: AdapterOptions): ProviderAdapter {
  const client = createInkboxClient({
    apiKey: options.credentials.apiKey ?? '',
    ...transportOptions(options),
  });
  const contacts = createInkboxContactsClient({
    apiKey: options.credentials.apiKey ?? '',
    ...transportOptions(options),
  });
  return {
    kind: 'inkbox',
    capabilities: providerInfo.inkbox.capabilities,
    listNumbers: () => client.listNumbers(),
    syncNumber: (context, run) => syncInkboxNumber({ ...context, client }, run),
    fetchMessage: (numberProviderId, textProviderId) => client.getText(numberProviderId, textProviderId),
    setMessageRead: (numberProviderId, textProviderId, isRead) => client.setTextRead(numberProviderId, textProviderId, isRead),
    deleteMessage: (numberProviderId, textProviderId) => client.deleteText(numberProviderId, textProviderId),
    setConversationRead: (numberProviderId, conversation, isRead) =>
      client.setConversationRead(numberProviderId, conversation.remote, isRead),
    lookupContact: async (phone) => inkboxRemoteContacts(await contacts.lookup(phone)),
    listContacts: async () => inkboxRemoteContacts(await contacts.list()),
    async sendMessage(numberProviderId, request) {
      const target = request.to !== null ? { to: request.to } : { conversationId: groupId(request.conversation.remote, request.conversation.providerRef) };
      const text = await client.sendText(numberProviderId, target, request.text);
      return { id: text.id, deliveryStatus: text.deliveryStatus ?? 'queued' };
    },
    async findSentMessage(numberProviderId, lookup) {
      const found = matchSent(await recentTexts(client, numberProviderId, lookup), lookup);
      return found && { id: found.id, deliveryStatus: found.deliveryStatus };
    },
  };
}

/** A group conversation is keyed group:<conversation_id> in the cache. */
function groupId(remote: string, providerRef: string | null): string {
  return providerRef ?? (remote.startsWith(GROUP_PREFIX) ? remote.slice(GROUP_PREFIX.length) : remote);
}

/** The conversation's newest texts: where a text whose answer was lost would be. */
async function recentTexts(client: InkboxClient, numberProviderId: string, lookup: SentMessageLookup): Promise<RemoteMessage[]> {
  if (lookup.to !== null) return client.getConversation(numberProviderId, lookup.to, { limit: 100, offset: 0 });
  const id = groupId(lookup.conversation.remote, lookup.conversation.providerRef);
  const texts = await client.listTexts(numberProviderId, { limit: 200, offset: 0 });
  return texts.filter((text) => text.conversationId === id);
}
