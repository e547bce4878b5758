import { createRandom, type Random } from './random';
import { mediaCatalogue } from './media/assets';
import { mobileNumber, shortCodes, usNumber, type Country } from '../../demo/inkbox/content/phones';
import { renderEpisode, renderSingle, type Party, type RenderedLine } from '../../demo/inkbox/content/render';
import { followUps, scripts, shortCodeAlerts, type Business, type Locale, type Script } from '../../demo/inkbox/content/scripts';
import { words } from '../../demo/inkbox/content/vocabulary';
import { insertText, type DemoState, type MediaObject, type NumberRecord, type TextRecord } from './state';
import type { DemoMediaKind, DemoSize } from './types';

/**
 * The seeded demo data: three business numbers, each with conversations whose sizes follow a
 * power law (a few regulars with hundreds of texts, many one-off exchanges), spread over the
 * last ~18 months and denser towards now.
 */

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const historySpan = 548 * day;

interface SizeProfile {
  conversations: readonly [number, number];
  shortCodes: number;
  /** Texts per number, roughly. */
  texts: readonly [number, number];
  minLength: number;
  maxLength: number;
}

const profiles: Record<DemoSize, SizeProfile> = {
  tiny: { conversations: [8, 8], shortCodes: 1, texts: [30, 36], minLength: 2, maxLength: 10 },
  small: { conversations: [40, 40], shortCodes: 3, texts: [450, 600], minLength: 2, maxLength: 150 },
  demo: { conversations: [120, 160], shortCodes: 4, texts: [4200, 6000], minLength: 3, maxLength: 1600 },
  // The responsiveness benchmark's first sync (bench/responsive.ts): about 150,000 texts.
  large: { conversations: [1200, 1400], shortCodes: 6, texts: [55000, 59000], minLength: 3, maxLength: 6000 },
};

const businesses: readonly Business[] = ['bakery', 'salon', 'repair'];

/** Chance that a customer's text without a scripted attachment still carries a photo. */
const extraPictureRate = 0.06;
/** Share of conversations ending in 1-5 unanswered, unread texts. */
const pendingRate = 0.08;

export function generateDataset(seed: number, size: DemoSize, now: number): DemoState {
  const random = createRandom(seed, 'data');
  const state: DemoState = { numbers: [], released: new Set(), media: new Map() };
  const usedNumbers = new Set<string>();

  for (const business of businesses) {
    let phone = usNumber(random);
    while (usedNumbers.has(phone)) phone = usNumber(random);
    usedNumbers.add(phone);
    const createdAt = now - random.int(600, 720) * day - random.int(0, day);
    const number: NumberRecord = {
      id: random.uuid(),
      number: phone,
      type: 'local',
      createdAt,
      updatedAt: createdAt + random.int(1, 30) * day,
      business,
      texts: [],
      byId: new Map(),
      parties: new Map(),
      conversationIds: new Map(),
    };
    state.numbers.push(number);
    populateNumber(random, state, number, profiles[size], now);
  }
  return state;
}

function populateNumber(random: Random, state: DemoState, number: NumberRecord, profile: SizeProfile, now: number): void {
  const conversationCount = random.int(...profile.conversations);
  const parties = [...shortCodeParties(random, profile.shortCodes)];
  const remotes = new Set(parties.map((party) => party.remote));
  while (parties.length < conversationCount) {
    const party = newParty(random);
    if (remotes.has(party.remote)) continue;
    remotes.add(party.remote);
    parties.push(party);
  }

  const lengths = powerLawLengths(random, parties.length, random.int(...profile.texts), profile);
  const pending = parties.map((party) => !party.shortCode && random.chance(pendingRate));
  // Every number shows at least one unread conversation, even the tiny ones tests use.
  if (!pending.includes(true)) pending[parties.findIndex((party) => !party.shortCode)] = true;

  parties.forEach((party, index) => {
    number.parties.set(party.remote, party);
    number.conversationIds.set(party.remote, random.uuid());
    const lines = conversationLines(random, party, number.business, lengths[index] ?? profile.minLength);
    const timed = layOut(random, lines, lengths[index] ?? profile.minLength, now);
    if (pending[index]) timed.push(...pendingTail(random, party, number.business, timed, now));
    for (const line of timed) insertText(number, toRecord(random, state, party, line, now));
  });
}

export function newParty(random: Random): Party {
  const country = random.weighted<Country>([
    ['us', 88],
    ['gb', 4],
    ['de', 4],
    ['jp', 4],
  ]);
  const locale: Locale =
    country === 'gb'
      ? 'en'
      : country === 'de'
        ? 'de'
        : country === 'jp'
          ? 'ja'
          : random.weighted<Locale>([
              ['en', 82],
              ['es', 11],
              ['zh', 4],
              ['ja', 1],
              ['de', 2],
            ]);
  return {
    remote: mobileNumber(random, country),
    locale,
    name: random.pick(words[locale].names),
    surname: random.pick(words[locale].surnames),
    shortCode: false,
  };
}

function shortCodeParties(random: Random, count: number): Party[] {
  const pool = [...shortCodes];
  const parties: Party[] = [];
  while (parties.length < count && pool.length > 0) {
    const [code] = pool.splice(random.int(0, pool.length - 1), 1);
    if (code) parties.push({ remote: code, locale: 'en', name: '', surname: '', shortCode: true });
  }
  return parties;
}

/** Pareto-distributed sizes, scaled so the number's total lands near the profile's target. */
function powerLawLengths(random: Random, count: number, total: number, profile: SizeProfile): number[] {
  const weights = Array.from({ length: count }, () => Math.pow(1 - random.next(), -1 / 1.15));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight) => Math.min(profile.maxLength, Math.max(profile.minLength, Math.round((weight / sum) * total))));
}

interface PlannedLine extends RenderedLine {
  /** Lines of one episode are laid out minutes apart; episodes are days apart. */
  episode: number;
}

function conversationLines(random: Random, party: Party, business: Business, target: number): PlannedLine[] {
  const lines: PlannedLine[] = [];
  const pool = scriptPool(party.locale, business);
  for (let episode = 0; lines.length < target; episode++) {
    const rendered = party.shortCode
      ? [renderSingle(random, 'inbound', random.pick(shortCodeAlerts[party.remote] ?? ['Alert {code}']), party, business)]
      : renderEpisode(random, random.weighted(pool.map((script) => [script.lines, script.weight] as const)), party, business);
    for (const line of rendered) {
      if (!party.shortCode && line.direction === 'inbound' && line.media.length === 0 && random.chance(extraPictureRate)) {
        line.media.push(random.pick(['jpeg', 'png'] as const));
      }
      lines.push({ ...line, episode });
    }
  }
  return lines;
}

function scriptPool(locale: Locale, business: Business): Script[] {
  const fitting = scripts[locale].filter((script) => script.business === business || script.business === 'any');
  return fitting.length > 0 ? fitting : scripts.en.filter((script) => script.business === business || script.business === 'any');
}

interface TimedLine extends RenderedLine {
  at: number;
  unread: boolean;
}

/** Episodes start during business hours, denser towards now; replies follow within minutes. */
function layOut(random: Random, lines: PlannedLine[], target: number, now: number): TimedLine[] {
  const episodes = (lines[lines.length - 1]?.episode ?? 0) + 1;
  const depth = Math.min(1, Math.max(Math.pow(random.next(), 0.8), target / 150));
  const span = historySpan * Math.max(0.02, depth);
  const starts = Array.from({ length: episodes }, () => {
    const at = now - span * Math.pow(random.next(), 1.4);
    // 13:00-23:30 UTC is 8am-6:30pm on the US east coast; today's slot may still lie ahead.
    let start = Math.floor(at / day) * day + 13 * hour + random.int(0, 630) * minute + random.int(0, 59_999);
    while (start > now - hour) start -= day;
    return start;
  }).sort((a, b) => a - b);

  const timed: TimedLine[] = [];
  let previous: PlannedLine | undefined;
  let at = 0;
  for (const line of lines) {
    if (!previous || previous.episode !== line.episode) {
      at = Math.max(starts[line.episode] ?? at, at + 2 * minute);
    } else if (previous.direction === line.direction) {
      at += random.int(5_000, 90_000);
    } else {
      at += line.direction === 'outbound' ? random.int(1 * minute, 25 * minute) : random.int(1 * minute, 120 * minute);
    }
    timed.push({ ...line, at, unread: false });
    previous = line;
  }
  // A long last episode can run past now: move the conversation back, not onto one instant.
  const overshoot = at - (now - 90_000);
  if (overshoot > 0) {
    const shift = overshoot + random.int(0, 30 * minute);
    for (const line of timed) line.at -= shift;
  }
  return timed;
}

/** 1-5 texts the customer sent after the last exchange, not read yet. */
function pendingTail(random: Random, party: Party, business: Business, timed: TimedLine[], now: number): TimedLine[] {
  const count = random.weighted([
    [1, 40],
    [2, 25],
    [3, 15],
    [4, 10],
    [5, 10],
  ]);
  const last = timed[timed.length - 1]?.at ?? now - 3 * day;
  // layOut ends every conversation at least 90 s before now, so this window is never empty.
  const windowStart = Math.max(last + 30_000, now - 3 * day);
  const windowEnd = now - 30_000;
  const anchor = windowStart + (windowEnd - windowStart) * (0.3 + 0.7 * random.next());
  const offsets = [0];
  for (let i = 1; i < count; i++) offsets.push((offsets[i - 1] ?? 0) + random.int(30_000, 8 * minute));
  const needed = offsets[offsets.length - 1] ?? 0;
  const room = windowEnd - anchor;
  const scale = needed > room ? room / needed : 1;
  return offsets.map((offset) => {
    const line = renderSingle(random, 'inbound', random.pick(followUps[party.locale]), party, business);
    return { ...line, at: Math.floor(anchor + offset * scale), unread: true };
  });
}

function toRecord(random: Random, state: DemoState, party: Party, line: TimedLine, now: number): TextRecord {
  const id = random.uuid();
  const media = line.media.map((kind, index) => registerMedia(random, state, id, index, kind));
  const inbound = line.direction === 'inbound';
  const isRead = inbound ? !line.unread && !oldUnread(random, party, line, now) : true;
  const settledAt = isRead ? line.at + (inbound ? random.int(minute, 3 * hour) : random.int(2_000, 20_000)) : line.at;
  return {
    id,
    direction: line.direction,
    remote: party.remote,
    text: line.text,
    media,
    isRead,
    deleted: false,
    createdAt: line.at,
    updatedAt: Math.max(line.at, Math.min(now, settledAt)),
    deliveryStatus: inbound ? null : now - line.at < 2 * minute ? 'sent' : 'delivered',
  };
}

/** Recent alerts often sit unread; an old customer text is left unread only rarely. */
function oldUnread(random: Random, party: Party, line: TimedLine, now: number): boolean {
  if (party.shortCode) return now - line.at < 2 * day && random.chance(0.5);
  return random.chance(0.001);
}

export function registerMedia(random: Random, state: DemoState, textId: string, index: number, kind: DemoMediaKind): MediaObject {
  const asset = random.pick(mediaCatalogue().get(kind) ?? []);
  const object: MediaObject = { key: `mms/${textId}/${index}.${asset.extension}`, contentType: asset.contentType, bytes: asset.bytes };
  state.media.set(object.key, object);
  return object;
}
