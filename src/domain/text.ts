/**
 * A copy of `s` that does not keep its parent alive. Cells cut from a decoded 1 MiB chunk are
 * views into it (V8 sliced strings), so keeping every name and address would keep the whole file's
 * text in memory. Short strings are copies already.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * Distinct strings with dense ids (0 = ''). An open-addressing table over typed arrays: a JS Map
 * holds at most 16.7M entries and, at millions of entries, costs about twice as much per lookup.
 * Each slot holds the hash next to the id, and each value's characters are also kept in one flat
 * array, so a lookup reads two cache lines instead of following pointers to a string object (at
 * 3M rows that chase cost more than the rest of the row). Only the first copy of each value is
 * kept as a string (detached from its chunk); every later row shares it.
 */
export class StringDictionary {
  readonly values: string[] = [''];
  /** Slot s: [2s] = hash, [2s + 1] = id (0 = empty). */
  private slots = new Uint32Array(4096);
  private mask = 2047;
  /** Characters of value k: chars[start[k] .. start[k + 1]). */
  private chars = new Uint16Array(1 << 16);
  private start = new Uint32Array(1024);

  id(s: string): number {
    const len = s.length;
    if (len === 0) return 0;
    let h = 0x811c9dc5;
    for (let i = 0; i < len; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h >>>= 0;
    const slots = this.slots;
    const mask = this.mask;
    let p = h & mask;
    for (let k = slots[2 * p + 1]; k !== 0; k = slots[2 * p + 1]) {
      if (slots[2 * p] === h && this.sameChars(k, s)) return k;
      p = (p + 1) & mask;
    }
    const k = this.values.length;
    this.values.push(detachString(s));
    this.keepChars(k, s);
    slots[2 * p] = h;
    slots[2 * p + 1] = k;
    // At most half full, so probes stay short.
    if (k * 2 > mask) this.rehash();
    return k;
  }

  private sameChars(k: number, s: string): boolean {
    const from = this.start[k];
    if (this.start[k + 1] - from !== s.length) return false;
    const chars = this.chars;
    for (let i = 0; i < s.length; i++) if (chars[from + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  private keepChars(k: number, s: string): void {
    if (k + 2 > this.start.length) {
      const grown = new Uint32Array(this.start.length * 2);
      grown.set(this.start);
      this.start = grown;
    }
    const from = this.start[k];
    if (from + s.length > this.chars.length) {
      const grown = new Uint16Array(Math.max(this.chars.length * 2, from + s.length));
      grown.set(this.chars);
      this.chars = grown;
    }
    for (let i = 0; i < s.length; i++) this.chars[from + i] = s.charCodeAt(i);
    this.start[k + 1] = from + s.length;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const slots = new Uint32Array(size * 2);
    const mask = size - 1;
    const old = this.slots;
    for (let q = 0; q < old.length; q += 2) {
      const k = old[q + 1];
      if (k === 0) continue;
      let p = old[q] & mask;
      while (slots[2 * p + 1] !== 0) p = (p + 1) & mask;
      slots[2 * p] = old[q];
      slots[2 * p + 1] = k;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
