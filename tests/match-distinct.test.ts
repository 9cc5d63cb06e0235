import { describe, expect, it } from 'vitest';
import { IdState } from '../src/domain/fields.js';
import { readRow, tableFromRows, type RowValues } from '../src/domain/table.js';
import { TextColumn } from '../src/domain/text-column.js';
import { generateMatchingScenario } from '../src/generate/scenarios.js';
import { distinctRecords } from '../src/match/distinct.js';
import { matchRecords } from '../src/match/index.js';

const aminah: Partial<RowValues> = { nikState: IdState.Ok, nikHi: 61710141, nikLo: 5859001, name: 'SITI AMINAH', birth: 19850105, sex: 2, region: '6171010001', address: 'JL. MERDEKA 7' };

describe('distinct records', () => {
  it('folds rows that differ only in what the matcher does not read (program, roster, record id)', () => {
    const t = tableFromRows([
      { ...aminah, source: 0, program: 'PKH', recordId: 'PKH-1' },
      { ...aminah, source: 1, program: 'BPNT', recordId: 'DTKS-9' },
      { ...aminah, source: 2, program: 'PBP', status: 2 },
      { ...aminah, source: 2, program: 'PBP', address: 'JL. MERDEKA 8' },
      { ...aminah, source: 3, program: 'PKH' },
    ]);
    const d = distinctRecords(t);
    expect(Array.from(d.row)).toEqual([0, 3]);
    expect(Array.from(d.of)).toEqual([0, 0, 0, 1, 0]);
    expect(Array.from(d.weight)).toEqual([4, 1]);
    expect(d.table.size).toBe(2);
    expect(d.table.addresses[d.table.addressId[1]]).toBe('JL. MERDEKA 8');
  });

  it('keeps apart rows too thin to call copies: no name words, or neither a clean NIK nor a birth date', () => {
    const t = tableFromRows([
      { ...aminah, name: '-' },
      { ...aminah, name: '-' },
      { ...aminah, nikState: IdState.Missing, nikHi: 0, nikLo: 0, birth: 0 },
      { ...aminah, nikState: IdState.Missing, nikHi: 0, nikLo: 0, birth: 0 },
      { ...aminah, nikState: IdState.Missing, nikHi: 0, nikLo: 0 },
      { ...aminah, nikState: IdState.Missing, nikHi: 0, nikLo: 0 },
    ]);
    const d = distinctRecords(t);
    expect(Array.from(d.of)).toEqual([0, 1, 2, 3, 4, 4]);
  });

  it('gives every copy its first row\'s person on generated rosters', () => {
    const sc = generateMatchingScenario({ seed: 5, families: 300 });
    const d = distinctRecords(sc.table);
    expect(d.row.length).toBeLessThan(sc.table.size);
    const m = matchRecords(sc.table);
    for (let i = 0; i < sc.table.size; i++) expect(m.person[i]).toBe(m.person[d.row[d.of[i]]]);
    // Person ids are rows: the smallest row of the cluster, which is always a record's first row.
    for (let i = 0; i < sc.table.size; i++) expect(m.person[i]).toBeLessThanOrEqual(i);
    for (let k = 0; k < m.links.length; k++) expect(d.row[d.of[m.links.a[k]]]).toBe(m.links.a[k]);
  });

  it('folds exactly the rows whose compared fields and damaged-NIK texts agree, through thousands of records', () => {
    // Enough records to grow the hash table several times; copies come back far from their first row.
    const rows: Partial<RowValues>[] = [];
    for (let k = 0; k < 6000; k++) {
      const person = (k * 7919) % 2500;
      const damaged = person % 5 === 0;
      rows.push({
        ...aminah,
        nikState: damaged ? IdState.Malformed : IdState.Ok,
        nikHi: damaged ? 0 : 61710141 + (person % 97),
        nikLo: damaged ? 0 : person,
        // Two damaged texts per damaged person: equal text folds, different text does not.
        nikRaw: damaged ? `6171-0141-${person}-${k % 3 === 0 ? 0 : 1}` : '',
        name: `SITI AMINAH ${String.fromCharCode(65 + (person % 26))}`,
        birth: 19800101 + (person % 28),
        recordId: `R${k}`,
        program: k % 3 === 0 ? 'PKH' : 'BPNT',
      });
    }
    const t = tableFromRows(rows);
    const d = distinctRecords(t);
    const key = (i: number): string => {
      const r = readRow(t, i);
      return [r.nikHi, r.nikLo, r.nikState, r.nikRaw, r.kkHi, r.kkLo, r.kkState, r.kkRaw, r.name, r.birth, r.sex, r.region, r.address].join('|');
    };
    const first = new Map<string, number>();
    const expectedRow: number[] = [];
    const expectedOf: number[] = [];
    for (let i = 0; i < t.size; i++) {
      let r = first.get(key(i));
      if (r === undefined) {
        r = expectedRow.length;
        first.set(key(i), r);
        expectedRow.push(i);
      }
      expectedOf.push(r);
    }
    expect(expectedRow.length).toBeGreaterThan(2500);
    expect(Array.from(d.row)).toEqual(expectedRow);
    expect(Array.from(d.of)).toEqual(expectedOf);
    const weight = new Array<number>(expectedRow.length).fill(0);
    for (const r of expectedOf) weight[r]++;
    expect(Array.from(d.weight)).toEqual(weight);
    // The records' ids are their first rows' (read through, and as plain data).
    for (let r = 0; r < d.row.length; r++) expect(d.table.recordId.get(r)).toBe(`R${d.row[r]}`);
    const copy = new TextColumn(d.table.recordId.data());
    expect(copy.get(d.row.length - 1)).toBe(`R${d.row[d.row.length - 1]}`);
    expect(d.table.nikRaw[expectedOf[5]]).toBe(t.nikRaw[expectedRow[expectedOf[5]]]);
  });
});
