import { describe, expect, it } from 'vitest';
import { parseContactsCsv, parseCsv } from '../../electron/core/contacts/csv';
import { cleanName, displayName, MAX_NAME_LENGTH } from '../../electron/core/contacts/names';
import { toE164 } from '../../electron/core/contacts/phone';
import { parseVcards } from '../../electron/core/contacts/vcard';

/** As Apple Contacts exports: vCard 3.0, folded lines, item-grouped TELs, a PHOTO. */
const apple = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'PRODID:-//Apple Inc.//macOS 14.0//EN',
  'N:Doe;Jane;;;',
  'FN:Jane Doe',
  'ORG:Acme Dental;',
  'item1.TEL;type=pref:(415) 555-0100',
  'TEL;type=CELL;type=VOICE:+1 628-555-0101',
  'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKD',
  ' A4MDAwNDQ0OEA0NDhAQEBESEg==',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:;;;;',
  'ORG:Pearson Hardman;',
  'TEL;type=WORK:1-404-703-7833',
  'END:VCARD',
].join('\r\n');

/** As Google Contacts exports vCard 4.0 (RFC 6350): tel: URIs, LF line ends. */
const google = [
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Mike Ross',
  'N:Ross;Mike;;;',
  'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-404-555-0199',
  'TEL;VALUE=uri;TYPE=work:tel:+44-20-7183-8750;ext=12',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:No Number',
  'EMAIL:nobody@example.com',
  'END:VCARD',
  '',
].join('\n');

describe('phone numbers are one contact in any written form', () => {
  it('reads (415) 555-0100, +1 415-555-0100 and 1-415-555-0100 as the same E.164 number', () => {
    for (const written of ['(415) 555-0100', '+1 415-555-0100', '1-415-555-0100', '415.555.0100', '14155550100']) {
      expect(toE164(written, 'US')).toBe('+14155550100');
    }
  });

  it("reads a number without a country code in the receiving number's country", () => {
    expect(toE164('020 7183 8750', 'GB')).toBe('+442071838750');
    expect(toE164('07700 900123', 'GB')).toBe('+447700900123');
  });

  it('has no E.164 for short codes, group keys, words or absurd lengths', () => {
    for (const value of ['76934', 'group:abc', 'Jane', '', '+1', '1'.repeat(30), '555-CALL-NOW']) expect(toE164(value, 'US')).toBeNull();
  });
});

describe('names are untrusted', () => {
  it('drops control and bidi-override characters, folds whitespace and caps the length', () => {
    expect(cleanName('  Jane\u0000 \u202eDoe\u202c\n\t ')).toBe('Jane Doe');
    expect(cleanName('\u001b[31mRed\u001b[0m')).toBe('[31mRed [0m');
    const long = cleanName('x'.repeat(10_000))!;
    expect([...long].length).toBe(MAX_NAME_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    expect(cleanName('\u200b\u200f  ')).toBeNull();
    expect(cleanName(42)).toBeNull();
  });

  it('prefers a preferred name, then given and family, then the company', () => {
    expect(displayName({ preferred: 'JD', given: 'Jane', family: 'Doe' })).toBe('JD');
    expect(displayName({ given: 'Jane', family: 'Doe', company: 'Acme' })).toBe('Jane Doe');
    expect(displayName({ family: 'Doe' })).toBe('Doe');
    expect(displayName({ given: ' ', company: 'Acme' })).toBe('Acme');
    expect(displayName({})).toBeNull();
  });
});

describe('vCard files', () => {
  it('reads every card of an Apple 3.0 export: FN, else N, else ORG, and each TEL', () => {
    const book = parseVcards(apple);
    expect(book.total).toBe(2);
    expect(book.problems).toEqual([]);
    expect(book.cards).toEqual([
      { name: 'Jane Doe', phones: ['(415) 555-0100', '+1 628-555-0101'] },
      { name: 'Pearson Hardman', phones: ['1-404-703-7833'] },
    ]);
  });

  it('reads a Google 4.0 export with tel: URIs and keeps a card without a phone for the report', () => {
    const book = parseVcards(google);
    expect(book.cards).toEqual([
      { name: 'Mike Ross', phones: ['+1-404-555-0199', '+44-20-7183-8750'] },
      { name: 'No Number', phones: [] },
    ]);
  });

  it('skips a broken card with a problem and keeps the others', () => {
    const broken = ['BEGIN:VCARD', 'VERSION:4.0', 'FN:Fine', 'TEL:+14155550100', 'END:VCARD', 'BEGIN:VCARD', 'VERSION:4.0', 'this line has no colon', 'END:VCARD'].join('\r\n');
    const book = parseVcards(`${broken}\r\n${apple}`);
    expect(book.total).toBe(4);
    expect(book.cards.map((c) => c.name)).toEqual(['Fine', 'Jane Doe', 'Pearson Hardman']);
    expect(book.problems).toEqual([expect.stringMatching(/^Card 2 could not be read/)]);
  });

  it('reads a thousand cards in one file', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person ${i}\r\nTEL:+1415555${String(i).padStart(4, '0')}\r\nEND:VCARD`).join('\r\n');
    const book = parseVcards(many);
    expect(book.cards).toHaveLength(1000);
    expect(book.cards[999]).toEqual({ name: 'Person 999', phones: ['+14155550999'] });
  });
});

describe('CSV files', () => {
  it('parses RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes, CRLF', () => {
    expect(parseCsv('a,"b ""c""","d,e"\r\n"multi\nline",2,\r\n')).toEqual([
      ['a', 'b "c"', 'd,e'],
      ['multi\nline', '2', ''],
    ]);
  });

  it("reads Google Contacts' current export, several numbers in one cell", () => {
    const csv = [
      'First Name,Middle Name,Last Name,Phonetic First Name,Nickname,Organization Name,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value',
      'Jane,Q.,Doe,,,Acme,Mobile,(415) 555-0100 ::: +1 628 555 0101,Work,+1 404 555 0102',
      ',,,,,Pearson Hardman,Work,1-404-703-7833,,',
      ',,,,,,Mobile,+14155550999,,',
    ].join('\r\n');
    const book = parseContactsCsv(`\uFEFF${csv}`);
    expect(book.total).toBe(3);
    expect(book.cards).toEqual([
      { name: 'Jane Q. Doe', phones: ['(415) 555-0100', '+1 628 555 0101', '+1 404 555 0102'] },
      { name: 'Pearson Hardman', phones: ['1-404-703-7833'] },
      { name: null, phones: ['+14155550999'] },
    ]);
  });

  it("reads Google's older export (Name, Given Name, Family Name, Phone 1 - Type/Value)", () => {
    const csv = ['Name,Given Name,Additional Name,Family Name,Organization 1 - Name,Phone 1 - Type,Phone 1 - Value', 'Mike Ross,Mike,,Ross,,Mobile,+1 404 555 0199'].join('\n');
    expect(parseContactsCsv(csv).cards).toEqual([{ name: 'Mike Ross', phones: ['+1 404 555 0199'] }]);
  });

  it('says so when the file has no phone column', () => {
    expect(parseContactsCsv('Name,Email\nJane,jane@example.com\n').problems).toEqual([expect.stringContaining('no phone column')]);
  });
});
