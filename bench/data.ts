import type { RemoteMessage } from '../electron/core/providers/types';

/**
 * The benchmark's data set: a pure function of (index, size), so it is the same on every run
 * and every machine, and a text can be generated again later (the incremental-upsert pass
 * re-sends existing texts) without holding a million objects in memory.
 *
 * 3 numbers, 5,000 conversations with Zipf-distributed sizes (the largest holds about a tenth
 * of all texts, most hold a handful), 10% MMS, English, Spanish with accents, Chinese,
 * Japanese and emoji. Index 0 is the newest text: history arrives newest first, as Inkbox
 * lists it.
 */

export const numbers = ['+15550001000', '+15550002000', '+15550003000'] as const;
export const conversationCount = 5000;
/** The party whose number also appears inside texts: the phone-number query looks for it. */
export const knownParty = '+15550104242';
export const newestMs = Date.UTC(2026, 0, 1);
const spanMs = 3 * 365 * 24 * 3600 * 1000;

function hash(n: number): number {
  let x = (n ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** A deterministic stream of numbers in [0, 1) for one text. */
function randomFor(index: number, salt = 0): () => number {
  let state = hash(index * 7919 + salt * 104729 + 1);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cumulative Zipf weights over conversation ranks (exponent 1). */
const zipf = (() => {
  const weights = Array.from({ length: conversationCount }, (_, rank) => 1 / (rank + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  return weights.map((w) => (sum += w / total));
})();

function pickConversation(u: number): number {
  let lo = 0;
  let hi = zipf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (zipf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function remoteOf(conversation: number): string {
  if (conversation === 7) return knownParty;
  return `+1555${String(2000000 + conversation).padStart(7, '0')}`;
}

export function numberOf(conversation: number): number {
  return conversation % numbers.length;
}

const names = ['Ana', 'José', 'Zoë', 'Müller', 'Chloé', 'Liam', 'Noah', 'Sofía', 'Renée', 'Björn'];
const english = [
  'Thanks, see you tomorrow at {time}.',
  'Your appointment with {name} is confirmed for {time}.',
  'Can you send me the invoice for order {num}?',
  'I will be there in {num} minutes, sorry for the delay.',
  'Did you get my last message about the delivery?',
  'The payment of ${num}.00 has been received, thank you!',
  'Please call me back when you have a moment.',
  'We are so disappointed the meeting moved again.',
  'Here is the link: https://portal.example.com/orders/{num}?ref=sms',
  "Don't forget the keys, they're on the kitchen table.",
  'Great news, the contract was signed today.',
  'Is the café on Main Street still open?',
  'Reminder: rent is due on the first of the month.',
  "Let's reschedule the call with {name} to next week.",
];
const spanish = [
  'Gracias, nos vemos mañana a las {time}.',
  'Tu cita con {name} está confirmada para el miércoles.',
  '¿Puedes enviarme la factura del pedido {num}?',
  'Llegaré en {num} minutos, perdón por el retraso.',
  'El café de la esquina está cerrado por reformas.',
  'Ya recibí el pago, muchísimas gracias.',
  '¿Cuándo podemos hablar sobre la canción nueva?',
];
const chinese = ['我们明天在北京见面。', '请把发票发给我，谢谢！', '会议改到下午三点了。', '你到东京了吗？', '今天的天气很好。'];
const japanese = [
  '明日は東京駅で会いましょう。',
  '請求書を送っていただけますか？',
  'ありがとうございます、また連絡します。',
  '会議は午後三時に変更になりました。',
  '東京の天気はどうですか？',
];
const emoji = ['🎉🎉 congrats!', 'ok 👍', '😂😂😂', 'see you soon ❤️', '🙏 thank you'];

function fill(template: string, random: () => number): string {
  return template
    .replace('{time}', `${1 + Math.floor(random() * 12)}:${random() < 0.5 ? '00' : '30'}`)
    .replace('{name}', names[Math.floor(random() * names.length)]!)
    .replace('{num}', String(Math.floor(random() * 100000)));
}

function textFor(random: () => number): string {
  const language = random();
  const pool = language < 0.55 ? english : language < 0.75 ? spanish : language < 0.85 ? chinese : language < 0.95 ? japanese : emoji;
  const sentences = 1 + Math.floor(random() * 3);
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) parts.push(fill(pool[Math.floor(random() * pool.length)]!, random));
  let text = parts.join(' ');
  if (random() < 1 / 20000) text += ' The zeppelin tickets are booked.';
  if (random() < 1 / 5000) text += ' Call Dana at (555) 010-4242.';
  return text;
}

export interface GeneratedText {
  numberIndex: number;
  conversation: number;
  text: RemoteMessage;
}

/** Text `index` of a data set of `size`, with its read state flipped when `flipRead`. */
export function generateText(index: number, size: number, flipRead = false): GeneratedText {
  const random = randomFor(index);
  const conversation = pickConversation(random());
  const numberIndex = numberOf(conversation);
  const createdMs = newestMs - Math.floor((index / size) * spanMs) - Math.floor(random() * 1000);
  const createdAt = new Date(createdMs).toISOString();
  const mms = random() < 0.1;
  const kind = random();
  const contentType = kind < 0.6 ? 'image/jpeg' : kind < 0.75 ? 'video/mp4' : kind < 0.85 ? 'audio/mpeg' : 'application/pdf';
  const body = mms && random() < 0.3 ? null : textFor(random);
  const isRead = (random() < 0.95) !== flipRead;
  return {
    numberIndex,
    conversation,
    text: {
      id: `bench-${index}`,
      direction: random() < 0.5 ? 'inbound' : 'outbound',
      localPhoneNumber: numbers[numberIndex]!,
      remotePhoneNumber: remoteOf(conversation),
      text: body,
      type: mms ? 'mms' : 'sms',
      media: mms ? [{ contentType, size: 1000 + Math.floor(random() * 500000), url: `https://media.example.com/${index}` }] : [],
      isRead,
      status: 'active',
      createdAt,
      updatedAt: createdAt,
      conversationId: null,
      deliveryStatus: null,
    },
  };
}

const givenNames = ['Ana', 'José', 'Zoë', 'Liam', 'Chloé', 'Noah', 'Sofía', 'Renée', 'Björn', 'Mei', 'Hiro', 'Jane'];
const familyNames = ['Müller', 'García', 'Doe', 'Okafor', 'Tanaka', 'Wang', 'Brooks', "O'Neill", 'Núñez', 'Kim'];

/**
 * `count` address book entries: every party of the data set (conversation order), then phones
 * that never texted. Names are a pure function of the index, so runs compare.
 */
export function benchContacts(count: number): { phone: string; name: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const random = randomFor(i, 15);
    const phone = i < conversationCount ? remoteOf(i) : `+1555${String(7000000 + i).padStart(7, '0')}`;
    return { phone, name: `${givenNames[Math.floor(random() * givenNames.length)]} ${familyNames[Math.floor(random() * familyNames.length)]} ${i}` };
  });
}
