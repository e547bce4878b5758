import ICAL from 'ical.js';

export interface ContactCard {
  name: string | null;
  numbers: string[];
  emails: string[];
}

/** Bigger than any contact card people send; a file this size is not read into the page. */
export const maxCardBytes = 256 * 1024;

/**
 * The contacts in a vCard file (one or several), read with ical.js. The file comes from whoever
 * texted it: anything that does not parse gives an empty list, never a throw, and only the
 * name, phone numbers and e-mail addresses are taken, as plain strings.
 */
export function parseContactCards(text: string): ContactCard[] {
  if (text.length > maxCardBytes) return [];
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch {
    return [];
  }
  // One card parses to a component, several to a list of them.
  const list = Array.isArray(parsed) && typeof parsed[0] !== 'string' ? parsed : [parsed];
  const cards: ContactCard[] = [];
  for (const jcal of list) {
    try {
      const component = new ICAL.Component(jcal as unknown as [string, unknown[], unknown[]] as never);
      if (component.name !== 'vcard') continue;
      const value = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
      const fn = value(component.getFirstPropertyValue('fn'));
      const structured = component.getFirstPropertyValue('n');
      const fromN = Array.isArray(structured) ? [structured[1], structured[0]].map(value).filter(Boolean).join(' ') : '';
      const numbers = component.getAllProperties('tel').map((p) => value(p.getFirstValue()).replace(/^tel:/i, '')).filter(Boolean);
      const emails = component.getAllProperties('email').map((p) => value(p.getFirstValue()).replace(/^mailto:/i, '')).filter(Boolean);
      cards.push({ name: fn || fromN || null, numbers: numbers.slice(0, 10), emails: emails.slice(0, 10) });
    } catch {
      // One malformed card among several: skip it, keep the others.
    }
  }
  return cards;
}
