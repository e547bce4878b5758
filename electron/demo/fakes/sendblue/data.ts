import { mediaCatalogue } from '../../../demo/inkbox/media/assets';
import { createRandom, type Random } from '../../../demo/inkbox/random';

/**
 * The seeded data of the Sendblue fake: a message as the fake stores it (its own times in ms,
 * from which the wire shape is rendered) and the generator of lines and conversations.
 */

export type SendblueService = 'iMessage' | 'SMS' | 'RCS';
export type SendblueStatus =
  | 'REGISTERED'
  | 'PENDING'
  | 'SENT'
  | 'DELIVERED'
  | 'RECEIVED'
  | 'QUEUED'
  | 'ERROR'
  | 'DECLINED'
  | 'ACCEPTED'
  | 'SUCCESS';

export interface StoredMessage {
  handle: string;
  sendblueNumber: string;
  /** The other party of a 1:1 conversation, or the sender of an inbound group message. */
  party: string;
  isOutbound: boolean;
  content: string;
  mediaKey: string | null;
  service: SendblueService;
  wasDowngraded: boolean;
  status: SendblueStatus;
  createdMs: number;
  updatedMs: number;
  group: { id: string; displayName: string | null; participants: string[] } | null;
  /** Sent through the API: its status moves on by itself. */
  viaApi?: { atMs: number; fails: boolean };
}

export interface MediaObject {
  bytes: Buffer;
  contentType: string;
  createdMs: number;
}

export interface SeededData {
  lines: string[];
  messages: StoredMessage[];
  media: Map<string, MediaObject>;
}

const inboundLines = [
  'Hi, is the store open on Sunday?',
  'Can I move my appointment to Thursday?',
  'Thanks, got it!',
  'What is the total with delivery?',
  'Running 10 minutes late, sorry',
  'Do you have the blue one in stock?',
  'Perfect, see you then',
  'Could you send the invoice again?',
  'Is parking available nearby?',
  'Love it, thank you 🙏',
];
const outboundLines = [
  'Yes, we are open 10 to 4 on Sundays.',
  'Done: Thursday at 3 pm. See you!',
  'Here is the photo you asked for.',
  'Total is $84.50 including delivery.',
  'No problem, we will hold your table.',
  'We have two left, shall I reserve one?',
  'Invoice sent to your email.',
  'There is a garage across the street.',
];

/** Deterministic for a seed and a clock: every message lies within the last 25 days. */
export function seedData(seed: number, size: 'tiny' | 'small', now: number): SeededData {
  const random = createRandom(seed, 'data');
  const lines = size === 'tiny' ? [`+1415${random.digits(7, true)}`] : [`+1415${random.digits(7, true)}`, `+1628${random.digits(7, true)}`];
  const conversations = size === 'tiny' ? 12 : 40;
  const messages: StoredMessage[] = [];
  const media = new Map<string, MediaObject>();
  const pictures = [...(mediaCatalogue().get('png') ?? []), ...(mediaCatalogue().get('jpeg') ?? [])];
  const start = now - 25 * 86_400_000;

  for (let c = 0; c < conversations; c++) {
    const line = lines[c % lines.length]!;
    const isGroup = c === 3 || (size === 'small' && c === 17);
    const party = `+1${random.int(201, 989)}${random.digits(7, true)}`;
    const participants = isGroup ? [party, `+1${random.int(201, 989)}${random.digits(7, true)}`, `+1${random.int(201, 989)}${random.digits(7, true)}`] : [];
    const group = isGroup
      ? { id: random.uuid(), displayName: c === 3 ? 'Weekend crew' : null, participants: [line, ...participants] }
      : null;
    const service = random.weighted<SendblueService>([
      ['iMessage', 6],
      ['SMS', 3],
      ['RCS', 1],
    ]);
    let at = start + random.int(0, 20 * 86_400_000);
    const count = random.int(3, 10);
    for (let m = 0; m < count; m++) {
      at += random.int(20_000, 6 * 3_600_000);
      if (at > now - 60_000) at = now - 60_000 - (count - m) * 1000;
      const isOutbound = random.chance(0.45);
      const downgraded = service === 'iMessage' && random.chance(0.1);
      const withMedia = random.chance(0.12);
      const handle = random.uuid();
      let mediaKey: string | null = null;
      if (withMedia) {
        const picture = random.pick(pictures);
        mediaKey = `${handle}.${picture.extension}`;
        media.set(mediaKey, { bytes: picture.bytes, contentType: picture.contentType, createdMs: at });
      }
      const sender = group && !isOutbound ? random.pick(participants) : party;
      messages.push({
        handle,
        sendblueNumber: line,
        party: sender,
        isOutbound,
        content: withMedia && random.chance(0.5) ? '' : random.pick(isOutbound ? outboundLines : inboundLines),
        mediaKey,
        service: downgraded ? 'SMS' : service,
        wasDowngraded: downgraded,
        status: isOutbound ? random.weighted<SendblueStatus>([['DELIVERED', 8], ['SENT', 2], ['ERROR', 1]]) : 'RECEIVED',
        createdMs: at,
        updatedMs: at + (isOutbound ? random.int(500, 5000) : 0),
        group,
      });
    }
  }
  messages.sort((a, b) => a.createdMs - b.createdMs);
  return { lines, messages, media };
}

export function newHandle(random: Random): string {
  return random.uuid();
}
