import { AppError } from '../../../../shared/errors';
import { providerInfo } from '../../../../shared/providers';
import { syncSendblueNumber } from '../../sync/sendblue';
import { transportOptions, type AdapterOptions, type ProviderAdapter } from '../adapter';
import { matchSent } from '../sentLookup';
import type { RemoteNumber } from '../types';
import { createSendblueClient, type SendblueClient } from './index';

const SCAN_PAGE = 1000;

/**
 * Sendblue as a provider: history by createdAt offsets, then date_updated increments
 * (sync/sendblue.ts). No read state and no delete, so those actions are refused.
 */
export function createSendblueAdapter(options: AdapterOptions): ProviderAdapter {
  const client = createSendblueClient({
    apiKey: options.credentials.apiKey ?? '',
    apiSecret: options.credentials.apiSecret ?? '',
    ...transportOptions(options),
  });
  const lines = createLineDirectory(client);
  const unsupported = (what: string) => () =>
    Promise.reject(new AppError('UNSUPPORTED', `Sendblue does not support ${what}.`));

  return {
    kind: 'sendblue',
    capabilities: providerInfo.sendblue.capabilities,
    listNumbers: () => lines.list(),
    syncNumber: (context, run) => syncSendblueNumber({ ...context, client }, run),
    fetchText: (_line, handle) => client.getMessage(handle),
    setTextRead: unsupported('read state per text'),
    deleteText: unsupported('deleting texts'),
    // POST /api/mark-read only sends a read receipt to the other party and cannot be read back,
    // so it is not offered as read state (capabilities say readState 'none').
    setConversationRead: unsupported('read state'),
    async sendText(line, request) {
      const groupId = request.to === null ? (request.conversation.providerRef ?? request.conversation.remote.replace(/^group:/, '')) : null;
      const sent = await client.sendMessage(groupId === null ? { fromNumber: line, to: request.to! } : { fromNumber: line, groupId }, request.text);
      return { id: sent.handle, deliveryStatus: sent.status };
    },
    async findSentText(line, lookup) {
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
 * Sendblue's documented API has no endpoint listing an account's lines (numbers), so they are
 * derived from the messages: the distinct sendblue_number values. The first call scans every
 * message (1000 per request, oldest first); later calls by the same adapter read only the
 * messages created since a minute before the newest one seen (by the server's clock), so a quiet line is never forgotten and a
 * routine refresh costs one request. A line that never sent or received a text is not listed.
 */
function createLineDirectory(client: SendblueClient): { list(): Promise<RemoteNumber[]> } {
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
