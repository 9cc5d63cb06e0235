import { describe, expect, it } from 'vitest';
import { IdState, Sex } from '../src/domain/fields.js';
import { emptyRow, readRow, RecordTableBuilder, type RowValues } from '../src/domain/table.js';
import { generateMatchingScenario } from '../src/generate/scenarios.js';
import { findDuplicates, linkTables, matchRecords } from '../src/match/index.js';

// Background population (seeded) so the model has data to learn m/u and word frequencies from;
// the handcrafted rows below are appended after it. NIKs are synthetic (serials 9xxx).
const background = generateMatchingScenario({ seed: 11, families: 400 });

function row(r: Partial<RowValues> & { nik?: string; kk?: string }): RowValues {
  const out = { ...emptyRow(), ...r };
  if (r.nik) {
    out.nikState = IdState.Ok;
    out.nikHi = Number(r.nik.slice(0, 8));
    out.nikLo = Number(r.nik.slice(8));
  }
  if (r.kk) {
    out.kkState = IdState.Ok;
    out.kkHi = Number(r.kk.slice(0, 8));
    out.kkLo = Number(r.kk.slice(8));
  }
  return out;
}

function withRows(rows: RowValues[]) {
  const b = new RecordTableBuilder(background.table.size + rows.length);
  b.append(background.table);
  const first = b.size;
  for (const r of rows) b.push(r);
  return { table: b.finish(), at: (k: number) => first + k };
}

const FAMILY_KK = '3273112012099001';
const home = { kk: FAMILY_KK, region: '3273111001', address: 'JL. ANGGREK NO. 7 RT 002/RW 005' };

const rows = [
  // 0-1: the same woman in two rosters: title, abbreviation, binti tail, a NIK typo.
  row({ ...home, source: 0, nik: '3273115904869001', name: 'SITI AMINAH', birth: 19860419, sex: Sex.Female }),
  row({ ...home, source: 1, nik: '3273115904869007', name: 'HJ. St. Aminah binti Saleh', birth: 19860419, sex: Sex.Female }),
  // 2-3: twins: same KK and birth date, rhyming names, consecutive serials.
  row({ ...home, source: 0, nik: '3273110207109003', name: 'RINA WULANDARI', birth: 20100702, sex: Sex.Female }),
  row({ ...home, source: 1, nik: '3273110207109004', name: 'RINI WULANDARI', birth: 20100702, sex: Sex.Female }),
  // 4-5: parent and child with the same name, child's NIK missing in one roster.
  row({ ...home, source: 0, nik: '3273111203509001', name: 'SUPARMAN', birth: 19500312, sex: Sex.Male }),
  row({ ...home, source: 1, name: 'SUPARMAN', birth: 19780620, sex: Sex.Male }),
  // 6-7: a common name born the same day in another province's village, different NIKs.
  row({ source: 0, nik: '3273115001809001', kk: '3273110101109001', name: 'SITI FATIMAH', birth: 19800110, sex: Sex.Female, region: '3273111002' }),
  row({ source: 1, nik: '3578185001809001', kk: '3578180101109001', name: 'SITI FATIMAH', birth: 19800110, sex: Sex.Female, region: '3578181002' }),
  // 8-9: the mother's NIK typed on her son's row (same NIK, different person).
  row({ ...home, source: 0, nik: '3273114101559001', name: 'SUMARNI', birth: 19550101, sex: Sex.Female }),
  row({ ...home, source: 1, nik: '3273114101559001', name: 'RIZKI RAMADHAN', birth: 19900505, sex: Sex.Male }),
];

describe('matchRecords on Indonesian traps', () => {
  const { table, at } = withRows(rows);
  const res = matchRecords(table);
  const same = (x: number, y: number): boolean => res.person[at(x)] === res.person[at(y)];

  it('links the same person across rosters despite title, abbreviation, tail and NIK typo', () => {
    expect(same(0, 1)).toBe(true);
    const e = res.explain(at(0), at(1));
    expect(e.probability).toBeGreaterThan(0.9);
    expect(e.fields.find((f) => f.field === 'nik')?.level).toBe('substitution');
    expect(e.fields.find((f) => f.field === 'name')?.level).toBe('exact');
  });

  it('keeps twins apart and says why', () => {
    expect(same(2, 3)).toBe(false);
    const e = res.explain(at(2), at(3));
    expect(e.probability).toBe(0);
    expect(e.fields.find((f) => f.field === 'guard')?.level).toBe('twins');
  });

  it('keeps a parent and a child with the same name apart', () => {
    expect(same(4, 5)).toBe(false);
    expect(res.explain(at(4), at(5)).probability).toBeLessThan(0.5);
  });

  it('keeps people with a common name and the same birth date in different villages apart', () => {
    expect(same(6, 7)).toBe(false);
  });

  it('reports a NIK shared by two different people as a conflict, not a link', () => {
    expect(same(8, 9)).toBe(false);
    expect(res.explain(at(8), at(9)).fields.find((f) => f.field === 'guard')?.level).toBe('shared-nik');
    const pairs = Array.from({ length: res.conflicts.length }, (_, k) => [res.conflicts.a[k], res.conflicts.b[k]].join('-'));
    expect(pairs).toContain(`${at(8)}-${at(9)}`);
  });

  it('gives the same probability without the explanation as with it, guards included', () => {
    const pairs: Array<[number, number]> = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [0, 9]];
    const seen = new Set<number>();
    for (const [x, y] of pairs) {
      const p = res.pairProbability(at(x), at(y));
      seen.add(p);
      expect(p).toBe(res.explain(at(x), at(y)).probability);
    }
    // Not one constant: a match, a guard (0) and a weak non-match at least.
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });

  it('returns sorted links with a < b and person ids that are the smallest index of each cluster', () => {
    for (let k = 0; k < res.links.length; k++) {
      expect(res.links.a[k]).toBeLessThan(res.links.b[k]);
      if (k > 0) expect(res.links.a[k - 1] < res.links.a[k] || (res.links.a[k - 1] === res.links.a[k] && res.links.b[k - 1] < res.links.b[k])).toBe(true);
      expect(res.person[res.links.a[k]]).toBe(res.person[res.links.b[k]]);
    }
    for (let i = 0; i < table.size; i++) expect(res.person[i]).toBeLessThanOrEqual(i);
    expect(res.stats.rules.map((r) => r.rule)).toEqual(['nik', 'nik-typo', 'kk', 'birth+name', 'birth+region', 'region+name', 'name']);
  });
});

describe('quality on a seeded scenario', () => {
  it('meets the precision and recall bar and springs no trap of the common-name or parent-child kind', () => {
    const sc = generateMatchingScenario({ seed: 5, families: 600 });
    const res = findDuplicates(sc.table);
    const person = res.person!;
    const count = (labels: ArrayLike<number | string>): number => {
      const c = new Map<number | string, number>();
      for (let i = 0; i < labels.length; i++) c.set(labels[i], (c.get(labels[i]) ?? 0) + 1);
      let s = 0;
      for (const v of c.values()) s += (v * (v - 1)) / 2;
      return s;
    };
    const both = Array.from(sc.entity, (e, i) => `${e}|${person[i]}`);
    const tp = count(both);
    expect(tp / count(person)).toBeGreaterThanOrEqual(0.99);
    expect(tp / count(sc.entity)).toBeGreaterThanOrEqual(0.97);
    const personsOf = (e: number) => new Set(Array.from(sc.entity.keys()).filter((i) => sc.entity[i] === e).map((i) => person[i]));
    for (const t of sc.traps.filter((x) => x.kind === 'common-name' || x.kind === 'parent-child')) {
      const a = personsOf(t.a);
      expect([...personsOf(t.b)].some((p) => a.has(p)), `${t.kind} ${t.a}/${t.b}`).toBe(false);
    }
  });
});

describe('linkTables', () => {
  it('links one-to-one across two tables and explains in each table’s own indices', () => {
    const sc = generateMatchingScenario({ seed: 21, families: 300 });
    const t = sc.table;
    const pick = (src: number) => {
      const b = new RecordTableBuilder(t.size);
      const ent: number[] = [];
      const seen = new Set<number>();
      const r = emptyRow();
      for (let i = 0; i < t.size; i++) {
        if (t.source[i] !== src || seen.has(sc.entity[i])) continue;
        seen.add(sc.entity[i]);
        ent.push(sc.entity[i]);
        b.push(readRow(t, i, r));
      }
      return { table: b.finish(), ent };
    };
    const A = pick(0);
    const B = pick(1);
    const res = linkTables(A.table, B.table);
    const usedA = new Set<number>();
    const usedB = new Set<number>();
    let tp = 0;
    let links = 0;
    for (let k = 0; k < res.length; k++) {
      if (!res.linked[k]) continue;
      links++;
      expect(usedA.has(res.a[k]) || usedB.has(res.b[k])).toBe(false);
      usedA.add(res.a[k]);
      usedB.add(res.b[k]);
      if (A.ent[res.a[k]] === B.ent[res.b[k]]) tp++;
      expect(res.explain(res.a[k], res.b[k]).probability).toBeCloseTo(res.probability[k], 6);
    }
    const truth = B.ent.filter((e) => A.ent.includes(e)).length;
    expect(tp / links).toBeGreaterThanOrEqual(0.99);
    expect(tp / truth).toBeGreaterThanOrEqual(0.95);
  });
});
