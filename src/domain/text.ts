import { grown } from './grow.js';
import { keepReads } from './read-ahead.js';

/**
 * A copy of `s` that does not keep its parent alive. Cells cut from a decoded 1 MiB chunk are
 * views into it (V8 sliced strings), so keeping every name and address would keep the whole file's
 * text in memory. Short strings are copies already.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** FNV-1a of the UTF-16 code units. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Distinct strings with dense ids (0 = ''). An open-addressing table over typed arrays: a JS Map
 * holds at most 16.7M entries and, at millions of entries, costs about twice as much per lookup.
 * A slot holds the hash, the id and where the value's characters sit in one flat array, so a
 * lookup reads the slot's cache line and, when the hash agrees, the characters: no pointer chase
 * to a string object (at 10M rows, lookups were a third of the load). Only the first copy of each
 * value is kept as a string (detached from its chunk); every later row shares it.
 */
export class StringDictionary {
  readonly values: string[] = [''];
  /** Slot s: [4s] = hash, [4s + 1] = id (0 = empty), [4s + 2] = first char, [4s + 3] = length. */
  private slots = new Uint32Array(2048 * 4);
  private mask = 2047;
  private chars = new Uint16Array(1 << 16);
  private used = 0;
  // Rosters list a family's members together, so an address often repeats the row before (38% of
  // the bench's rows): that answer costs one comparison of two strings still in cache.
  private lastText = '';
  private lastId = 0;
  /** idsInto's hashes. */
  private hashes = new Uint32Array(0);

  id(s: string): number {
    if (s.length === 0) return 0;
    if (s === this.lastText) return this.lastId;
    return this.remember(s, hashOf(s));
  }

  /** The id of s, not '' and not the last text asked, whose hash is h; s becomes the last text. */
  private remember(s: string, h: number): number {
    const k = this.lookup(s, s.length, h);
    this.lastText = s;
    this.lastId = k;
    return k;
  }

  /**
   * The ids of batch[0, count) into out[at, at + count), the same ids id() would give one by one.
   * At millions of values nearly every lookup misses the cache twice (its slot, then the slot's
   * characters), and one row's lookup waits for both. Here the slots of the whole batch are read
   * first, then the characters they point to: reads that do not wait on each other, so the CPU
   * has many in flight at once, and the lookups after them find their lines in cache.
   */
  idsInto(batch: readonly string[], count: number, out: Uint32Array, at: number): void {
    if (this.hashes.length < count) this.hashes = new Uint32Array(count);
    const hashes = this.hashes;
    const slots = this.slots;
    const mask = this.mask;
    let touched = 0;
    for (let b = 0; b < count; b++) {
      const h = hashOf(batch[b]);
      hashes[b] = h;
      touched ^= slots[4 * (h & mask) + 2];
    }
    const chars = this.chars;
    for (let b = 0; b < count; b++) touched ^= chars[slots[4 * (hashes[b] & mask) + 2]];
    keepReads(touched);
    for (let b = 0; b < count; b++) {
      const s = batch[b];
      out[at + b] = s.length === 0 ? 0 : s === this.lastText ? this.lastId : this.remember(s, hashes[b]);
    }
  }

  private lookup(s: string, len: number, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let p = h & mask;
    for (let k = slots[4 * p + 1]; k !== 0; k = slots[4 * p + 1]) {
      if (slots[4 * p] === h && slots[4 * p + 3] === len && this.sameChars(slots[4 * p + 2], s)) return k;
      p = (p + 1) & mask;
    }
    const k = this.values.length;
    this.values.push(detachString(s));
    slots[4 * p] = h;
    slots[4 * p + 1] = k;
    slots[4 * p + 2] = this.keepChars(s);
    slots[4 * p + 3] = len;
    // At most half full, so probes stay short.
    if (k * 2 > mask) this.rehash();
    return k;
  }

  private sameChars(from: number, s: string): boolean {
    const chars = this.chars;
    for (let i = 0; i < s.length; i++) if (chars[from + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  /** Appends the characters of s; returns where they start. */
  private keepChars(s: string): number {
    const from = this.used;
    this.chars = grown(this.chars, from + s.length);
    for (let i = 0; i < s.length; i++) this.chars[from + i] = s.charCodeAt(i);
    this.used = from + s.length;
    return from;
  }

  /** Room for `count` values in all, without a rehash on the way (a bulk intern knows its size). */
  reserve(count: number): void {
    let size = this.mask + 1;
    while (count * 2 > size - 1) size *= 2;
    if (size > this.mask + 1) this.rehash(size);
  }

  private rehash(size = (this.mask + 1) * 2): void {
    const slots = new Uint32Array(size * 4);
    const mask = size - 1;
    const old = this.slots;
    for (let q = 0; q < old.length; q += 4) {
      if (old[q + 1] === 0) continue;
      let p = old[q] & mask;
      while (slots[4 * p + 1] !== 0) p = (p + 1) & mask;
      slots.set(old.subarray(q, q + 4), 4 * p);
    }
    this.slots = slots;
    this.mask = mask;
  }
}
