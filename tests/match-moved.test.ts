import { describe, expect, it } from 'vitest';
import { IdState, Sex } from '../src/domain/fields.js';
import { Rng } from '../src/domain/rng.js';
import { tableFromRows, type RowValues } from '../src/domain/table.js';
import { matchRecords } from '../src/match/index.js';

const GIVEN = ['SITI', 'AHMAD', 'DEWI', 'BUDI', 'RINA', 'AGUS', 'SRI', 'HENDRA', 'NUR', 'YUSUF', 'FITRI', 'RUDI'];
const SECOND = ['AMINAH', 'SANTOSO', 'LESTARI', 'HIDAYAT', 'WAHYUNI', 'SETIAWAN', 'RAHAYU', 'GUNAWAN', 'PURNAMA', 'KURNIAWAN', 'SARI', 'FAUZI'];
const STREETS = ['JL. GAJAH MADA', 'JL. DIPONEGORO', 'JL. PATTIMURA', 'GG. MELATI', 'JL. TANJUNGPURA', 'DUSUN RAMBUTAN'];

/**
 * Rosters where every person is listed identically in three sources (as EM then learns: true
 * matches never differ in region or address), plus one person who moved village between exports.
 * Synthetic NIKs: real Kalimantan Barat districts, serials from 9001.
 */
function rosters(): { rows: Partial<RowValues>[]; moved: number[] } {
  const rng = new Rng(11);
  const rows: Partial<RowValues>[] = [];
  const districts = [617101, 617102, 617103, 617201, 610101, 610102];
  for (let p = 0; p < 400; p++) {
    const d = rng.pick(districts);
    const female = rng.chance(0.5);
    const day = rng.int(1, 28);
    const month = rng.int(1, 12);
    const year = rng.int(40, 99);
    const dd = female ? day + 40 : day;
    const nikHi = d * 100 + dd;
    const nikLo = month * 1e6 + year * 1e4 + 9001 + p;
    const person: Partial<RowValues> = {
      nikHi,
      nikLo,
      nikState: IdState.Ok,
      kkHi: d * 100 + rng.int(1, 28),
      kkLo: rng.int(1, 12) * 1e6 + 15 * 1e4 + 9001 + p,
      kkState: IdState.Ok,
      name: `${rng.pick(GIVEN)} ${rng.pick(SECOND)}`,
      birth: (1900 + year) * 10000 + month * 100 + day,
      sex: female ? Sex.Female : Sex.Male,
      region: `${d}${String(2000 + rng.int(1, 9)).padStart(4, '0')}`,
      address: `${rng.pick(STREETS)} NO. ${rng.int(1, 200)} RT ${rng.int(1, 20)}/RW ${rng.int(1, 9)}`,
      program: 'PKH',
    };
    for (let s = 0; s < 3; s++) rows.push({ ...person, source: s, line: p + 2 });
  }
  const moved = rows.length;
  const who = rows[0];
  rows.push({ ...who, source: 0, line: 500 });
  rows.push({ ...who, source: 1, line: 500, region: '6172022001', address: 'DUSUN RAMBUTAN RT 010/RW 009' });
  return { rows, moved: [moved, moved + 1] };
}

describe('matcher: a person who moved', () => {
  it('links records with the same clean NIK, name, birth date and KK whatever the region and address', () => {
    const { rows, moved } = rosters();
    const t = tableFromRows(rows);
    const m = matchRecords(t);
    const [a, b] = moved;
    expect(m.person[a]).toBe(m.person[b]);
    const e = m.explain(a, b);
    expect(e.probability).toBeGreaterThan(0.99);
    const region = e.fields.find((f) => f.field === 'region')!;
    expect(region.level).not.toBe('exact');
    expect(region.weight).toBeGreaterThanOrEqual(-2);
    // and no "same NIK, different person" conflict is raised for them
    for (let k = 0; k < m.conflicts.length; k++) expect([m.conflicts.a[k], m.conflicts.b[k]].sort()).not.toEqual([a, b].sort());
  });
});
