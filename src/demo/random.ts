/**
 * A small seeded pseudo-random generator, so that a demo LA is the same every time it is made
 * from the same seed. Not for anything secret: use node:crypto for that.
 */

/** Folds strings and numbers into one 32-bit seed (FNV-1a), e.g. `hashSeed(seed, 'ids', dfeCode)`. */
export function hashSeed(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = `${typeof part === 'number' ? String(part) : part}\u0000`;
    for (let index = 0; index < text.length; index += 1) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return hash >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). mulberry32: 32 bits of state, fast, and good enough for sampling. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`Empty range ${String(min)}..${String(max)}`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `probability`. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks one item, each with probability proportional to its weight. */
  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    return new WeightedTable(items, weights).pick(this);
  }

  /** `count` different items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) {
      const [item] = pool.splice(Math.floor(this.next() * pool.length), 1);
      chosen.push(item as T);
    }
    return chosen;
  }

  /** A version-4-shaped UUID whose bits all come from this generator. */
  uuid(): string {
    const bytes: number[] = [];
    for (let word = 0; word < 4; word += 1) {
      const value = Math.floor(this.next() * 4_294_967_296);
      bytes.push(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
    }
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.map((byte) => HEX[byte] ?? '00').join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/**
 * A fixed weighted distribution, prepared once and sampled many times by binary search over the
 * cumulative weights. Items with zero weight are never picked.
 */
export class WeightedTable<T> {
  private readonly items: readonly T[];
  private readonly cumulative: number[];
  readonly total: number;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length !== weights.length) throw new RangeError('Each item needs exactly one weight');
    let running = 0;
    this.cumulative = weights.map((weight) => {
      if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`Invalid weight ${String(weight)}`);
      running += weight;
      return running;
    });
    if (running <= 0) throw new RangeError('At least one weight must be positive');
    this.items = items;
    this.total = running;
  }

  pick(random: SeededRandom): T {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low] as T;
  }
}
