import type { z } from 'zod';
import type { RemoteConversationSummary, RemoteMedia, RemoteMessage, RemoteNumber } from '../types';
import type { WireConversationSummaryFields, WireMediaFields, WireNumberFields, WireTextFields } from './schemas';

/** Inkbox's wire shapes (schemas.ts, already checked) as the kit's Remote* types. */

export function toRemoteMedia(wire: z.output<typeof WireMediaFields>): RemoteMedia {
  return {
    contentType: wire.content_type,
    size: wire.size,
    url: wire.url,
    filename: wire.filename,
  };
}

export function toRemoteMessage(wire: z.output<typeof WireTextFields>): RemoteMessage {
  return {
    id: wire.id,
    direction: wire.direction,
    localPhoneNumber: wire.local_phone_number,
    remotePhoneNumber: wire.remote_phone_number,
    text: wire.text,
    type: wire.type,
    media: wire.media ?? [],
    isRead: wire.is_read,
    status: wire.status ?? 'active',
    createdAt: wire.created_at,
    updatedAt: wire.updated_at ?? wire.created_at,
    conversationId: wire.conversation_id,
    deliveryStatus: wire.delivery_status,
  };
}

export function toRemoteConversationSummary(wire: z.output<typeof WireConversationSummaryFields>): RemoteConversationSummary {
  return {
    remotePhoneNumber: wire.remote_phone_number,
    latestText: wire.latest_text,
    latestDirection: wire.latest_direction,
    latestType: wire.latest_type,
    latestHasMedia: wire.latest_has_media ?? false,
    latestMessageAt: wire.latest_message_at,
    unreadCount: wire.unread_count,
    totalCount: wire.total_count,
  };
}

export function toRemoteNumber(wire: z.output<typeof WireNumberFields>): RemoteNumber {
  return {
    id: wire.id,
    number: wire.number,
    type: wire.type,
    status: wire.status,
    smsStatus: wire.sms_status,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
  };
}
