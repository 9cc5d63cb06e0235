import { describe, expect, it } from 'vitest';
import { Rng } from '../src/domain/rng.js';
import { argsortU32, sortByKey, uniquePairs } from '../src/match/sort.js';

/** What a stable sort by key must give: the pairs ordered by key, ties in input order. */
function reference(keys: Uint32Array, values: Uint32Array): [number[], number[]] {
  const idx = Array.from(keys, (_, i) => i).sort((x, y) => keys[x] - keys[y] || x - y);
  return [idx.map((i) => keys[i]), idx.map((i) => values[i])];
}

// Key shapes the matcher sorts: 32-bit hashes (blocking keys, many unique, some repeated),
// record ids below n, yyyymmdd birth dates, and a handful of distinct values (one huge block).
function keysOf(shape: string, n: number, rng: Rng): Uint32Array {
  const k = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (shape === 'hash') k[i] = rng.chance(0.3) && i > 0 ? k[rng.int(0, i - 1)] : Math.floor(rng.next() * 2 ** 32);
    else if (shape === 'ids') k[i] = rng.int(0, n - 1);
    else if (shape === 'birth') k[i] = 19400101 + rng.int(0, 80) * 10000 + rng.int(0, 11) * 100 + rng.int(0, 27);
    else k[i] = [7, 7, 7, 0xffffffff, 1 << 20][rng.int(0, 4)];
  }
  return k;
}

describe('sortByKey', () => {
  for (const shape of ['hash', 'ids', 'birth', 'few']) {
    for (const n of [0, 1, 5, 1000, 70_000, 300_000]) {
      it(`sorts ${n} ${shape} keys stably, as a comparison sort does`, () => {
        const rng = new Rng(n * 31 + shape.length);
        const keys = keysOf(shape, n, rng);
        const values = Uint32Array.from(keys, (_, i) => i);
        const [wantK, wantV] = reference(keys, values);
        sortByKey(keys, values);
        expect(Array.from(keys)).toEqual(wantK);
        expect(Array.from(values)).toEqual(wantV);
      });
    }
  }

  it('sorts only the first n pairs of longer arrays', () => {
    const rng = new Rng(5);
    const keys = keysOf('hash', 200_000, rng);
    const values = Uint32Array.from(keys, (_, i) => i);
    const tail = Array.from(keys.subarray(150_000));
    const [wantK, wantV] = reference(keys.slice(0, 150_000), values.slice(0, 150_000));
    sortByKey(keys, values, 150_000);
    expect(Array.from(keys.subarray(0, 150_000))).toEqual(wantK);
    expect(Array.from(values.subarray(0, 150_000))).toEqual(wantV);
    expect(Array.from(keys.subarray(150_000))).toEqual(tail);
  });

  it('argsorts by two keys and de-duplicates pairs', () => {
    const rng = new Rng(9);
    const n = 100_000;
    const a = Uint32Array.from({ length: n }, () => rng.int(0, 5000));
    const b = Uint32Array.from({ length: n }, () => rng.int(0, 5000));
    const order = argsortU32(a, argsortU32(b));
    const want = Array.from(a, (_, i) => i).sort((x, y) => a[x] - a[y] || b[x] - b[y] || x - y);
    expect(Array.from(order)).toEqual(want);
    const u = uniquePairs(a, b, n);
    const seen = new Set(Array.from(a, (x, i) => x * 10_000 + b[i]));
    expect(u.length).toBe(seen.size);
    for (let i = 1; i < u.length; i++) expect(u.a[i - 1] < u.a[i] || (u.a[i - 1] === u.a[i] && u.b[i - 1] < u.b[i])).toBe(true);
  });
});
