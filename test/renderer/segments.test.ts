import { describe, expect, it } from 'vitest';
import { countSegments } from '../../renderer/lib/segments';

describe('countSegments', () => {
  it('counts an empty text as no segment', () => {
    expect(countSegments('')).toMatchObject({ encoding: 'GSM-7', units: 0, segments: 0, remaining: 160 });
  });

  it('fits 160 GSM-7 characters in one segment and starts a second at 161, 153 a part', () => {
    expect(countSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, perSegment: 160, remaining: 0 });
    expect(countSegments('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153, remaining: 153 * 2 - 161 });
    expect(countSegments('a'.repeat(306))).toMatchObject({ segments: 2, remaining: 0 });
    expect(countSegments('a'.repeat(307))).toMatchObject({ segments: 3, remaining: 152 });
  });

  it('keeps the GSM-7 basic set, accented letters and Greek capitals in GSM-7', () => {
    const text = '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r';
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', units: [...text].length, unicodeCharacter: null });
  });

  it('counts the extension table (^ { } \\ [ ] ~ | € and form feed) as two septets each', () => {
    const extension = '^{}\\[]~|€\f';
    expect(countSegments(extension)).toMatchObject({ encoding: 'GSM-7', units: 20, segments: 1, remaining: 140 });
    // 80 euro signs are 160 septets: one segment; one more character makes two.
    expect(countSegments('€'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(countSegments('€'.repeat(80) + 'a')).toMatchObject({ units: 161, segments: 2 });
  });

  it('does not split an escape sequence across parts', () => {
    // 152 septets, then a two-septet € that does not fit the first part's last septet.
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(10);
    const count = countSegments(text);
    expect(count.units).toBe(164);
    expect(count.segments).toBe(2);
    expect(count.remaining).toBe(153 - 12);
  });

  it('makes the whole text UCS-2 for one character outside the GSM alphabet, 70 then 67 code units', () => {
    expect(countSegments('Café ✓')).toMatchObject({ encoding: 'UCS-2', units: 6, segments: 1, remaining: 64, unicodeCharacter: '✓' });
    expect(countSegments('ç' + 'a'.repeat(69))).toMatchObject({ encoding: 'UCS-2', segments: 1, remaining: 0, unicodeCharacter: 'ç' });
    expect(countSegments('ç' + 'a'.repeat(70))).toMatchObject({ segments: 2, perSegment: 67, remaining: 67 * 2 - 71 });
    // Curly quotes are not GSM: a text pasted from a word processor goes as Unicode.
    expect(countSegments('It’s ready')).toMatchObject({ encoding: 'UCS-2', unicodeCharacter: '’' });
  });

  it('counts an emoji as two UTF-16 code units and keeps the pair in one part', () => {
    expect(countSegments('😀')).toMatchObject({ encoding: 'UCS-2', units: 2, remaining: 68 });
    expect(countSegments('😀'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
    // 66 units then a pair: the pair does not fit the one unit left and starts the second part.
    const count = countSegments('a'.repeat(66) + '😀' + 'a'.repeat(3));
    expect(count).toMatchObject({ units: 71, segments: 2, remaining: 67 - 5 });
  });

  it('counts a long mixed text the way a carrier bills it', () => {
    const text = 'Hi Ana, your table for 4 is booked for 7:30pm tonight. Reply C to cancel. 🍝';
    const count = countSegments(text);
    expect(count.encoding).toBe('UCS-2');
    expect(count.units).toBe(text.length);
    expect(count.segments).toBe(Math.ceil(text.length / 67));
  });
});
