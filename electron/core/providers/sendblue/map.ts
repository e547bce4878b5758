import type { RemoteMedia, RemoteMessage } from '../types';
import { localNumberOf, type WireMessage } from './schemas';

/** Sendblue's wire messages (schemas.ts) as the kit's RemoteMessage. */

const extensionTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  heic: 'image/heic',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  m4a: 'audio/mp4',
  caf: 'audio/x-caf',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  pdf: 'application/pdf',
  vcf: 'text/vcard',
};

/** Sendblue gives a bare URL: its type comes from the file extension, its size is unknown (0). */
export function mediaFromUrl(url: string): RemoteMedia {
  let filename: string | null;
  try {
    filename = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || null;
  } catch {
    filename = null;
  }
  const extension = filename?.split('.').pop()?.toLowerCase() ?? '';
  return { url, size: 0, contentType: extensionTypes[extension] ?? 'application/octet-stream', filename };
}

/**
 * A Sendblue message as our RemoteMessage. Groups are keyed by group_id (remotePhoneNumber null);
 * a 1:1 conversation by the other party. Sendblue keeps no read state: isRead is null.
 */
export function toRemoteMessage(wire: WireMessage): RemoteMessage {
  const local = localNumberOf(wire)!;
  const createdAt = (wire.date_created ?? wire.date_sent)!;
  const direction = wire.is_outbound ? 'outbound' : 'inbound';
  const other = wire.is_outbound ? wire.to_number : wire.from_number;
  const group = wire.group_id ? wire.group_id : null;
  const mediaUrl = wire.media_url?.trim() ? wire.media_url.trim() : null;
  return {
    id: wire.message_handle,
    direction,
    localPhoneNumber: local,
    remotePhoneNumber: group ? null : (wire.number ?? other ?? null),
    text: wire.content === null || wire.content === '' ? null : wire.content,
    type: mediaUrl ? 'mms' : 'sms',
    media: mediaUrl ? [mediaFromUrl(mediaUrl)] : [],
    isRead: null,
    status: 'active',
    createdAt,
    updatedAt: wire.date_updated ?? createdAt,
    conversationId: group,
    deliveryStatus: wire.status,
    service: wire.service,
    sender: group && direction === 'inbound' ? (wire.from_number ?? wire.number) : null,
    ...(group
      ? {
          conversation: {
            title: wire.group_display_name,
            participants: (wire.participants ?? []).filter((p) => p !== local),
            isGroup: true,
            providerRef: group,
          },
        }
      : {}),
  };
}
