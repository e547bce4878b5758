/**
 * A seeded PRNG. The demo data, the fault decisions and the live arrivals each draw from their
 * own stream, so that turning a fault knob or serving one more request never changes the data.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** A UUID v4 string formatted from the stream. */
  uuid(): string;
  /** n random digits as a string, first one non-zero when leadingNonZero. */
  digits(n: number, leadingNonZero?: boolean): string;
}

/** Well-known stream names keep the streams independent of each other. */
export type StreamName = 'data' | 'faults' | 'live' | 'drift' | 'inserts' | 'secret' | 'sends' | 'replies';

const streamSalt: Record<StreamName, number> = {
  data: 0x9e3779b9,
  faults: 0x85ebca6b,
  live: 0xc2b2ae35,
  drift: 0x27d4eb2f,
  inserts: 0x61c88647,
  sends: 0x7feb352d,
  replies: 0x846ca68b,
  secret: 0x165667b1,
};

export function createRandom(seed: number, stream: StreamName): Random {
  // splitmix32 spreads a small integer seed over sfc32's 128-bit state.
  let mix = (Math.trunc(seed) ^ streamSalt[stream]) >>> 0;
  const splitmix = (): number => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();

  // sfc32: small, fast and statistically sound enough for test data.
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextUint32();

  const next = (): number => nextUint32() / 4294967296;

  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));

  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (entries) => {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      const last = entries[entries.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    uuid: () => {
      const bytes = new Uint8Array(16);
      for (let i = 0; i < 16; i += 4) {
        const word = nextUint32();
        bytes[i] = word & 0xff;
        bytes[i + 1] = (word >>> 8) & 0xff;
        bytes[i + 2] = (word >>> 16) & 0xff;
        bytes[i + 3] = word >>> 24;
      }
      bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
      bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
      const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
    digits: (n, leadingNonZero = false) => {
      let out = '';
      for (let i = 0; i < n; i++) out += String(i === 0 && leadingNonZero ? int(1, 9) : int(0, 9));
      return out;
    },
  };
}
