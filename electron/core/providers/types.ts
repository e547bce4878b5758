import type { LineHealth } from '../../../shared/model';

/**
 * What a provider adapter hands the sync engine: wire data already parsed and normalised.
 * Adapters parse responses with zod as untrusted input and never return half-parsed items.
 */

export interface RemoteMedia {
  contentType: string;
  size: number;
  /** Presigned; expires (1 h on Inkbox). Renew by fetching the text again. */
  url: string;
  filename?: string | null;
}

export interface RemoteMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  localPhoneNumber: string;
  /** null for group outbound texts on Inkbox. */
  remotePhoneNumber: string | null;
  text: string | null;
  type: 'sms' | 'mms';
  media: RemoteMedia[];
  /**
   * null where the server keeps no read state (Sendblue): the cache's own state stands, and a
   * new text arrives unread if inbound, read if outbound.
   */
  isRead: boolean | null;
  /** Older servers send status; newer ones omit it (then 'active'). */
  status: 'active' | 'deleted';
  /** ISO 8601 exactly as the server sent it. */
  createdAt: string;
  updatedAt: string;
  conversationId: string | null;
  deliveryStatus: string | null;
  /** iMessage, SMS or RCS, where the provider says (Sendblue, Linq). */
  service?: string | null;
  /** The team member who wrote an outbound text (Heymarket's label above the bubble). */
  author?: string | null;
  /** Who sent an inbound text, in a group. */
  sender?: string | null;
  reactions?: RemoteReaction[];
  /** The id the sending client gave the text (Heymarket's local_id), where the server keeps it. */
  clientRef?: string | null;
  /** The conversation as the provider describes it, for groups and provider-side actions. */
  conversation?: RemoteConversationInfo;
}

export interface RemoteReaction {
  /** love, like, dislike, laugh, emphasize, question, custom, sticker … */
  type: string;
  /** The emoji for custom reactions, or the one that stands for the type. */
  emoji: string | null;
  from: string | null;
  isMe: boolean;
}

export interface RemoteConversationInfo {
  title?: string | null;
  participants?: string[];
  isGroup?: boolean;
  /** The provider's id for the conversation (Linq chat id, Heymarket conversation id). */
  providerRef?: string | null;
}

export interface RemoteConversationSummary {
  remotePhoneNumber: string;
  latestText: string | null;
  latestDirection: 'inbound' | 'outbound' | null;
  latestType: 'sms' | 'mms' | null;
  latestHasMedia: boolean;
  latestMessageAt: string;
  unreadCount: number;
  totalCount: number;
}

export interface RemoteNumber {
  id: string;
  number: string;
  type: string | null;
  status: string | null;
  smsStatus: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** The line's health where the provider reports it (Sendblue lines/state); null if not. */
  health?: LineHealth | null;
  healthChangedAt?: string | null;
}

/** A malformed item that was skipped rather than written half-parsed. */
export interface ParseIssue {
  endpoint: string;
  index: number | null;
  message: string;
}

export interface PageOptions {
  limit: number;
  offset: number;
}

export type DeleteResult =
  | { scope: 'server' }
  /** The server refused the delete (newer Inkbox dropped status): hidden on this device only. */
  | { scope: 'local'; reason: string };
