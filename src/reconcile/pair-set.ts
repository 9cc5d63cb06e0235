/**
 * Set of unordered record pairs in two typed columns (open addressing): no string key per pair
 * and no 16.7M-entry Map/Set limit.
 */
export class PairSet {
  private a: Uint32Array;
  private b: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.a = new Uint32Array(size).fill(EMPTY);
    this.b = new Uint32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds (x, y) (x < y); false when it was already there. */
  add(x: number, y: number): boolean {
    let slot = pairHash(x, y) & this.mask;
    while (this.a[slot] !== EMPTY) {
      if (this.a[slot] === x && this.b[slot] === y) return false;
      slot = (slot + 1) & this.mask;
    }
    this.a[slot] = x;
    this.b[slot] = y;
    if (++this.count * 2 > this.a.length) this.grow();
    return true;
  }

  private grow(): void {
    const { a, b } = this;
    this.a = new Uint32Array(a.length * 2).fill(EMPTY);
    this.b = new Uint32Array(a.length * 2);
    this.mask = this.a.length - 1;
    for (let s = 0; s < a.length; s++) {
      if (a[s] === EMPTY) continue;
      let slot = pairHash(a[s], b[s]) & this.mask;
      while (this.a[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.a[slot] = a[s];
      this.b[slot] = b[s];
    }
  }
}

/** Record indices are below 2^32 - 1, so this never names a real pair. */
const EMPTY = 0xffffffff;

function pairHash(x: number, y: number): number {
  let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y ^ (y >>> 16), 0x85ebca6b);
  h ^= h >>> 15;
  return h >>> 0;
}
