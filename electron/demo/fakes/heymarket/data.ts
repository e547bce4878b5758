import { createRandom } from '../../../demo/inkbox/random';

/**
 * The Heymarket fake's state and its seeded data: team inboxes, conversations keyed by
 * (inbox, target) and messages. Phones are kept as Heymarket writes them, digits with the
 * country code and no '+' (14155551234). Times are whole seconds, as Heymarket sends them, so
 * texts share timestamps (a broadcast goes to several people in the same second): exactly the
 * ties a cursor client must survive.
 */

export interface FakeInbox {
  id: number;
  name: string;
  phones: string[];
  phone: string;
  created: string;
}

export interface FakeConversation {
  id: number;
  inbox: number;
  target: string;
  read: boolean;
  status: 'open' | 'closed';
  createdMs: number;
  updatedMs: number;
}

export interface FakeMessage {
  id: number;
  inbox: number;
  target: string;
  text: string;
  /** Key of a media asset the fake serves, or null. */
  mediaKey: string | null;
  status: 'received' | 'sent' | 'delivered' | 'failed';
  dateMs: number;
  updatedMs: number;
  /** The team member who wrote an outbound text; null for inbound texts. */
  user: number | null;
  author: string | null;
  broadcastId: number | null;
  flagged: boolean;
  localId: string | null;
}

export interface FakeState {
  inboxes: FakeInbox[];
  conversations: Map<string, FakeConversation>;
  messages: FakeMessage[];
  nextMessageId: number;
  nextConversationId: number;
  nextBroadcastId: number;
}

export const teamMembers: readonly { id: number; author: string }[] = [
  { id: 7001, author: 'Dana (front desk)' },
  { id: 7002, author: 'Marco (service)' },
  { id: 7003, author: 'Priya (billing)' },
  { id: 7004, author: 'Sam (owner)' },
];

const inboundLines = [
  'Hi, is my car ready yet?',
  'Can I move my appointment to Thursday?',
  'Thanks! See you then.',
  'What time do you close today?',
  'Do you take Apple Pay?',
  'Running 10 minutes late, sorry',
  'Got the invoice, paying tonight.',
  'Is there parking out front?',
  'Here is the photo of the damage',
  'Can someone call me back?',
  '¿Tienen cita el sábado?',
  'ok 👍',
];

const outboundLines = [
  'Yes, it will be ready by 4 pm.',
  'Done, you are booked for Thursday at 10.',
  'We close at 6 today.',
  'We do! Contactless is fine.',
  'No problem, see you soon.',
  'Here is your invoice for this visit.',
  'Sure, someone will call within the hour.',
  'Sí, tenemos cita a las 11.',
];

const broadcastLines = [
  'Reminder: we are closed Monday for the holiday.',
  'Spring special: 20% off detailing this week.',
];

const MINUTE = 60_000;

export function conversationKey(inbox: number, target: string): string {
  return `${inbox}:${target}`;
}

/** Whole seconds: Heymarket's timestamps carry no milliseconds. */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function seedState(seed: number, size: 'tiny' | 'small', nowMs: number): FakeState {
  const random = createRandom(seed, 'data');
  const inboxCount = size === 'tiny' ? 1 : 2;
  const conversationCount = size === 'tiny' ? 12 : 40;
  const state: FakeState = {
    inboxes: [],
    conversations: new Map(),
    messages: [],
    nextMessageId: 500_001,
    nextConversationId: 90_001,
    nextBroadcastId: 301,
  };
  const names = ['Front desk', 'Service bay'];
  for (let i = 0; i < inboxCount; i++) {
    const phone = `1415555${String(100 + i * 11).padStart(4, '0')}`;
    state.inboxes.push({
      id: 4101 + i,
      name: names[i] ?? `Inbox ${i + 1}`,
      phones: [phone],
      phone,
      created: new Date(toSeconds(nowMs - 400 * 24 * 60 * MINUTE)).toISOString(),
    });
  }

  const start = toSeconds(nowMs - 30 * 24 * 60 * MINUTE);
  const targets: { inbox: number; target: string }[] = [];
  for (let i = 0; i < conversationCount; i++) {
    const inbox = state.inboxes[i % inboxCount]!;
    targets.push({ inbox: inbox.id, target: `1${random.pick(['415', '510', '628', '650'])}${random.digits(7, true)}` });
  }

  // Each conversation: a few exchanges spread over the month.
  const drafts: Omit<FakeMessage, 'id'>[] = [];
  for (const { inbox, target } of targets) {
    let at = start + random.int(0, 20 * 24 * 60) * MINUTE;
    const exchanges = random.int(1, size === 'tiny' ? 4 : 5);
    for (let e = 0; e < exchanges; e++) {
      const inbound = random.int(1, 2);
      for (let k = 0; k < inbound; k++) {
        at += random.int(1, 90) * MINUTE;
        drafts.push(inboundDraft(inbox, target, random.pick(inboundLines), toSeconds(at), random.chance(0.15) ? mediaKeyFor(random.int(0, 7)) : null));
      }
      // The last exchange of some conversations waits for a reply: those stay unread.
      if (e === exchanges - 1 && random.chance(0.35)) break;
      at += random.int(1, 120) * MINUTE;
      const member = random.pick(teamMembers);
      drafts.push(outboundDraft(inbox, target, random.pick(outboundLines), toSeconds(at), member, null));
    }
  }
  // Broadcasts: one text to several customers of an inbox in the same second.
  for (const [index, line] of broadcastLines.entries()) {
    const inbox = state.inboxes[index % inboxCount]!;
    const at = toSeconds(start + (10 + index * 7) * 24 * 60 * MINUTE);
    const broadcastId = state.nextBroadcastId++;
    const member = teamMembers[3]!;
    for (const t of targets.filter((x) => x.inbox === inbox.id).slice(0, 5)) {
      drafts.push(outboundDraft(inbox.id, t.target, line, at, member, broadcastId));
    }
  }
  drafts.sort((a, b) => a.dateMs - b.dateMs);
  for (const draft of drafts) {
    const message: FakeMessage = { ...draft, id: state.nextMessageId++ };
    state.messages.push(message);
    const conversation = ensureConversation(state, message.inbox, message.target, message.dateMs);
    conversation.updatedMs = message.dateMs;
    // A team member answering reads the conversation; a customer writing makes it unread.
    conversation.read = message.user !== null;
  }
  // Some conversations were read without an answer.
  for (const conversation of state.conversations.values()) {
    if (!conversation.read && random.chance(0.25)) conversation.read = true;
  }
  return state;
}

export function ensureConversation(state: FakeState, inbox: number, target: string, atMs: number): FakeConversation {
  const key = conversationKey(inbox, target);
  let conversation = state.conversations.get(key);
  if (!conversation) {
    conversation = { id: state.nextConversationId++, inbox, target, read: true, status: 'open', createdMs: atMs, updatedMs: atMs };
    state.conversations.set(key, conversation);
  }
  return conversation;
}

export function inboundDraft(inbox: number, target: string, text: string, atMs: number, mediaKey: string | null): Omit<FakeMessage, 'id'> {
  return {
    inbox,
    target,
    text,
    mediaKey,
    status: 'received',
    dateMs: atMs,
    updatedMs: atMs,
    user: null,
    author: null,
    broadcastId: null,
    flagged: false,
    localId: null,
  };
}

export function outboundDraft(
  inbox: number,
  target: string,
  text: string,
  atMs: number,
  member: { id: number; author: string },
  broadcastId: number | null,
): Omit<FakeMessage, 'id'> {
  return {
    inbox,
    target,
    text,
    mediaKey: null,
    status: 'delivered',
    dateMs: atMs,
    updatedMs: atMs,
    user: member.id,
    author: member.author,
    broadcastId,
    flagged: false,
    localId: `web-${inbox}-${atMs}-${target.slice(-4)}`,
  };
}

/** Media keys name one of the demo's real images: `<kind>-<index>.<ext>`. */
export function mediaKeyFor(n: number): string {
  return n % 4 === 3 ? `jpeg-${n % 2}.jpg` : `png-${n % 6}.png`;
}
