import { grown } from '../domain/grow.js';

// Radix sorts on typed arrays: blocking and pair de-duplication sort tens of millions of 32-bit
// keys, where a comparison sort over boxed values (or a Map per record) would not scale.

const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;

/**
 * Stable LSD radix sort of (key, value) pairs in place, by key. Keys and values move together, so
 * every pass reads sequentially (an index-only argsort gathers keys at random, which at tens of
 * millions of keys is mostly cache misses). Passes whose digit is the same for all keys are skipped.
 */
// Scatter buffers shared by every sort: the matcher sorts tens of times per run, and fresh
// buffers of tens of MB would be allocated and zero-filled each time.
let scratchKeys = new Uint32Array(0);
let scratchValues = new Uint32Array(0);
/** argsortU32's gathered keys. */
let gatherKeys = new Uint32Array(0);

/** Drops the shared scatter buffers (after a match, so they do not outlive it). */
export function releaseSortScratch(): void {
  scratchKeys = new Uint32Array(0);
  scratchValues = new Uint32Array(0);
  gatherKeys = new Uint32Array(0);
}

export function sortByKey(keys: Uint32Array, values: Uint32Array, n = keys.length): void {
  let ks: Uint32Array = keys.subarray(0, n);
  let vs: Uint32Array = values.subarray(0, n);
  if (scratchKeys.length < n) {
    const size = Math.max(n, Math.floor(scratchKeys.length * 1.5));
    scratchKeys = new Uint32Array(size);
    scratchValues = new Uint32Array(size);
  }
  let kd: Uint32Array = scratchKeys.subarray(0, n);
  let vd: Uint32Array = scratchValues.subarray(0, n);
  const count = new Uint32Array(RADIX);
  let swapped = false;
  for (let shift = 0; shift < 32; shift += BITS) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(ks[i] >>> shift) & MASK]++;
    if (count[(ks[0] >>> shift) & MASK] === n) continue;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = ks[i];
      const at = count[(k >>> shift) & MASK]++;
      kd[at] = k;
      vd[at] = vs[i];
    }
    [ks, kd] = [kd, ks];
    [vs, vd] = [vd, vs];
    swapped = !swapped;
  }
  if (swapped) {
    keys.set(ks);
    values.set(vs);
  }
}

/** Stable radix argsort of 32-bit unsigned keys: indices 0..n-1 (or `order`'s) ordered by key. */
export function argsortU32(keys: Uint32Array, order?: Uint32Array): Uint32Array {
  const n = keys.length;
  const idx = order ? order.slice() : identity(n);
  if (n === 0) return idx;
  // The gathered keys are scratch too (see the scatter buffers above).
  if (gatherKeys.length < n) gatherKeys = new Uint32Array(Math.max(n, Math.floor(gatherKeys.length * 1.5)));
  const k = gatherKeys;
  for (let i = 0; i < n; i++) k[i] = keys[idx[i]];
  sortByKey(k, idx, n);
  return idx;
}

export function identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Sorts pairs by (a, b) and drops repeats; returns new trimmed arrays. */
export function uniquePairs(a: Uint32Array, b: Uint32Array, length: number): { a: Uint32Array; b: Uint32Array; length: number } {
  const outA = a.slice(0, length);
  const outB = b.slice(0, length);
  if (length === 0) return { a: outA, b: outB, length: 0 };
  // By b, then stably by a: sorted by (a, b).
  sortByKey(outB, outA, length);
  sortByKey(outA, outB, length);
  let m = 0;
  for (let i = 0; i < length; i++) {
    const x = outA[i];
    const y = outB[i];
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
      this.a = grown(this.a, this.length + 1);
      this.b = grown(this.b, this.length + 1);
    }
    this.a[this.length] = x;
    this.b[this.length] = y;
    this.length++;
  }
}
