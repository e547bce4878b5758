import { AppError } from '../../../../shared/errors';
import { providerInfo } from '../../../../shared/providers';
import { syncHeymarketNumber } from './sync';
import { toRemoteMessage } from './map';
import { transportOptions, type AdapterOptions, type ConversationRef, type ProviderAdapter } from '../adapter';
import { ProviderNotFoundError } from '../errors';
import type { RemoteNumber, RemoteMessage } from '../types';
import { createHeymarketClient, type HeymarketClient, type HeymarketMessage } from './client';
import { toE164 } from './schemas';
import { matchSent } from '../sentLookup';

/** How far back fetchMessage looks for a text in its conversation (50 texts a request). */
const MAX_CONVERSATION_PAGES = 20;

/**
 * Heymarket as a provider: team inboxes are the numbers, messages/all cursors the sync
 * (providers/heymarket/sync.ts). Read state is per conversation and can only be set to read; there is no
 * unread and no delete in the API.
 */
export function createHeymarketAdapter(options: AdapterOptions): ProviderAdapter {
  const client = createHeymarketClient({ ...heymarketCredentials(options.credentials), ...transportOptions(options) });
  // A send names a team member as its creator; the token is the organisation's, so the first
  // member of GET /v1/team, or, where that is not offered, whoever last wrote in the conversation.
  let creator: Promise<string | null> | null = null;
  const creatorId = async (inboxId: string, remote: string): Promise<string> => {
    creator ??= client.listMembers().then(
      (members) => members[0]?.id ?? null,
      (error: unknown) => {
        if (error instanceof ProviderNotFoundError) return null;
        creator = null;
        throw error;
      },
    );
    const member = await creator;
    if (member !== null) return member;
    const recent = await client.listConversationMessages(inboxId, remote, Date.now() / 1000 + 1);
    const writer = recent.find((m) => m.userId !== null)?.userId;
    if (!writer) throw new AppError('VALIDATION', 'Heymarket names no team member to send as; add one in Heymarket first.');
    return writer;
  };
  return {
    kind: 'heymarket',
    capabilities: providerInfo.heymarket.capabilities,
    listNumbers: async () => (await client.listInboxes()).map(toRemoteNumber),
    syncNumber: (context, run) => syncHeymarketNumber({ ...context, client }, run),
    fetchMessage: (numberProviderId, textProviderId, conversation) => fetchMessage(client, numberProviderId, textProviderId, conversation),
    setMessageRead: () => Promise.reject(new AppError('UNSUPPORTED', 'Heymarket keeps read state per conversation, not per text.')),
    deleteMessage: () => Promise.reject(new AppError('UNSUPPORTED', 'Heymarket cannot delete texts.')),
    async setConversationRead(numberProviderId, conversation, isRead) {
      if (!isRead) throw new AppError('UNSUPPORTED', 'Heymarket cannot mark a conversation unread.');
      // conversations/read names a team member (user_id). The token belongs to the organisation
      // and Textdesk has no member of its own, so it reads as the member who last wrote in the
      // conversation (0, "no member", when nobody has).
      const recent = await client.listConversationMessages(numberProviderId, conversation.remote, Date.now() / 1000 + 1);
      const userId = recent.find((m) => m.userId !== null)?.userId ?? '0';
      await client.markConversationRead(numberProviderId, userId, conversation.remote);
      return { remote: conversation.remote, isRead: true };
    },
    lookupContact: async (phone) => {
      const contact = await client.getContact(phone);
      return contact ? [contact] : [];
    },
    listContacts: () => client.listContacts(),
    async sendMessage(inboxId, request) {
      if (request.to === null) throw new AppError('UNSUPPORTED', 'Heymarket has no group conversations.');
      const creatorIdForSend = await creatorId(inboxId, request.to);
      const sent = await client.sendMessage({ inboxId, creatorId: creatorIdForSend, remote: request.to, text: request.text, localId: request.clientRef });
      return { id: sent.id, deliveryStatus: 'sent' };
    },
    async findSentMessage(inboxId, lookup) {
      if (lookup.to === null) return null;
      const recent = await client.listConversationMessages(inboxId, lookup.to, Date.now() / 1000 + 1);
      // local_id is Heymarket's documented way to recognise a retried send; the body is the fallback.
      const byLocalId = recent.find((m) => m.localId === lookup.clientRef);
      const found =
        byLocalId ??
        matchSent(
          recent.filter((m) => m.localId === null).map((m) => ({ id: m.id, direction: m.direction, text: m.text, createdAt: m.date, deliveryStatus: m.status })),
          lookup,
        );
      return found ? { id: found.id, deliveryStatus: 'status' in found ? found.status : null } : null;
    },
  };
}

/**
 * Both kinds of Heymarket credential in the two fields every account has: an API Secret is
 * the Secret ID in apiKey and the Secret Key in apiSecret (JWTs are minted from them); a lone
 * apiKey is the legacy team API key, sent as it is.
 */
export function heymarketCredentials(credentials: AdapterOptions['credentials']): { apiKey: string } | { secret: { secretId: string; secretKey: string } } {
  const apiKey = credentials.apiKey ?? '';
  const secretKey = credentials.apiSecret?.trim();
  return secretKey ? { secret: { secretId: apiKey, secretKey } } : { apiKey };
}

function toRemoteNumber(inbox: { id: string; name: string | null; phone: string }): RemoteNumber {
  return { id: inbox.id, number: toE164(inbox.phone), type: 'inbox', status: 'active', smsStatus: null, createdAt: null, updatedAt: null };
}

/**
 * Heymarket has no endpoint for one text: walk the conversation back from now until it shows
 * up. Its read state follows the conversation rule over what was walked, which includes every
 * outbound text after it.
 */
async function fetchMessage(client: HeymarketClient, inboxId: string, textId: string, conversation: ConversationRef): Promise<RemoteMessage> {
  const walked = new Map<string, HeymarketMessage>();
  let before = Math.floor(Date.now() / 1000) + 1;
  let exact = false;
  for (let page = 0; page < MAX_CONVERSATION_PAGES; page++) {
    const texts = await client.listConversationMessages(inboxId, conversation.remote, before);
    const fresh = texts.filter((m) => !walked.has(m.id));
    for (const m of fresh) walked.set(m.id, m);
    const found = walked.get(textId);
    if (found) {
      const outbound = [...walked.values()].filter((m) => m.direction === 'outbound').map((m) => Date.parse(m.date));
      return toRemoteMessage(found, { read: found.conversation.read, lastOutboundMs: Math.max(-Infinity, ...outbound) });
    }
    if (texts.length === 0 || (fresh.length === 0 && exact)) break;
    const oldest = Math.floor(Math.min(...texts.map((m) => Date.parse(m.date))) / 1000);
    // The timestamp is exclusive, in seconds: step back to just after the oldest second so texts
    // sharing it come again, or exactly to it when that brought nothing new.
    exact = fresh.length === 0;
    before = exact ? oldest : oldest + 1;
  }
  throw new ProviderNotFoundError({ provider: 'Heymarket', resource: { kind: 'text', numberId: inboxId, textId } });
}
