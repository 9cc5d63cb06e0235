import { grown } from '../domain/grow.js';

// Radix sorts on typed arrays: blocking and pair de-duplication sort tens of millions of 32-bit
// keys, where a comparison sort over boxed values (or a Map per record) would not scale.

const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;

/**
 * Stable radix sort of (key, value) pairs in place, by key. Keys and values move together, so
 * every pass reads sequentially (an index-only argsort gathers keys at random, which at tens of
 * millions of keys is mostly cache misses). A large input is first split by its top bits into
 * buckets of a few thousand pairs, each then sorted by its low bits while it sits in cache: one
 * pass over main memory instead of three (and no copy back). Being stable, the result is the one
 * an LSD sort gives.
 */
// Scatter buffers shared by every sort: the matcher sorts tens of times per run, and fresh
// buffers of tens of MB would be allocated and zero-filled each time.
let scratchKeys = new Uint32Array(0);
let scratchValues = new Uint32Array(0);
/** argsortU32's gathered keys. */
let gatherKeys = new Uint32Array(0);
/** Numbered work arrays other stages borrow (see scratchU32). */
const borrowed: Uint32Array[] = [];
/** A bucket's pairs between its local passes (a few thousand, so it stays in cache). */
let localKeys = new Uint32Array(1 << 14);
let localValues = new Uint32Array(1 << 14);
const localCount = new Uint32Array(RADIX);

/** Drops the shared scatter buffers (after a match, so they do not outlive it). */
export function releaseSortScratch(): void {
  scratchKeys = new Uint32Array(0);
  scratchValues = new Uint32Array(0);
  gatherKeys = new Uint32Array(0);
  borrowed.length = 0;
  localKeys = new Uint32Array(1 << 14);
  localValues = new Uint32Array(1 << 14);
}

/**
 * Work array number `slot`, at least `n` long, kept between calls (and dropped with the sort
 * scratch) so a stage that runs once per blocking rule does not allocate and zero-fill tens of MB
 * each time. Its contents are whatever the last borrower left unless `keep` asks for them to be
 * carried over when it grows.
 */
export function scratchU32(slot: number, n: number, keep = 0): Uint32Array {
  const have = borrowed[slot];
  if (have && have.length >= n) return have;
  const a = new Uint32Array(Math.max(n, have ? Math.floor(have.length * 1.5) : 0));
  if (have && keep > 0) a.set(have.subarray(0, keep));
  borrowed[slot] = a;
  return a;
}

/** Below this many pairs the plain LSD sort is as fast. */
/** The shared scatter buffers, grown (by half again, so a few growing sorts do not reallocate each time) to hold n. */
function ensureScratch(n: number): void {
  if (scratchKeys.length >= n) return;
  const size = Math.max(n, Math.floor(scratchKeys.length * 1.5));
  scratchKeys = new Uint32Array(size);
  scratchValues = new Uint32Array(size);
}

const SPLIT_MIN = 1 << 16;

export function sortByKey(keys: Uint32Array, values: Uint32Array, n = keys.length): void {
  if (n < 2) return;
  if (n < SPLIT_MIN) {
    lsdSort(keys, values, n, 32);
    return;
  }
  let any = 0;
  for (let i = 0; i < n; i++) any |= keys[i];
  const top = 32 - Math.clz32(any);
  // Top digit: enough bits for buckets of a few thousand pairs (at most RADIX buckets).
  const splitBits = Math.min(BITS, top, Math.max(4, 31 - Math.clz32(n) - 12));
  const shift = top - splitBits;
  const buckets = 1 << splitBits;
  const count = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) count[(keys[i] >>> shift) + 1]++;
  for (let d = 0; d < buckets; d++) if (count[d + 1] === n) {
    // One bucket holds everything: the top bits say nothing.
    lsdSort(keys, values, n, shift);
    return;
  }
  for (let d = 1; d <= buckets; d++) count[d] += count[d - 1];
  ensureScratch(n);
  const kd = scratchKeys;
  const vd = scratchValues;
  const next = count.slice(0, buckets);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    const at = next[k >>> shift]++;
    kd[at] = k;
    vd[at] = values[i];
  }
  for (let d = 0; d < buckets; d++) {
    const s = count[d];
    const e = count[d + 1];
    if (e > s) sortBucket(kd, vd, keys, values, s, e, shift);
  }
}

/** Sorts ks/vs[s, e) by their low `bits` bits into kd/vd[s, e) (stable). */
function sortBucket(ks: Uint32Array, vs: Uint32Array, kd: Uint32Array, vd: Uint32Array, s: number, e: number, bits: number): void {
  const len = e - s;
  if (len <= 32 || bits === 0) {
    // Insertion sort (stable): a bucket this small costs less than clearing a digit count.
    const mask = (1 << bits) - 1;
    for (let i = s; i < e; i++) {
      const k = ks[i];
      const v = vs[i];
      const low = k & mask;
      let j = i;
      while (j > s && (kd[j - 1] & mask) > low) {
        kd[j] = kd[j - 1];
        vd[j] = vd[j - 1];
        j--;
      }
      kd[j] = k;
      vd[j] = v;
    }
    return;
  }
  const passes = Math.ceil(bits / BITS);
  const width = Math.ceil(bits / passes);
  if (passes === 1) {
    countingPass(ks, vs, s, kd, vd, s, len, 0, bits);
    return;
  }
  if (localKeys.length < len) {
    localKeys = new Uint32Array(len * 2);
    localValues = new Uint32Array(len * 2);
  }
  // Alternate between the bucket's place in kd/vd and the local buffer, ending in kd/vd.
  let fromK = ks;
  let fromV = vs;
  let fromAt = s;
  for (let p = 0; p < passes; p++) {
    const toLocal = (passes - p) % 2 === 0;
    const toK = toLocal ? localKeys : kd;
    const toV = toLocal ? localValues : vd;
    const toAt = toLocal ? 0 : s;
    const lo = p * width;
    countingPass(fromK, fromV, fromAt, toK, toV, toAt, len, lo, Math.min(width, bits - lo));
    fromK = toK;
    fromV = toV;
    fromAt = toAt;
  }
}

/** One stable counting pass by bits [lo, lo + width) of len pairs from ks/vs[from..] to kd/vd[to..]. */
function countingPass(ks: Uint32Array, vs: Uint32Array, from: number, kd: Uint32Array, vd: Uint32Array, to: number, len: number, lo: number, width: number): void {
  const mask = (1 << width) - 1;
  const count = localCount;
  count.fill(0, 0, mask + 1);
  const end = from + len;
  for (let i = from; i < end; i++) count[(ks[i] >>> lo) & mask]++;
  let sum = to;
  for (let d = 0; d <= mask; d++) {
    const c = count[d];
    count[d] = sum;
    sum += c;
  }
  for (let i = from; i < end; i++) {
    const k = ks[i];
    const at = count[(k >>> lo) & mask]++;
    kd[at] = k;
    vd[at] = vs[i];
  }
}

/** Stable LSD radix sort by the low `bits` bits (passes whose digit is the same for all keys are skipped). */
function lsdSort(keys: Uint32Array, values: Uint32Array, n: number, bits: number): void {
  let ks: Uint32Array = keys.subarray(0, n);
  let vs: Uint32Array = values.subarray(0, n);
  ensureScratch(n);
  let kd: Uint32Array = scratchKeys.subarray(0, n);
  let vd: Uint32Array = scratchValues.subarray(0, n);
  const count = new Uint32Array(RADIX);
  let swapped = false;
  for (let shift = 0; shift < bits; shift += BITS) {
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
