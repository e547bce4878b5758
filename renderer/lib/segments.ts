/**
 * How many SMS segments a text takes (3GPP TS 23.038 / 23.040). A text that fits the GSM 7-bit
 * alphabet goes as GSM-7: 160 septets in one segment, 153 in each part of a longer one (the user
 * data header takes 7), and the extension-table characters (^ { } \ [ ] ~ | € and form feed) take
 * two septets, an escape and the character, which are never split across parts. Anything else
 * makes the whole text UCS-2: 70 UTF-16 code units in one segment, 67 per part, and a surrogate
 * pair (an emoji, say) is kept whole in one part.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  /** 0 for an empty text. */
  segments: number;
  /** What one segment holds at this length: 160/153 or 70/67. */
  perSegment: number;
  /** Units still free in the last segment before another one starts. */
  remaining: number;
  /** The first character that made the text UCS-2, so the counter can say which. */
  unicodeCharacter: string | null;
}

const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsmExtension = new Set('\f^{}\\[]~|€');

const limits = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
} as const;

/** Each character's cost in the encoding, in text order (code points, so pairs stay whole). */
function costs(text: string): { encoding: SmsEncoding; costs: number[]; unicodeCharacter: string | null } {
  const gsm: number[] = [];
  for (const char of text) {
    if (gsmBasic.has(char)) gsm.push(1);
    else if (gsmExtension.has(char)) gsm.push(2);
    else return { encoding: 'UCS-2', costs: [...text].map((c) => c.length), unicodeCharacter: char };
  }
  return { encoding: 'GSM-7', costs: gsm, unicodeCharacter: null };
}

export function countSegments(text: string): SegmentCount {
  const { encoding, costs: each, unicodeCharacter } = costs(text);
  const { single, part } = limits[encoding];
  const units = each.reduce((sum, cost) => sum + cost, 0);
  if (units === 0) return { encoding, units, segments: 0, perSegment: single, remaining: single, unicodeCharacter };
  if (units <= single) return { encoding, units, segments: 1, perSegment: single, remaining: single - units, unicodeCharacter };
  // Longer texts are cut into parts; a character that does not fit whole starts the next part.
  let segments = 1;
  let used = 0;
  for (const cost of each) {
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments, perSegment: part, remaining: part - used, unicodeCharacter };
}
