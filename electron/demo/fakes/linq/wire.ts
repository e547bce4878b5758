/**
 * Linq Partner API v3 shapes as the fake serves them. They follow docs/providers.md and,
 * where it is silent or vaguer, the official SDK's types (@linqapp/sdk):
 * a reaction's `handle` and a message's `from_handle` are whole chat handles (objects), not
 * strings; chats and numbers carry a `health_status` object.
 */

export type LinqService = 'iMessage' | 'SMS' | 'RCS';
export type LinqReactionType = 'love' | 'like' | 'dislike' | 'laugh' | 'emphasize' | 'question' | 'custom' | 'sticker';

export interface LinqHandle {
  id: string;
  handle: string;
  service: LinqService;
  is_me: boolean;
  status: 'active' | 'left' | 'removed';
  joined_at: string;
  left_at: string | null;
}

export interface LinqPhoneNumber {
  id: string;
  phone_number: string;
  health_status: { doc_url: string; status: 'HEALTHY' | 'AT_RISK' | 'CRITICAL' };
  reputation: { doc_url: string; status: 'HEALTHY' | 'AT_RISK' | 'CRITICAL' };
  forwarding_number: string | null;
}

export interface LinqChat {
  id: string;
  display_name: string | null;
  handles: LinqHandle[];
  is_group: boolean;
  is_archived: boolean;
  service: LinqService;
  health_status: { doc_url: string; status: 'HEALTHY'; updated_at: string };
  group_chat_icon: string | null;
  created_at: string;
  updated_at: string;
}

export interface LinqReaction {
  handle: LinqHandle;
  is_me: boolean;
  type: LinqReactionType;
  custom_emoji: string | null;
  sticker: null;
}

export interface LinqTextPart {
  type: 'text';
  value: string;
  text_decorations: { range: [number, number]; style?: 'bold' | 'italic' | 'underline' | 'strikethrough'; animation?: string }[] | null;
  reactions: LinqReaction[] | null;
}

export interface LinqMediaPart {
  type: 'media';
  id: string;
  filename: string;
  mime_type: string;
  size_bytes: number;
  /** Presigned, expires one hour after the response that carried it. */
  url: string;
  reactions: LinqReaction[] | null;
}

export interface LinqLinkPart {
  type: 'link';
  value: string;
  reactions: LinqReaction[] | null;
}

export type LinqPart = LinqTextPart | LinqMediaPart | LinqLinkPart;

export interface LinqMessage {
  id: string;
  chat_id: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  read_at: string | null;
  is_read: boolean;
  is_delivered: boolean;
  delivery_status: 'pending' | 'queued' | 'sent' | 'delivered' | 'received' | 'read' | 'failed';
  is_from_me: boolean;
  /** The sender's handle string (SDK `from`); `from_handle` has the whole handle. */
  from: string;
  from_handle: LinqHandle;
  service: LinqService;
  preferred_service: LinqService | null;
  effect: { name: string; type: 'screen' | 'bubble' } | null;
  reply_to: { message_id: string; part_index: number } | null;
  parts: LinqPart[];
}

export interface LinqErrorBody {
  success: false;
  error: { status: number; code: number; message: string; retry_after?: number };
  trace_id: string;
}
