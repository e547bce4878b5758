import type { Random } from '../random';
import type { DemoMediaKind } from '../types';
import { businessWords, words } from './vocabulary';
import type { Business, Locale } from './scripts';

/** Who the business is talking to; fixed for the whole conversation. */
export interface Party {
  remote: string;
  locale: Locale;
  name: string;
  surname: string;
  /** Short codes only send alerts and are never answered. */
  shortCode: boolean;
}

export interface RenderedLine {
  direction: 'inbound' | 'outbound';
  text: string | null;
  media: DemoMediaKind[];
}

const markerPattern = /\s*\[(image|png|jpeg|wav|mp4|vcard|pdf)\]\s*/g;

/** Fills one episode: slots that repeat within it ({day}, {time}) keep one value throughout. */
export function renderEpisode(random: Random, lines: readonly string[], party: Party, business: Business): RenderedLine[] {
  const fill = slotFiller(random, party, business);
  const rendered: RenderedLine[] = [];
  for (const line of lines) {
    const optional = line.startsWith('?');
    if (optional && random.chance(0.5)) continue;
    const marked = optional ? line.slice(1) : line;
    rendered.push(renderLine(random, marked.startsWith('<') ? 'inbound' : 'outbound', marked.slice(1).trim(), fill));
  }
  return rendered;
}

/** One standalone line, e.g. a follow-up or an alert. */
export function renderSingle(random: Random, direction: 'inbound' | 'outbound', template: string, party: Party, business: Business): RenderedLine {
  return renderLine(random, direction, template, slotFiller(random, party, business));
}

function renderLine(random: Random, direction: 'inbound' | 'outbound', template: string, fill: (slot: string) => string): RenderedLine {
  const media: DemoMediaKind[] = [];
  const withoutMarkers = template.replace(markerPattern, (_match, marker: string) => {
    media.push(marker === 'image' ? random.pick(['png', 'jpeg'] as const) : (marker as DemoMediaKind));
    return ' ';
  });
  const text = withoutMarkers.trim().replace(/\{(\w+)\}/g, (_match, slot: string) => fill(slot));
  return { direction, text: text === '' ? null : text, media };
}

function slotFiller(random: Random, party: Party, business: Business): (slot: string) => string {
  const vocabulary = words[party.locale];
  const trade = businessWords[business];
  const cache = new Map<string, string>();
  const fresh = (slot: string): string => {
    switch (slot) {
      case 'name':
        return party.name;
      case 'surname':
        return party.surname;
      case 'staff':
        return random.pick(trade.staff);
      case 'day':
        return random.pick(vocabulary.days);
      case 'day2':
        return pickOther(random, vocabulary.days, cache.get('day'));
      case 'time':
        return random.pick(vocabulary.times);
      case 'time2':
        return pickLater(random, vocabulary.times, cache.get('time'));
      case 'item':
        return random.pick(vocabulary.items);
      case 'count':
        return String(random.int(2, 12) * 5);
      case 'minutes':
        return String(random.pick([5, 10, 15, 20, 25]));
      case 'amount':
        return formatDollars(random, trade.amount);
      case 'order':
        return `#${random.digits(5, true)}`;
      case 'address':
        return trade.address;
      case 'code':
        return random.digits(6);
      case 'code4':
        return random.digits(4);
      case 'tracking':
        return `1Z${random.digits(4)}${'ABCDEFGHJKLMNPRSTVWXY'[random.int(0, 20)]}${random.digits(11)}`;
      default:
        throw new Error(`Unknown slot {${slot}} in a demo script`);
    }
  };
  return (slot) => {
    let value = cache.get(slot);
    if (value === undefined) {
      value = fresh(slot);
      cache.set(slot, value);
    }
    return value;
  };
}

function pickOther<T>(random: Random, items: readonly T[], avoid: T | undefined): T {
  for (let attempt = 0; attempt < 8; attempt++) {
    const item = random.pick(items);
    if (item !== avoid) return item;
  }
  return random.pick(items);
}

/** Times are listed in order, so "between {time} and {time2}" reads forwards. */
function pickLater<T>(random: Random, items: readonly T[], after: T | undefined): T {
  const index = after === undefined ? -1 : items.indexOf(after);
  const later = items.slice(index + 1);
  return later.length > 0 ? random.pick(later) : pickOther(random, items, after);
}

function formatDollars(random: Random, [low, high]: readonly [number, number]): string {
  const dollars = String(random.int(low, high)).replace(/\B(?=(\d{3})+$)/g, ',');
  return random.chance(0.5) ? `$${dollars}` : `$${dollars}.${random.pick(['00', '50', '99', '25'])}`;
}
