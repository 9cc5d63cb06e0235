/**
 * A copy of `s` that does not keep its parent alive. Cells cut from a decoded 1 MiB chunk are
 * views into it (V8 sliced strings), so keeping every name and address would keep the whole file's
 * text in memory. Short strings are copies already.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

const SHARD_BITS = 6;

/**
 * Distinct strings with dense ids (0 = ''). A JS Map holds at most 16.7M entries, so the index is
 * split over 64 Maps by a cheap hash of the text: a nation's distinct names fit. Only the first
 * copy of each value is kept (detached from its chunk); every later row shares it.
 */
export class StringDictionary {
  readonly values: string[] = [''];
  private readonly shards: Map<string, number>[] = Array.from({ length: 1 << SHARD_BITS }, () => new Map());

  id(s: string): number {
    const len = s.length;
    if (len === 0) return 0;
    const h = (len * 31 + s.charCodeAt(0) * 7 + s.charCodeAt(len >> 1) * 3 + s.charCodeAt(len - 1)) & ((1 << SHARD_BITS) - 1);
    const shard = this.shards[h];
    let k = shard.get(s);
    if (k === undefined) {
      k = this.values.length;
      const own = detachString(s);
      this.values.push(own);
      shard.set(own, k);
    }
    return k;
  }
}
