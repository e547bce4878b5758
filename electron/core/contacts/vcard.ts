import ICAL from 'ical.js';
import { cleanName, displayName } from './names';

/**
 * vCard files as Apple Contacts and Google Contacts export them: 3.0 or 4.0 (RFC 6350), many
 * cards per file. Each card is parsed on its own (ical.js reads both versions), so one broken
 * card is reported and skipped instead of costing the whole file.
 */

export interface ParsedCard {
  name: string | null;
  /** As written on the card: "(415) 555-0100", "tel:+1-415-555-0100". */
  phones: string[];
}

export interface ParsedBook {
  cards: ParsedCard[];
  /** Cards that could not be read, with why. */
  problems: string[];
  /** How many BEGIN:VCARD blocks the file had. */
  total: number;
}

export function parseVcards(text: string): ParsedBook {
  const blocks = splitCards(text.replace(/^\uFEFF/, ''));
  const cards: ParsedCard[] = [];
  const problems: string[] = [];
  blocks.forEach((block, index) => {
    try {
      const parsed = ICAL.parse(block) as unknown[];
      const roots = Array.isArray(parsed[0]) ? (parsed as unknown[][]) : [parsed];
      for (const root of roots) {
        const component = new ICAL.Component(root as never);
        if (component.name !== 'vcard') continue;
        cards.push(readCard(component));
      }
    } catch (error) {
      problems.push(`Card ${index + 1} could not be read (${(error as Error).message.split('\n')[0]!.slice(0, 120)}).`);
    }
  });
  return { cards, problems, total: blocks.length };
}

/** The file's BEGIN:VCARD … END:VCARD blocks, line folding kept (a continuation starts with a space). */
function splitCards(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] | null = null;
  for (const line of text.split(/\r\n|\n|\r/)) {
    const upper = line.trim().toUpperCase();
    if (upper === 'BEGIN:VCARD') current = [line.trim()];
    else if (current && upper === 'END:VCARD') {
      current.push(line.trim());
      blocks.push(`${current.join('\r\n')}\r\n`);
      current = null;
    } else if (current) current.push(line);
  }
  return blocks;
}

function readCard(card: ICAL.Component): ParsedCard {
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const n = card.getFirstPropertyValue('n') as unknown;
  const [family, given] = Array.isArray(n) ? n.map((part) => (Array.isArray(part) ? part.join(' ') : text(part))) : [null, null];
  const org = card.getFirstPropertyValue('org') as unknown;
  const company = Array.isArray(org) ? text(org[0]) : text(org);
  const name =
    cleanName(text(card.getFirstPropertyValue('fn'))) ?? displayName({ given, family, company });
  const phones = card
    .getAllProperties('tel')
    .map((property) => text(property.getFirstValue()))
    .filter((value): value is string => value !== null)
    .map((value) => value.replace(/^tel:/i, '').replace(/;.*$/, '').trim())
    .filter((value) => value !== '');
  return { name, phones };
}
