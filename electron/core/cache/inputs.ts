/**
 * What the cache's rows are made from. The cache knows no provider: the sync layer maps what a
 * provider hands it (Remote* in providers/types.ts) to these (sync/merge.ts) and decides what to
 * write; the repositories only write it.
 */

/** One attachment of a text as the server lists it, before its bytes are fetched. */
export interface MediaInput {
  contentType: string;
  size: number;
  /** Presigned and short-lived; a renewed URL replaces an expired one. */
  url: string;
  filename?: string | null;
}

/** What the provider says about a conversation; an absent field leaves the row's value alone. */
export interface ConversationInfoInput {
  title?: string | null;
  participants?: string[];
  isGroup?: boolean;
  /** The provider's id for the conversation (Linq chat id, Heymarket conversation id). */
  providerRef?: string | null;
}

/** The fields of a text that a later page from the server may change. */
export interface MessageFields {
  body: string | null;
  type: 'sms' | 'mms';
  isRead: boolean;
  hasMedia: boolean;
  updatedAt: string;
  deliveryStatus: string | null;
  service: string | null;
  author: string | null;
  sender: string | null;
  /** JSON of the reactions, null when there are none. */
  reactions: string | null;
}

/** A text new to the cache: where it lives, its fixed facts and its fields. */
export interface NewMessage extends MessageFields {
  id: number;
  accountId: number;
  numberId: number;
  conversationId: number;
  providerId: string;
  direction: 'inbound' | 'outbound';
  createdAt: string;
  createdMs: number;
}
