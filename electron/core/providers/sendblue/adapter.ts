import { AppError } from '../../../../shared/errors';
import { providerInfo } from '../../../../shared/providers';
import { syncSendblueNumber } from './sync';
import { transportOptions, type AdapterOptions, type LiveChange, type ProviderAdapter } from '../adapter';
import { ProviderAuthError, ProviderNotFoundError } from '../errors';
import { matchSent } from '../sentLookup';
import type { RemoteNumber } from '../types';
import { createSendblueClient, type SendblueClient, type SendblueLineState } from './client';

const SCAN_PAGE = 1000;
/** Heartbeats come every 15 s (SDK Events.stream): three missed means the connection is dead. */
export const SENDBLUE_EVENTS_IDLE_MS = 45_000;
/** Event ids remembered across reconnections: deliveries repeat and must act once. */
const REMEMBERED_EVENTS = 1000;

/**
 * Sendblue as a provider: history by createdAt offsets, then date_updated increments
 * (providers/sendblue/sync.ts). No read state and no delete, so those actions are refused.
 */
export function createSendblueAdapter(options: AdapterOptions): ProviderAdapter {
  const client = createSendblueClient({
    apiKey: options.credentials.apiKey ?? '',
    apiSecret: options.credentials.apiSecret ?? '',
    ...transportOptions(options),
  });
  const lines = createLineDirectory(client);
  const seen = new Set<string>();
  const unsupported = (what: string) => () =>
    Promise.reject(new AppError('UNSUPPORTED', `Sendblue does not support ${what}.`));

  return {
    kind: 'sendblue',
    capabilities: providerInfo.sendblue.capabilities,
    listNumbers: () => lines.list(),
    syncNumber: (context, run) => syncSendblueNumber({ ...context, client }, run),
    fetchMessage: (_line, handle) => client.getMessage(handle),
    setMessageRead: unsupported('read state per text'),
    deleteMessage: unsupported('deleting texts'),
    // POST /api/mark-read only sends a read receipt to the other party and cannot be read back,
    // so it is not offered as read state (capabilities say readState 'none').
    setConversationRead: unsupported('read state'),
    listen: (handlers, signal) =>
      client.streamEvents(
        {
          onOpen: handlers.onOpen,
          onEvent: (event) => {
            if (seen.has(event.id)) return;
            seen.add(event.id);
            if (seen.size > REMEMBERED_EVENTS) seen.delete(seen.values().next().value!);
            const change = changeOf(event.type, event.data);
            if (change) handlers.onChange(change);
          },
        },
        { signal, idleTimeoutMs: options.liveIdleTimeoutMs ?? SENDBLUE_EVENTS_IDLE_MS },
      ),
    lookupContact: async (phone) => {
      const contact = await client.getContact(phone);
      return contact ? [contact] : [];
    },
    listContacts: () => client.listContacts(),
    async sendMessage(line, request) {
      const groupId = request.to === null ? (request.conversation.providerRef ?? request.conversation.remote.replace(/^group:/, '')) : null;
      const sent = await client.sendMessage(groupId === null ? { fromNumber: line, to: request.to! } : { fromNumber: line, groupId }, request.text);
      return { id: sent.handle, deliveryStatus: sent.status };
    },
    async findSentMessage(line, lookup) {
      // The line's texts since the send began: few, and the answer-lost text is among them if it exists.
      const page = await client.listMessages({
        limit: 100,
        offset: 0,
        sendblueNumber: line,
        createdAtGte: new Date(lookup.since).toISOString(),
        orderBy: 'createdAt',
        orderDirection: 'desc',
      });
      const group = lookup.to === null ? (lookup.conversation.providerRef ?? lookup.conversation.remote.replace(/^group:/, '')) : null;
      const sameConversation = page.texts.filter((text) =>
        group === null ? text.remotePhoneNumber === lookup.to && !text.conversationId : text.conversationId === group,
      );
      const found = matchSent(sameConversation, lookup);
      return found && { id: found.id, deliveryStatus: found.deliveryStatus };
    },
  };
}

/**
 * What a Sendblue event asks of us (SDK 3.17 AccountEvent types): message.* → sync that line's
 * texts (all lines when the minimal data names none), line.* → refresh the lines and their
 * health. Typing indicators, contacts and verifications change nothing in the cache.
 */
export function changeOf(type: string, data: Record<string, unknown>): LiveChange | null {
  if (type.startsWith('message.')) {
    const line = data['sendblue_number'] ?? data['sendblueNumber'];
    return { kind: 'texts', numberProviderId: typeof line === 'string' && line.trim() !== '' ? line.trim() : null };
  }
  if (type.startsWith('line.')) return { kind: 'numbers' };
  return null;
}

/**
 * The account's lines from GET /api/v2/lines/state (sendblue SDK 3.17, lines.getState): one
 * request, with each line's health. An account whose plan or key is refused that endpoint
 * (403, or 404 on a server without it) gets its lines derived from its messages instead, and
 * the endpoint is not asked again by this adapter.
 */
function createLineDirectory(client: SendblueClient): { list(): Promise<RemoteNumber[]> } {
  const derived = createDerivedLineDirectory(client);
  let refused = false;
  return {
    async list() {
      if (!refused) {
        try {
          return (await client.getLineStates()).map(toRemoteNumber);
        } catch (error) {
          const refusal = (error instanceof ProviderAuthError && error.status === 403) || error instanceof ProviderNotFoundError;
          if (!refusal) throw error;
          refused = true;
        }
      }
      return derived.list();
    },
  };
}

function toRemoteNumber(line: SendblueLineState): RemoteNumber {
  return {
    id: line.sendblueNumber,
    number: line.sendblueNumber,
    type: 'sendblue',
    status: 'active',
    smsStatus: null,
    createdAt: null,
    updatedAt: line.statusChangedAt,
    health: line.status.toLowerCase() as RemoteNumber['health'],
    healthChangedAt: line.statusChangedAt,
  };
}

/**
 * Without lines/state, the lines are derived from the messages: the distinct sendblue_number values. The first call scans every
 * message (1000 per request, oldest first); later calls by the same adapter read only the
 * messages created since a minute before the newest one seen (by the server's clock), so a quiet line is never forgotten and a
 * routine refresh costs one request. A line that never sent or received a text is not listed.
 */
function createDerivedLineDirectory(client: SendblueClient): { list(): Promise<RemoteNumber[]> } {
  const known = new Map<string, RemoteNumber>();
  let scannedFrom: string | null = null;
  return {
    async list() {
      // The server's clock, not ours: the next scan starts a minute before the newest message seen.
      let newest = scannedFrom === null ? 0 : Date.parse(scannedFrom) + 60_000;
      for (let offset = 0; ; offset += SCAN_PAGE) {
        const page = await client.listMessages({
          limit: SCAN_PAGE,
          offset,
          orderBy: 'createdAt',
          orderDirection: 'asc',
          createdAtGte: scannedFrom ?? undefined,
        });
        for (const text of page.texts) {
          newest = Math.max(newest, Date.parse(text.createdAt));
          if (known.has(text.localPhoneNumber)) continue;
          known.set(text.localPhoneNumber, {
            id: text.localPhoneNumber,
            number: text.localPhoneNumber,
            type: 'sendblue',
            status: 'active',
            smsStatus: null,
            createdAt: null,
            updatedAt: null,
          });
        }
        if (page.received < SCAN_PAGE) break;
      }
      if (newest > 0) scannedFrom = new Date(newest - 60_000).toISOString();
      return [...known.values()];
    },
  };
}
