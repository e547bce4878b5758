import type { SendFaults } from '../sendKnobs';

export interface HeymarketFaults {
  errorRate?: number;
  rateLimitRate?: number;
  latencyMs?: number;
  resetRate?: number;
  /** Share of messages/all answers cut off midway, the connection then closed. */
  truncateRate?: number;
  /** How sends behave (shared knobs: lost answers, held answers, opt-outs, the send limit). */
  send?: SendFaults;
}

export interface HeymarketFakeOptions {
  seed?: number;
  port?: number;
  size?: 'tiny' | 'small';
  now?: () => number;
  faults?: HeymarketFaults;
  /** How the messages/all cursor breaks ties (see above); 'id' by default. */
  tieBreak?: 'id' | 'page';
}

export interface WireConversation {
  id: number;
  inbox: number;
  target: string;
  read: boolean;
  status: string;
  updated: string;
}

export interface WireMessage {
  id: number;
  text: string;
  media: string | null;
  phone: string;
  target: string;
  type: 'text' | 'media';
  status: string;
  date: string;
  updated: string;
  user: number | null;
  author: string | null;
  broadcast_id: number | null;
  flagged: boolean;
  local_id: string | null;
  conversation: WireConversation;
}

export interface WireInbox {
  id: number;
  name: string;
  phones: string[];
  phone: string;
  created: string;
}

export interface HeymarketFake {
  baseUrl: string;
  /** The legacy team API key. */
  credentials: { apiKey: string };
  /** The API Secret JWTs are signed from; as an account's credentials: apiKey = secretId, apiSecret = secretKey. */
  apiSecret: { secretId: string; secretKey: string };
  /** The distinct JWTs the fake has accepted, in order: how often the client minted one. */
  tokensSeen(): string[];
  /** One broadcast: the same text to `count` new customers of the inbox, all in the same second. */
  broadcast(inboxId: number | string, count: number, text: string): WireMessage[];
  close(): Promise<void>;
  setFaults(faults: HeymarketFaults): void;
  requestCount(): number;
  numbers(): WireInbox[];
  /** The inbox's messages in wire shape, oldest first. */
  messages(inboxId: number | string): WireMessage[];
  conversation(inboxId: number | string, target: string): WireConversation | undefined;
  insertInbound(inboxId: number | string, phone: string, text: string): WireMessage;
  /** A team member answers from the Heymarket app: outbound, authored, conversation read. */
  replyAsTeam(inboxId: number | string, phone: string, text: string, memberIndex?: number): WireMessage;
  editMessage(messageId: number | string, text: string): WireMessage;
  markConversationRead(inboxId: number | string, target: string, read: boolean): void;
  /** The team's address book, as POST /v1/contacts lists it (oldest update first). */
  contacts(): WireContact[];
  /** Adds or replaces a contact (by phone) as if edited in Heymarket; its `updated` moves to now. */
  putContact(contact: Record<string, unknown> & { phone: string }): WireContact;
  /** Messages accepted by POST /v1/message/send, in the wire shape. */
  sentMessages(): WireMessage[];
  /** Send requests received, accepted or not (a repeated local_id included). */
  sendRequestCount(): number;
}

/** id, display_name, first, last, phone (E.164 digits without the plus), is_opted_out, updated; tests may send anything else. */
export type WireContact = Record<string, unknown> & { id: number; phone: string; updated: string };

/** POST /v1/contacts page size (the fake's choice; Heymarket does not document it). */
