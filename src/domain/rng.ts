/**
 * Seeded PRNG (mulberry32) for the generator, the benchmarks and property tests: the same seed
 * gives the same data on every machine, so figures and fixtures are reproducible.
 */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** Where the stream is: Rng.resume(state) continues it exactly (on another thread, say). */
  get state(): number {
    return this.s;
  }
  static resume(state: number): Rng {
    const r = new Rng(1);
    r.s = state >>> 0;
    return r;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
}
