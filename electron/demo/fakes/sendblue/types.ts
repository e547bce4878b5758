import type { SendFaults } from '../sendKnobs';
import type { SendblueStatus } from './data';

export interface SendblueFaults {
  /** Share of requests answered 500. */
  errorRate?: number;
  /** Share of requests answered 429 with Retry-After: 1. */
  rateLimitRate?: number;
  latencyMs?: number;
  /** Share of requests whose connection is destroyed before any answer. */
  resetRate?: number;
  /**
   * Changes made elsewhere while a client pages: before each list answer, this many inbound
   * texts arrive and this many existing messages get a new status (moving their date_updated).
   */
  drift?: { insertPerRequest?: number; updatePerRequest?: number };
  /** How sends behave (shared knobs: lost answers, held answers, opt-outs, the send limit). */
  send?: SendFaults;
}

export interface SendblueFakeOptions {
  seed?: number;
  port?: number;
  size?: 'tiny' | 'small';
  now?: () => number;
  faults?: SendblueFaults;
  /** How long media URLs work after the message was created; Sendblue keeps them 30 days. */
  mediaTtlMs?: number;
  /** The documented limit is 100 requests per 10 s; tests may lower it. */
  rateLimit?: { requests: number; windowMs: number };
  /** How often the event stream sends a heartbeat comment; Sendblue sends one every 15 s. */
  eventHeartbeatMs?: number;
  /** When the event stream ends for the client to reconnect; Sendblue rotates within 15 minutes. */
  eventRotateMs?: number;
}

/** A message exactly as Sendblue's list endpoint renders it. */
export type SendblueWireMessage = Record<string, unknown> & { message_handle: string };

export interface InsertInbound {
  sendblueNumber: string;
  from: string;
  content: string;
  service?: 'iMessage' | 'SMS' | 'RCS';
  /** A group the text is posted in (its id must already exist on the fake). */
  groupId?: string;
  withImage?: boolean;
}

export type SendblueLineStatus = 'ONLINE' | 'OFFLINE' | 'DEGRADED' | 'UNKNOWN';

export interface SendblueFake {
  baseUrl: string;
  /** A line's health changes on Sendblue's side (status_changed_at moves; a line.status.changed event goes out). */
  setLineStatus(sendblueNumber: string, status: SendblueLineStatus): void;
  /** Makes GET /api/v2/lines/state answer this status (403, 404), or serve again with null. */
  refuseLineState(status: 403 | 404 | null): void;
  /** How many requests each path got, e.g. '/api/v2/messages'. */
  requestsTo(path: string): number;
  /** Event streams open now. */
  eventStreams(): number;
  /** Cuts every open event stream (a network drop); what happens before the client is back is not replayed. */
  dropEventStreams(): void;
  /** Stops writing anything, heartbeats included, to open streams while keeping them open (a dead proxy). */
  muteEventStreams(muted: boolean): void;
  /** Makes GET /api/v2/events answer this status, or serve again with null. */
  refuseEvents(status: 403 | 404 | 500 | null): void;
  /** Sends one event to every open stream as it is, e.g. a repeated id. */
  sendEvent(event: { id: string; type: string; data: Record<string, unknown> }): void;
  credentials: { apiKey: string; apiSecret: string };
  close(): Promise<void>;
  setFaults(faults: SendblueFaults): void;
  requestCount(): number;
  numbers(): string[];
  /** Live messages of a line, oldest first, in the list endpoint's wire shape. */
  messages(sendblueNumber: string): SendblueWireMessage[];
  insertInbound(input: InsertInbound): SendblueWireMessage;
  /** A delivery receipt arriving elsewhere: the status changes and date_updated moves. */
  updateStatus(handle: string, status: SendblueStatus): SendblueWireMessage;
  /** Messages accepted by a send, in the list endpoint's shape. */
  sentMessages(): SendblueWireMessage[];
  /** Send requests received, accepted or not. */
  sendRequestCount(): number;
  /** Groups on the fake, for tests that post into one. */
  groups(): { id: string; sendblueNumber: string; participants: string[] }[];
  /** The address book, as GET /api/v2/contacts lists it. */
  contacts(): SendblueWireContact[];
  /** Adds or replaces a contact (by phone) as if edited in Sendblue's dashboard; raw fields are sent as given. */
  putContact(contact: SendblueWireContact): void;
}

/** A contact as the SDK's Contact type has it. */
export type SendblueWireContact = Record<string, unknown> & { phone: string };
