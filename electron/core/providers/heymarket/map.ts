import type { RemoteMessage } from '../types';
import type { HeymarketMessage } from './schemas';
import { toE164 } from './schemas';

/** Heymarket's messages (client.ts, parsed by schemas.ts) as the kit's RemoteMessage. */

/** What decides a Heymarket text's read state: its conversation's read flag and the team's last reply. */
export interface ConversationView {
  read: boolean;
  lastOutboundMs: number;
}

/** A Heymarket text as the cache takes it, read state decided by the conversation rule. */
export function toRemoteMessage(m: HeymarketMessage, view: ConversationView): RemoteMessage {
  const isRead = m.direction === 'outbound' || view.read || Date.parse(m.date) <= view.lastOutboundMs;
  return {
    id: m.id,
    direction: m.direction,
    localPhoneNumber: m.inboxPhone === null ? '' : toE164(m.inboxPhone),
    remotePhoneNumber: toE164(m.target),
    text: m.text,
    type: m.mediaUrl === null ? 'sms' : 'mms',
    media: m.mediaUrl === null ? [] : [{ contentType: guessContentType(m.mediaUrl), size: 0, url: m.mediaUrl, filename: fileName(m.mediaUrl) }],
    isRead,
    status: 'active',
    createdAt: m.date,
    updatedAt: m.updated,
    conversationId: m.conversation.id,
    deliveryStatus: m.status,
    author: m.author,
    clientRef: m.localId,
    conversation: { providerRef: m.conversation.id, isGroup: false },
  };
}

/** Heymarket sends only a URL; the type is a guess until the bytes are fetched. */
function guessContentType(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  const types: Record<string, string> = {
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    mp4: 'video/mp4',
    pdf: 'application/pdf',
    vcf: 'text/vcard',
    wav: 'audio/wav',
  };
  return (ext && types[ext]) ?? 'application/octet-stream';
}

function fileName(url: string): string | null {
  try {
    return new URL(url).pathname.split('/').pop() || null;
  } catch {
    return null;
  }
}
