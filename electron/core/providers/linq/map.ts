import type { z } from 'zod';
import type { RemoteReaction, RemoteMessage, RemoteNumber } from '../types';
import type { LinqChatInfo, LinqMessageInfo, WirePhoneNumberFields } from './schemas';

/** The emoji each tapback stands for, as Messages shows it. */
const tapbackEmoji: Record<string, string> = {
  love: '❤️',
  like: '👍',
  dislike: '👎',
  laugh: '😂',
  emphasize: '‼️',
  question: '❓',
};

/**
 * One Linq message as one text: its text and link parts joined with newlines, its media parts
 * as media, the reactions of all parts flattened. A 1:1 chat is keyed by the other handle, a
 * group by its chat id; both carry the chat id as providerRef, which marking read needs.
 */
export function toRemoteMessage(message: LinqMessageInfo, chat: LinqChatInfo, localNumber: string): RemoteMessage {
  const texts: string[] = [];
  const media: RemoteMessage['media'] = [];
  const reactions: RemoteReaction[] = [];
  for (const part of message.parts) {
    if (part.kind === 'text') texts.push(part.value);
    if (part.kind === 'media') media.push(part.media);
    for (const reaction of part.reactions) {
      reactions.push({
        type: reaction.type,
        emoji: reaction.customEmoji ?? tapbackEmoji[reaction.type] ?? null,
        from: reaction.from,
        isMe: reaction.isMe,
      });
    }
  }
  const others = chat.handles.filter((h) => !h.isMe).map((h) => h.handle);
  const remote = chat.isGroup ? null : (others[0] ?? chat.allHandles.find((h) => !h.isMe)?.handle ?? null);
  const inbound = !message.isFromMe;
  return {
    id: message.id,
    direction: inbound ? 'inbound' : 'outbound',
    localPhoneNumber: localNumber,
    remotePhoneNumber: remote,
    text: texts.length > 0 ? texts.join('\n') : null,
    type: media.length > 0 ? 'mms' : 'sms',
    media,
    // For our own messages is_read says whether the recipient read them; to this inbox they are read.
    isRead: inbound ? message.isRead : true,
    status: 'active',
    createdAt: message.createdAt,
    updatedAt: message.updatedAt,
    conversationId: chat.isGroup || remote === null ? chat.id : null,
    deliveryStatus: message.deliveryStatus,
    service: message.service ?? chat.service,
    sender: inbound && chat.isGroup ? message.from : null,
    reactions,
    conversation: {
      title: chat.isGroup ? chat.displayName : null,
      participants: others,
      isGroup: chat.isGroup,
      providerRef: chat.id,
    },
  };
}

/**
 * RemoteNumber.id is the E.164 number itself, not Linq's phone number UUID: chats are listed
 * by `from=<E.164>`, and sync is handed only the number's provider id.
 */
export function toRemoteNumber(wire: z.output<typeof WirePhoneNumberFields>): RemoteNumber {
  return {
    id: wire.phone_number,
    number: wire.phone_number,
    type: null,
    status: healthStatus(wire.health_status),
    smsStatus: null,
    createdAt: null,
    updatedAt: null,
  };
}

function healthStatus(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'string') {
    return (value as { status: string }).status;
  }
  return null;
}
