/**
 * A copy of `s` that does not keep its parent alive. Cells cut from a decoded 1 MiB chunk are
 * views into it (V8 sliced strings), so keeping every name and address would keep the whole file's
 * text in memory. Short strings are copies already.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * Distinct strings with dense ids (0 = ''). An open-addressing table of ids over typed arrays: a JS
 * Map holds at most 16.7M entries and, at millions of entries, costs about twice as much per lookup.
 * Only the first copy of each value is kept (detached from its chunk); every later row shares it.
 */
export class StringDictionary {
  readonly values: string[] = [''];
  private hashes = new Uint32Array(1024);
  private slots = new Uint32Array(2048);
  private mask = 2047;

  id(s: string): number {
    const len = s.length;
    if (len === 0) return 0;
    let h = 0x811c9dc5;
    for (let i = 0; i < len; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h >>>= 0;
    const slots = this.slots;
    const mask = this.mask;
    let p = h & mask;
    for (let k = slots[p]; k !== 0; k = slots[p]) {
      if (this.hashes[k] === h && this.values[k] === s) return k;
      p = (p + 1) & mask;
    }
    const k = this.values.length;
    this.values.push(detachString(s));
    if (k === this.hashes.length) {
      const grown = new Uint32Array(k * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[k] = h;
    slots[p] = k;
    // At most half full, so probes stay short.
    if (k * 2 > mask) this.rehash();
    return k;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const slots = new Uint32Array(size);
    const mask = size - 1;
    for (let k = 1; k < this.values.length; k++) {
      let p = this.hashes[k] & mask;
      while (slots[p] !== 0) p = (p + 1) & mask;
      slots[p] = k;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
