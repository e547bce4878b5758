import { personFor } from '../people';
import { mediaCatalogue } from '../../../demo/inkbox/media/assets';
import type { Random } from '../../../demo/inkbox/random';
import type {
  LinqChat,
  LinqHandle,
  LinqMessage,
  LinqPart,
  LinqPhoneNumber,
  LinqReaction,
  LinqReactionType,
  LinqService,
} from './wire';

/**
 * The fake's seeded data: phone numbers, 1:1 and group chats over iMessage, SMS and RCS, and
 * messages with several parts (text with decorations, images, links), tapbacks, effects and
 * replies. Media parts point at real image bytes from the demo's catalogue; their URLs are
 * signed when served, so `url` is left empty here.
 */

export interface StoredMedia {
  bytes: Buffer;
  mimeType: string;
}

export interface LinqDataset {
  numbers: LinqPhoneNumber[];
  chats: LinqChat[];
  /** Per chat, oldest first. */
  messages: Map<string, LinqMessage[]>;
  media: Map<string, StoredMedia>;
}

export type LinqFakeSize = 'tiny' | 'small';

const sizes: Record<LinqFakeSize, { numbers: number; chats: number; messages: [number, number] }> = {
  tiny: { numbers: 1, chats: 12, messages: [3, 14] },
  small: { numbers: 2, chats: 40, messages: [4, 45] },
};

const lines = [
  'Hi! Is the 3pm slot still open tomorrow?',
  'Yes, we have you down for 3pm.',
  'Can you send a photo of the damage?',
  'Here it is, the crack runs along the left side',
  'Thanks, we will bring the right part.',
  'Running 10 minutes late, sorry!',
  'No problem, see you soon.',
  'Do you take cards?',
  'We take cards and Apple Pay.',
  'What time do you close on Saturdays?',
  'Saturdays we close at 4.',
  'Perfect, thank you 🙏',
  'Can we move it to next week?',
  'Sure, Tuesday or Wednesday?',
  'Wednesday works.',
  'Invoice attached, due in 14 days.',
  'Got it, paying today.',
  'Is parking available nearby?',
  'There is a lot behind the building.',
  'Great job today, everyone was happy',
  'Who is bringing the ladder?',
  'I can pick it up on the way',
  '¿Tienen citas el domingo?',
  '明天下午可以吗？',
];

const links = ['https://maps.apple.com/?q=Main+St', 'https://example.com/invoice/4821', 'https://example.com/menu'];
const groupNames = ['Renovation crew', 'Front desk', 'Weekend shift', null, 'Smith family order', null];
const effects = [
  { name: 'confetti', type: 'screen' as const },
  { name: 'slam', type: 'bubble' as const },
  { name: 'lasers', type: 'screen' as const },
];
const reactionTypes: LinqReactionType[] = ['love', 'like', 'dislike', 'laugh', 'emphasize', 'question', 'custom'];
const customEmoji = ['🔥', '🎉', '👀', '✅'];

export function buildDataset(random: Random, size: LinqFakeSize, endMs: number): LinqDataset {
  const shape = sizes[size];
  const numbers: LinqPhoneNumber[] = [];
  for (let n = 0; n < shape.numbers; n++) {
    numbers.push({
      id: random.uuid(),
      phone_number: `+1555010${String(1000 + n * 37).padStart(4, '0')}`,
      health_status: { doc_url: 'https://docs.linqapp.com/guides/health', status: 'HEALTHY' },
      reputation: { doc_url: 'https://docs.linqapp.com/guides/reputation', status: 'HEALTHY' },
      forwarding_number: null,
    });
  }

  const media = new Map<string, StoredMedia>();
  const pictures = [...(mediaCatalogue().get('png') ?? []), ...(mediaCatalogue().get('jpeg') ?? [])];
  const chats: LinqChat[] = [];
  const messages = new Map<string, LinqMessage[]>();
  const usedRemotes = new Set<string>();
  const freshRemote = (): string => {
    for (;;) {
      const remote = `+1${random.pick(['415', '628', '510', '212'])}555${random.digits(4)}`;
      if (!usedRemotes.has(remote)) {
        usedRemotes.add(remote);
        return remote;
      }
    }
  };

  for (let c = 0; c < shape.chats; c++) {
    const number = numbers[c % numbers.length]!;
    const isGroup = random.chance(0.25);
    const service: LinqService = isGroup ? 'iMessage' : random.weighted([['iMessage', 5], ['SMS', 3], ['RCS', 2]] as const);
    const count = random.int(shape.messages[0], shape.messages[1]);
    // Chats end at different times, up to 30 days before the fake's clock.
    const lastMs = endMs - 60_000 - random.int(0, 30 * 24) * 3_600_000 - random.int(0, 3_599) * 1000;
    const firstMs = lastMs - count * random.int(5, 240) * 60_000;
    const joinedAt = new Date(firstMs - 86_400_000).toISOString();
    const handle = (value: string, isMe: boolean): LinqHandle => ({
      id: random.uuid(),
      handle: value,
      service,
      is_me: isMe,
      status: 'active',
      joined_at: joinedAt,
      left_at: null,
    });
    const me = handle(number.phone_number, true);
    const others = Array.from({ length: isGroup ? random.int(2, 4) : 1 }, () => handle(freshRemote(), false));
    const chat: LinqChat = {
      id: random.uuid(),
      // A one-to-one chat is named after the person where the fake knows them, as Linq shows a contact.
      display_name: isGroup ? random.pick(groupNames) : personName(others[0]!.handle) ?? others.map((o) => o.handle).join(', '),
      handles: [me, ...others],
      is_group: isGroup,
      is_archived: false,
      service,
      health_status: { doc_url: 'https://docs.linqapp.com/guides/chats/chat-health', status: 'HEALTHY', updated_at: joinedAt },
      group_chat_icon: null,
      created_at: joinedAt,
      updated_at: new Date(lastMs).toISOString(),
    };
    const list: LinqMessage[] = [];
    // The newest inbound texts of about half the chats are still unread.
    const unreadTail = random.chance(0.5) ? random.int(1, 3) : 0;
    for (let m = 0; m < count; m++) {
      const at = m === count - 1 ? lastMs : firstMs + Math.round(((lastMs - firstMs) * m) / (count - 1 || 1));
      const fromMe = random.chance(0.45);
      const from = fromMe ? me : random.pick(others);
      const parts = buildParts(random, media, pictures);
      const unread = !fromMe && m >= count - unreadTail;
      const iso = new Date(at).toISOString();
      const message: LinqMessage = {
        id: random.uuid(),
        chat_id: chat.id,
        created_at: iso,
        updated_at: iso,
        sent_at: iso,
        delivered_at: iso,
        read_at: unread ? null : new Date(at + 60_000).toISOString(),
        is_read: !unread,
        is_delivered: true,
        delivery_status: fromMe ? 'delivered' : 'received',
        is_from_me: fromMe,
        from: from.handle,
        from_handle: from,
        service,
        preferred_service: null,
        effect: service === 'iMessage' && random.chance(0.05) ? random.pick(effects) : null,
        reply_to: list.length > 0 && random.chance(0.08) ? { message_id: random.pick(list).id, part_index: 0 } : null,
        parts,
      };
      if (random.chance(0.18)) {
        const partIndex = random.int(0, parts.length - 1);
        const reactor = fromMe ? random.pick(others) : me;
        addReaction(message, partIndex, reactionFrom(random, reactor));
      }
      list.push(message);
    }
    chats.push(chat);
    messages.set(chat.id, list);
  }
  return { numbers, chats, messages, media };
}

function buildParts(random: Random, media: Map<string, StoredMedia>, pictures: { bytes: Buffer; contentType: string; extension: string }[]): LinqPart[] {
  const shape = random.weighted([['text', 70], ['textAndImage', 12], ['images', 6], ['link', 6], ['decorated', 6]] as const);
  const text = (value: string): LinqPart => ({ type: 'text', value, text_decorations: null, reactions: null });
  const image = (): LinqPart => {
    const asset = random.pick(pictures);
    const id = random.uuid();
    media.set(id, { bytes: asset.bytes, mimeType: asset.contentType });
    return {
      type: 'media',
      id,
      filename: `IMG_${random.digits(4, true)}.${asset.extension}`,
      mime_type: asset.contentType,
      size_bytes: asset.bytes.length,
      url: '',
      reactions: null,
    };
  };
  switch (shape) {
    case 'text':
      return [text(random.pick(lines))];
    case 'textAndImage':
      return [text(random.pick(lines)), image()];
    case 'images':
      return Array.from({ length: random.int(2, 3) }, image);
    case 'link':
      return [text('Here is the link'), { type: 'link', value: random.pick(links), reactions: null }];
    case 'decorated': {
      const value = random.pick(lines);
      return [{ type: 'text', value, text_decorations: [{ range: [0, Math.min(5, value.length)], style: 'bold' }], reactions: null }];
    }
  }
}

export function reactionFrom(random: Random, handle: LinqHandle, type?: LinqReactionType): LinqReaction {
  const chosen = type ?? random.pick(reactionTypes);
  return {
    handle,
    is_me: handle.is_me,
    type: chosen,
    custom_emoji: chosen === 'custom' ? random.pick(customEmoji) : null,
    sticker: null,
  };
}

/** One reaction per handle and part: a new tapback replaces that handle's previous one. */
export function addReaction(message: LinqMessage, partIndex: number, reaction: LinqReaction): void {
  const part = message.parts[partIndex];
  if (!part) throw new Error(`message ${message.id} has no part ${partIndex}`);
  part.reactions = [...(part.reactions ?? []).filter((r) => r.handle.handle !== reaction.handle.handle), reaction];
}

function personName(phone: string): string | null {
  const person = personFor(phone);
  return person && `${person.first} ${person.last}`;
}
