import { describe, expect, it } from 'vitest';
import { Rng } from '../src/domain/rng.js';
import { tableFromRows, type RowValues } from '../src/domain/table.js';
import { birthNameRule, nameRule, regionNameRule, rulePairs, type BlockingOptions, type PairSample } from '../src/match/block.js';
import { buildFeatures } from '../src/match/features.js';
import { PairBuffer } from '../src/match/sort.js';

// A Pontianak village where several rosters list the same people unchanged.
const people: Partial<RowValues>[] = [
  { nikHi: 61710101, nikLo: 5058001, name: 'SITI AMINAH', birth: 19850105, region: '6171010001' },
  { nikHi: 61710101, nikLo: 5058002, name: 'SITI AMINAH BINTI SALEH', birth: 19850105, region: '6171010001' },
  { nikHi: 61710102, nikLo: 1075003, name: 'MUHAMMAD RIZKI', birth: 19750110, region: '6171010001' },
  { nikHi: 61710102, nikLo: 1075004, name: 'MUHAMAD RIZKY', birth: 19750110, region: '6171010001' },
  { nikHi: 61710103, nikLo: 3089001, name: 'SITI NURHALIZA', birth: 19890330, region: '6171010001' },
];
// Record order: the people, then copies of some of them (class heads come first).
const copiesOf = [0, 0, 2, 4, 4, 4, 1];
const rows = [...people, ...copiesOf.map((k) => people[k])].map((r) => ({ nikState: 1, sex: 2, ...r }));

function plainRun(rule: typeof nameRule, copies?: Uint32Array) {
  const f = buildFeatures(tableFromRows(rows));
  const opts: BlockingOptions = { maxBlockSize: 400, window: 12, scope: 'all', copies };
  const sample: PairSample = { perRule: 1000, rng: new Rng(7), pairs: new PairBuffer(16), weight: [] };
  const p = rulePairs(f, rule, opts, undefined, sample);
  return { pairs: Array.from(p.a, (a, k) => `${a}-${p.b[k]}`), sampleWeight: sample.weight.reduce((s, w) => s + w, 0) };
}

describe('blocking with exact copies keyed once', () => {
  const copies = new Uint32Array(rows.length);
  const head = [...people.map((_, k) => k), ...copiesOf];
  for (const h of head) copies[h]++;

  for (const rule of [nameRule, birthNameRule, regionNameRule]) {
    it(`${rule.name}: the EM sample stands for the same number of plain pairs as keying every copy`, () => {
      const all = plainRun(rule);
      const once = plainRun(rule, copies);
      expect(all.sampleWeight).toBeGreaterThan(0);
      expect(once.sampleWeight).toBe(all.sampleWeight);
      // Only heads are proposed; every proposed pair of heads is one the full keying proposes too.
      expect(once.pairs.length).toBeGreaterThan(0);
      for (const p of once.pairs) expect(all.pairs).toContain(p);
      expect(once.pairs.every((p) => p.split('-').every((x) => Number(x) < people.length))).toBe(true);
    });
  }
});
