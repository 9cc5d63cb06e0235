// Radix sorts on typed arrays: blocking and pair de-duplication sort tens of millions of 32-bit
// keys, where a comparison sort over boxed values (or a Map per record) would not scale.

const RADIX = 1 << 16;

/** Stable LSD radix argsort of 32-bit unsigned keys: returns indices 0..n-1 ordered by key. */
export function argsortU32(keys: Uint32Array, order?: Uint32Array): Uint32Array {
  const n = keys.length;
  let src: Uint32Array = order ? order.slice() : identity(n);
  let dst: Uint32Array = new Uint32Array(n);
  const count = new Uint32Array(RADIX);
  for (let shift = 0; shift < 32; shift += 16) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[src[i]] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const idx = src[i];
      dst[count[(keys[idx] >>> shift) & 0xffff]++] = idx;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

export function identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Sorts pairs by (a, b) and drops repeats; returns new trimmed arrays. */
export function uniquePairs(a: Uint32Array, b: Uint32Array, length: number): { a: Uint32Array; b: Uint32Array; length: number } {
  const ka = a.subarray(0, length);
  const kb = b.subarray(0, length);
  const byB = argsortU32(kb);
  const order = argsortU32(ka, byB);
  const outA = new Uint32Array(length);
  const outB = new Uint32Array(length);
  let m = 0;
  for (let i = 0; i < length; i++) {
    const x = ka[order[i]];
    const y = kb[order[i]];
    if (m > 0 && outA[m - 1] === x && outB[m - 1] === y) continue;
    outA[m] = x;
    outB[m] = y;
    m++;
  }
  return { a: outA.slice(0, m), b: outB.slice(0, m), length: m };
}

/** A growable pair of Uint32 columns. */
export class PairBuffer {
  a: Uint32Array;
  b: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.a = new Uint32Array(capacity);
    this.b = new Uint32Array(capacity);
  }
  push(x: number, y: number): void {
    if (this.length === this.a.length) {
      const na = new Uint32Array(this.a.length * 2);
      const nb = new Uint32Array(this.b.length * 2);
      na.set(this.a);
      nb.set(this.b);
      this.a = na;
      this.b = nb;
    }
    this.a[this.length] = x;
    this.b[this.length] = y;
    this.length++;
  }
}
