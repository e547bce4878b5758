import type { ConversationSummary } from '../../demo/inkbox/queries';
import type { MediaSigner } from '../../demo/inkbox/signing';
import type { NumberRecord, TextRecord } from '../../demo/inkbox/state';
import type { DemoConversationSummary, DemoNumber, DemoText } from '../../demo/inkbox/types';

/** Records to the exact JSON the provider sends. Media URLs are signed afresh on every call. */

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function toWireNumber(number: NumberRecord): DemoNumber {
  return {
    id: number.id,
    number: number.number,
    type: number.type,
    status: 'active',
    sms_status: number.smsStatus ?? 'ready',
    created_at: isoTime(number.createdAt),
    updated_at: isoTime(number.updatedAt),
  };
}

export function toWireText(number: NumberRecord, text: TextRecord, signer: MediaSigner): DemoText {
  const wire: DemoText = {
    id: text.id,
    direction: text.direction,
    local_phone_number: number.number,
    // A group's outbound texts carry no single remote, as on Inkbox.
    remote_phone_number: text.remote.includes(',') ? null : text.remote,
    text: text.text,
    type: text.media.length > 0 ? 'mms' : 'sms',
    media:
      text.media.length > 0
        ? text.media.map((object) => ({ content_type: object.contentType, size: object.bytes.byteLength, url: signer.sign(object.key) }))
        : null,
    status: text.deleted ? 'deleted' : 'active',
    is_read: text.isRead,
    created_at: isoTime(text.createdAt),
    updated_at: isoTime(text.updatedAt),
  };
  if (text.direction === 'outbound') {
    const conversationId = number.conversationIds.get(text.remote);
    if (conversationId) wire.conversation_id = conversationId;
    wire.delivery_status = text.deliveryStatus ?? 'delivered';
    if (text.deliveryStatus === 'failed') {
      wire.error_code = 'carrier_rejected';
      wire.error_detail = 'The carrier rejected the message';
    }
  }
  return wire;
}

export function toWireSummary(summary: ConversationSummary): DemoConversationSummary {
  return {
    remote_phone_number: summary.remote,
    latest_text: summary.latest.text,
    latest_direction: summary.latest.direction,
    latest_type: summary.latest.media.length > 0 ? 'mms' : 'sms',
    latest_has_media: summary.latest.media.length > 0,
    latest_message_at: isoTime(summary.latest.createdAt),
    unread_count: summary.unreadCount,
    total_count: summary.totalCount,
  };
}
