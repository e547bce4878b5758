import { AppError } from '../../../../shared/errors';
import { providerInfo } from '../../../../shared/providers';
import { syncLinqNumber } from './sync';
import { transportOptions, type AdapterOptions, type ProviderAdapter } from '../adapter';
import { createLinqClient } from './client';
import { listLinqContacts } from './contacts';
import { toRemoteMessage } from './map';
import { matchSent } from '../sentLookup';

/**
 * Linq as a provider: chats and messages by cursor, per-chat catch-up and full re-reads for
 * reconciliation (providers/linq/sync.ts). Read state is per chat and only "read" can be pushed.
 */
export function createLinqAdapter(options: AdapterOptions): ProviderAdapter {
  const client = createLinqClient({
    apiKey: options.credentials.apiKey ?? '',
    ...transportOptions(options),
  });
  return {
    kind: 'linq',
    capabilities: providerInfo.linq.capabilities,
    listNumbers: () => client.listNumbers(),
    syncNumber: (context, run) => syncLinqNumber({ ...context, client }, run),
    async fetchMessage(numberProviderId, textProviderId) {
      // GET /messages/{id} (in the SDK, not in Linq's public reference; docs/providers.md) renews the media URLs; the chat
      // says whether it is a group and who the other party is.
      const message = await client.getMessage(textProviderId);
      const chat = await client.getChat(message.chatId);
      return toRemoteMessage(message, chat, numberProviderId);
    },
    setMessageRead() {
      // Linq reads a whole chat; marking every text in it read for one would not be honest.
      return Promise.reject(new AppError('UNSUPPORTED', 'Linq keeps read state per conversation, not per text.'));
    },
    deleteMessage: (_numberProviderId, textProviderId) => client.deleteMessage(textProviderId),
    async setConversationRead(_numberProviderId, conversation, isRead) {
      if (!isRead) throw new AppError('UNSUPPORTED', 'Linq cannot mark a conversation unread.');
      if (!conversation.providerRef) throw new AppError('NOT_FOUND', 'This conversation has no Linq chat id yet; sync it first.');
      await client.markChatRead(conversation.providerRef);
    },
    listContacts: (numbers) => listLinqContacts(client, numbers),
    async sendMessage(line, request) {
      let chatId = request.conversation.providerRef;
      if (!chatId && request.to !== null) chatId = (await client.findChat(line, request.to))?.id ?? null;
      if (!chatId && request.to === null) throw new AppError('NOT_FOUND', 'This group has no Linq chat id yet; sync it first.');
      const sent = chatId
        ? await client.sendMessage(chatId, request.text, request.clientRef)
        : await client.createChat(line, request.to!, request.text, request.clientRef);
      return { id: sent.messageId, deliveryStatus: sent.deliveryStatus, providerRef: sent.chatId };
    },
    async findSentMessage(line, lookup) {
      const chatId = lookup.conversation.providerRef ?? (lookup.to === null ? null : (await client.findChat(line, lookup.to))?.id ?? null);
      if (!chatId) return null;
      const page = await client.listMessages(chatId, { limit: 50 });
      const texts = page.items.map((message) => ({
        id: message.id,
        direction: message.isFromMe ? ('outbound' as const) : ('inbound' as const),
        text: message.parts.flatMap((part) => (part.kind === 'text' ? [part.value] : [])).join('\n') || null,
        createdAt: message.createdAt,
        deliveryStatus: message.deliveryStatus,
      }));
      const found = matchSent(texts, lookup);
      return found && { id: found.id, deliveryStatus: found.deliveryStatus, providerRef: chatId };
    },
  };
}
