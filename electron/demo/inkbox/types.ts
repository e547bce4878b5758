/**
 * Public types of the demo server. The Demo* wire types are exactly the JSON the server sends,
 * snake_case included, so tests can compare them with what a provider adapter received.
 */

export interface FaultOptions {
  /** Probability 0..1 of answering 500, 502 or 503 on /api routes. */
  errorRate?: number;
  /** Probability of 429 with Retry-After. */
  rateLimitRate?: number;
  /** Retry-After value of those 429s; default 1. */
  retryAfterSeconds?: number;
  /** Added delay per /api request. */
  latencyMs?: number;
  /** Probability of a JSON body cut off mid-way (Content-Length omitted, socket ended). */
  truncateRate?: number;
  /** Probability of destroying the connection without answering. */
  resetRate?: number;
  /** Applied before answering each list request: inbound texts at the head, random texts deleted. */
  drift?: { insertPerRequest?: number; deletePerRequest?: number };
  /** Behave like newer Inkbox servers, which dropped "status" from PATCH: 422. */
  rejectDeleteStatus?: boolean;
  /** How POST /numbers/{id}/texts behaves. */
  send?: SendFaults;
}

/** Knobs for sending, each as the real API would answer. */
export interface SendFaults {
  /** Store the text, then drop the connection before the answer: the lost answer. */
  dropAnswer?: boolean;
  /** Store the text, then wait this long before answering: a request in flight to kill. */
  answerDelayMs?: number;
  /** 403 recipient_opted_out for these recipients. */
  optedOut?: string[];
  /** 403 recipient_not_opted_in for these recipients. */
  notOptedIn?: string[];
  /** 409 sender_sms_pending: the number is still registering. */
  senderPending?: boolean;
  /** 403: the number cannot send (toll-free). */
  tollFree?: boolean;
  /** Sends per number per rolling window before 429; default 20 per 24 hours. */
  limit?: { count: number; windowMs: number };
  /** queued -> sent -> delivered, one step each; default 1500 ms. */
  deliveryStepMs?: number;
  /** Texts to these recipients end failed instead of delivered. */
  failDelivery?: string[];
}

export type DemoSize = 'tiny' | 'small' | 'demo' | 'large';

export interface DemoServerOptions {
  /** Default 1; the same seed gives the same data. */
  seed?: number;
  /** Default 'demo-key'. */
  apiKey?: string;
  /** Default 0 (the OS picks); the server always binds 127.0.0.1. */
  port?: number;
  /** The clock behind timestamps and media expiry; default Date.now. */
  now?: () => number;
  /** The moment the seeded history leads up to (default: now()); fix it to keep the same data across restarts. */
  anchor?: number;
  /** Default 3600. */
  mediaTtlSeconds?: number;
  /** A new inbound text every N seconds; null or undefined leaves live mode off. */
  liveIntervalSeconds?: number | null;
  /** tiny: ~100 texts, small: ~40 conversations per number, demo (default): ~15k texts, large: ~150k (benchmarks). */
  size?: DemoSize;
  faults?: FaultOptions;
}

export interface DemoNumber {
  id: string;
  number: string;
  type: 'local' | 'toll_free';
  status: 'active';
  sms_status: 'ready' | 'pending';
  created_at: string;
  updated_at: string;
}

export interface DemoMedia {
  content_type: string;
  size: number;
  url: string;
}

export interface DemoText {
  id: string;
  direction: 'inbound' | 'outbound';
  local_phone_number: string;
  remote_phone_number: string | null;
  text: string | null;
  type: 'sms' | 'mms';
  media: DemoMedia[] | null;
  status: 'active' | 'deleted';
  is_read: boolean;
  created_at: string;
  updated_at: string;
  /** Outbound only, as newer servers send them. */
  conversation_id?: string;
  delivery_status?: 'queued' | 'sent' | 'delivered' | 'failed';
  error_code?: string;
  error_detail?: string;
}

export interface DemoConversationSummary {
  remote_phone_number: string;
  latest_text: string | null;
  latest_direction: 'inbound' | 'outbound';
  latest_type: 'sms' | 'mms';
  latest_has_media: boolean;
  latest_message_at: string;
  unread_count: number;
  total_count: number;
}

export interface DemoConversationReadResult {
  remote_phone_number: string;
  is_read: boolean;
  updated_count: number;
}

/** The built-in media the demo data uses; each is a real file a decoder accepts. */
export type DemoMediaKind = 'png' | 'jpeg' | 'wav' | 'mp4' | 'vcard' | 'pdf';

/** Media for insertInbound: either one of the built-in files or bytes of your own. */
export type DemoMediaSeed = { kind: DemoMediaKind } | { contentType: string; bytes: Uint8Array };

export interface DemoServer {
  /** e.g. http://127.0.0.1:PORT/api/v1/phone */
  baseUrl: string;
  apiKey: string;
  port: number;
  /** Replaces every fault knob at once; setFaults({}) turns them all off. */
  setFaults(faults: FaultOptions): void;
  /** Stops the live timer and closes every socket. */
  close(): Promise<void>;
  /** The numbers GET /numbers answers, released ones excluded. */
  numbers(): DemoNumber[];
  /** Every non-deleted text of the number as GET would answer it (fresh media URLs), newest first. */
  texts(numberId: string): DemoText[];
  insertInbound(numberId: string, remote: string, text: string | null, media?: DemoMediaSeed[]): DemoText;
  setRead(numberId: string, textId: string, isRead: boolean): void;
  deleteText(numberId: string, textId: string): void;
  /** Changes the text and its updated_at, as an edit made elsewhere would. */
  editText(numberId: string, textId: string, text: string): void;
  /** Afterwards every route of that number answers 404. */
  releaseNumber(numberId: string): void;
  /** /api requests received so far, faulted ones included; media requests are not counted. */
  requestCount(): number;
  /** One live-mode arrival, now. */
  tickLive(): DemoText;
  /** Makes a number toll-free (receive-only) or local again, as GET /numbers then says. */
  setNumberType(numberId: string, type: 'local' | 'toll_free'): void;
  /** Sets the number's sms_status; while pending it answers sends with 409 sender_sms_pending. */
  setSmsStatus(numberId: string, status: 'ready' | 'pending'): void;
  /** Texts accepted by POST /numbers/{id}/texts so far (every one, answered or not). */
  sentTexts(numberId: string): DemoText[];
  /** POST /numbers/{id}/texts requests received so far, accepted or not. */
  sendRequestCount(): number;
}
