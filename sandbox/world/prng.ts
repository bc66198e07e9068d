// Deterministic pseudo-random numbers for seeded worlds (no Math.random: worlds must be reproducible).

/** mulberry32: small, fast, good enough for synthetic data. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** Float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const MASK64 = (1n << 64n) - 1n;

/** splitmix64 finalizer: mixes a 64-bit value into a well-distributed one. */
export function mix64(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return (z ^ (z >> 31n)) & MASK64;
}

/** A signed 64-bit value (TL `long`), never 0, derived from the parts. */
export function hash64(...parts: number[]): bigint {
  let h = 0x1234_5678_9abc_def0n;
  for (const p of parts) h = mix64(h ^ BigInt(Math.trunc(p)));
  const signed = BigInt.asIntN(64, h);
  return signed === 0n ? 1n : signed;
}
