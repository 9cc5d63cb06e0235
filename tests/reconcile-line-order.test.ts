import { describe, expect, it } from 'vitest';
import type { ResolvedSource } from '../src/config/schema.js';
import { IdState } from '../src/domain/fields.js';
import type { Finding } from '../src/domain/finding.js';
import { tableFromRows, type RowValues } from '../src/domain/table.js';
import { reconcile, type PersonModel } from '../src/reconcile/index.js';

// A loaded table lists each source's rows in line order, and reconcile then orders a source's
// records by index instead of reading their lines. A table whose rows are not in line order (a
// hand-built one) must still be ordered by line: duplicates listed by line, and a source's
// identity compared through its record with the lowest line.

function src(name: string, role: ResolvedSource['role'], index: number, region: string): ResolvedSource {
  return { name, role, index, path: `${name}.csv`, absPath: `/x/${name}.csv`, region };
}

const SOURCES = [src('kemensos_pkh', 'central', 0, '61'), src('kota_6171', 'regency', 1, '6171')];

// Synthetic NIK and KK with a real Pontianak village code.
const SITI: Partial<RowValues> = {
  nikHi: 61710545,
  nikLo: 8900003,
  nikState: IdState.Ok,
  kkHi: 61710123,
  kkLo: 4150007,
  kkState: IdState.Ok,
  birth: 19900805,
  region: '6171010001',
  program: 'PKH',
};

const CENTRAL = { source: 0, line: 2, ...SITI, name: 'SITI AMINAH' };
// The city roster lists her twice: correctly on line 3, and with a clipped name on line 8.
const CITY_FIRST = { source: 1, line: 3, ...SITI, name: 'SITI AMINAH' };
const CITY_LATER = { source: 1, line: 8, ...SITI, name: 'SITI AMINA' };

function run(rows: Partial<RowValues>[]): Finding[] {
  const t = tableFromRows(rows);
  // One person, named by its lowest index as the matcher names persons.
  const model: PersonModel = {
    person: new Uint32Array(rows.length),
    conflicts: { a: new Uint32Array(0), b: new Uint32Array(0), length: 0 },
    pairProbability: () => 0.96,
  };
  return reconcile(t, { sources: SOURCES, programs: {} }, model);
}

function brief(fs: Finding[]): string[] {
  return fs.map((f) => [f.code, f.source, f.line, f.other?.source ?? '', f.other?.line ?? '', f.field ?? '', f.value ?? ''].join(' '));
}

describe('reconcile: order within a source', () => {
  const expected = [
    'duplicate.within_source kota_6171 3    ',
    'duplicate.within_source kota_6171 8    ',
    // Line 3 speaks for the city roster: its name agrees with the central roster, so no name
    // finding; the clipped name on line 8 is reported only as part of the duplicate.
  ];

  it('orders a source by line when its rows are in line order', () => {
    expect(brief(run([CENTRAL, CITY_FIRST, CITY_LATER]))).toEqual(expected);
  });

  it('orders a source by line when its rows are not in line order', () => {
    expect(brief(run([CENTRAL, CITY_LATER, CITY_FIRST]))).toEqual(expected);
  });

  it('compares identity through the lowest line even when that row comes last', () => {
    // The clipped name now sits on the lower line: it speaks for the city roster.
    const clippedFirst = { ...CITY_LATER, line: 1 };
    expect(brief(run([CENTRAL, CITY_FIRST, clippedFirst]))).toEqual([
      'duplicate.within_source kota_6171 1    ',
      'duplicate.within_source kota_6171 3    ',
      'out_of_sync.field kemensos_pkh 2 kota_6171 1 name SITI AMINAH',
    ]);
  });
});
