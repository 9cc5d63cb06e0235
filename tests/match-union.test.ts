import { describe, expect, it } from 'vitest';
import { Rng } from '../src/domain/rng.js';
import { unionOfSorted } from '../src/match/block.js';
import { uniquePairs } from '../src/match/sort.js';

// Each blocking rule's pairs arrive sorted and unique; candidate pairs are their union. The union by
// merging must be what sorting the concatenation gives.
describe('unionOfSorted', () => {
  it('equals sorting and de-duplicating the concatenation, for any number of lists', () => {
    const rng = new Rng(21);
    for (const count of [0, 1, 2, 3, 6, 7]) {
      // Overlapping lists (the rules propose many of the same pairs), some empty.
      const lists = Array.from({ length: count }, (_, k) => {
        const n = k === 2 ? 0 : rng.int(0, 3000);
        const a = Uint32Array.from({ length: n }, () => rng.int(0, 400));
        const b = Uint32Array.from({ length: n }, (_, i) => a[i] + 1 + rng.int(0, 400));
        return uniquePairs(a, b, n);
      });
      const total = lists.reduce((s, l) => s + l.length, 0);
      const allA = new Uint32Array(total);
      const allB = new Uint32Array(total);
      let at = 0;
      for (const l of lists) {
        allA.set(l.a.subarray(0, l.length), at);
        allB.set(l.b.subarray(0, l.length), at);
        at += l.length;
      }
      const want = uniquePairs(allA, allB, total);
      const got = unionOfSorted(lists);
      expect(got.length).toBe(want.length);
      expect(Array.from(got.a.subarray(0, got.length))).toEqual(Array.from(want.a));
      expect(Array.from(got.b.subarray(0, got.length))).toEqual(Array.from(want.b));
      if (count >= 2) expect(got.length).toBeLessThan(total);
    }
  });
});
