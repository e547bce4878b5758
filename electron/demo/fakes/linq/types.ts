import type { SendFaults } from '../sendKnobs';
import type { LinqFakeSize } from './dataset';
import type { LinqChat, LinqMessage, LinqPhoneNumber, LinqReactionType } from './wire';

export interface LinqFaults {
  /** Probability of a 500/502/503. */
  errorRate?: number;
  /** Probability of a 429 (code 1007) with retry_after (body and Retry-After header). */
  rateLimitRate?: number;
  /** retry_after of those 429s in seconds; default 1. */
  retryAfterSeconds?: number;
  latencyMs?: number;
  /** Probability of destroying the connection without answering. */
  resetRate?: number;
  /** How sends behave (shared knobs: lost answers, held answers, opt-outs, the send limit). */
  send?: SendFaults;
  /** Refuse every DELETE of a message with a 400, keeping the message (as a server whose policy forbids it). */
  refuseDeletes?: boolean;
}

export interface LinqFakeOptions {
  seed?: number;
  port?: number;
  size?: LinqFakeSize;
  now?: () => number;
  faults?: LinqFaults;
}

export interface LinqFake {
  /** Where a client points: `http://127.0.0.1:port/api/partner/v3`. */
  baseUrl: string;
  /** Where the SDK points (it adds `/v3` itself). */
  sdkBaseUrl: string;
  credentials: { apiKey: string };
  close(): Promise<void>;
  setFaults(faults: LinqFaults): void;
  /** API requests answered (or failed) so far; media downloads are not counted. */
  requestCount(): number;
  numbers(): LinqPhoneNumber[];
  /** Every chat, in list order, in the wire shape. */
  chats(): LinqChat[];
  /** A chat's live messages, newest first, in the wire shape (media URLs freshly signed). */
  messages(chatId: string): LinqMessage[];
  /** A message arrives from the other party (or `from`, one of a group's handles). */
  insertInbound(chatId: string, text: string, options?: { from?: string; image?: boolean }): LinqMessage;
  /** A tapback from the chat's other party (or `from`) on one part of a message. */
  react(messageId: string, partIndex: number, reaction: { type: LinqReactionType; customEmoji?: string; from?: string }): void;
  /** The chat was read in another Linq client. */
  markRead(chatId: string): void;
  deleteMessage(messageId: string): void;
  /** Messages accepted by a send (into a chat or creating one), in the wire shape. */
  sentMessages(): LinqMessage[];
  /** Send requests received, accepted or not. */
  sendRequestCount(): number;
  /** A chat someone else started, with one inbound message. */
  createChat(numberId: string, handles: string[], text: string, options?: { displayName?: string }): LinqChat;
}
