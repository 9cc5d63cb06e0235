import { describe, expect, it } from 'vitest';
import type { ResolvedSource } from '../src/config/schema.js';
import { IdState } from '../src/domain/fields.js';
import type { Finding } from '../src/domain/finding.js';
import { tableFromRows, type RowValues } from '../src/domain/table.js';
import { reconcile, type PersonModel } from '../src/reconcile/index.js';

// Reconcile walks persons by a chain when each person is named by its lowest record index (what
// the matcher gives) and sorts by id otherwise; both must find the same things.

function src(name: string, role: ResolvedSource['role'], index: number, region?: string): ResolvedSource {
  return { name, role, index, path: `${name}.csv`, absPath: `/x/${name}.csv`, region };
}

const SOURCES = [
  src('kemensos_pkh', 'central', 0, '61'),
  src('dinsos_prov', 'provincial', 1, '61'),
  src('kab_6171', 'regency', 2, '6171'),
  src('kab_6172', 'regency', 3, '6172'),
];

// Synthetic identities with real Kalimantan Barat codes.
function person(nik: string, kk: string, name: string, birth: number, region: string): Partial<RowValues> {
  return {
    nikHi: Number(nik.slice(0, 8)),
    nikLo: Number(nik.slice(8)),
    nikState: IdState.Ok,
    kkHi: Number(kk.slice(0, 8)),
    kkLo: Number(kk.slice(8)),
    kkState: IdState.Ok,
    name,
    birth,
    region,
  };
}

const SITI = person('6171054508900003', '6171012304150007', 'SITI AMINAH', 19900805, '6171010001');
const RUDI = person('6171051203880004', '6171012304150007', 'RUDI HARTONO', 19880312, '6171010001');
const BUDI = person('6172031203850911', '6172010101100912', 'BUDI SANTOSO', 19850312, '6172020005');

const ROWS: (Partial<RowValues> & { who: string })[] = [
  { who: 'siti', source: 0, line: 2, program: 'PKH', ...SITI },
  { who: 'budi', source: 3, line: 2, program: 'PKH', ...BUDI },
  { who: 'siti', source: 2, line: 4, program: 'PKH', ...SITI, name: 'SITI AMINA' },
  { who: 'siti', source: 2, line: 9, program: 'PKH', ...SITI },
  { who: 'budi', source: 0, line: 3, program: 'PKH', ...BUDI, birth: 19850313 },
  { who: 'rudi', source: 1, line: 5, program: 'PBP', ...RUDI },
  { who: 'siti', source: 0, line: 7, program: 'PBP', ...SITI },
  { who: 'budi', source: 2, line: 6, program: 'PKH', ...BUDI, region: '' },
];

function run(ids: (labels: string[]) => Uint32Array): Finding[] {
  const t = tableFromRows(ROWS.map(({ who: _who, ...r }) => r));
  const labels = ROWS.map((r) => r.who);
  const personOf = ids(labels);
  const model: PersonModel = {
    person: personOf,
    conflicts: { a: new Uint32Array(0), b: new Uint32Array(0), length: 0 },
    pairProbability: (a, b) => personOf[a] === personOf[b] ? 0.97 : 0.02,
  };
  return reconcile(t, { sources: SOURCES, programs: { PBP: { unit: 'family' } } }, model);
}

/** Each label's lowest record index: what the matcher gives. */
function lowestIndex(labels: string[]): Uint32Array {
  return Uint32Array.from(labels, (l) => labels.indexOf(l));
}

/** Each label's highest record index plus an offset: ids that are not a member's own index. */
function otherIds(labels: string[]): Uint32Array {
  return Uint32Array.from(labels, (l) => labels.lastIndexOf(l) + 100);
}

function brief(fs: Finding[]): string[] {
  return fs.map((f) => [f.kind, f.code, f.source, f.line, f.other?.source ?? '', f.other?.line ?? '', f.field ?? '', f.score ?? ''].join(' ')).sort();
}

describe('reconcile: person ids', () => {
  it('finds the same duplicates, missing and out_of_sync findings whatever the ids look like', () => {
    const byChain = run(lowestIndex);
    const bySort = run(otherIds);
    expect(brief(bySort)).toEqual(brief(byChain));
    // Budi's kab_6171 row has no village code: his regency comes from the roster's region.
    // Rudi stands in for his wife Siti in the per-family PBP: one family_member finding, no missing.
    expect(brief(byChain)).toEqual(
      [
        'duplicate duplicate.across_regencies kab_6171 6    0.97',
        'duplicate duplicate.across_regencies kab_6172 2    0.97',
        'duplicate duplicate.within_source kab_6171 4    0.97',
        'duplicate duplicate.within_source kab_6171 9    0.97',
        'out_of_sync out_of_sync.family_member dinsos_prov 5 kemensos_pkh 7 nik 0.02',
        'out_of_sync out_of_sync.field kab_6171 4 kemensos_pkh 2 name 0.97',
        'out_of_sync out_of_sync.field kab_6171 6 kab_6172 2 region 0.97',
        'out_of_sync out_of_sync.field kab_6171 6 kemensos_pkh 3 birth_date 0.97',
        'out_of_sync out_of_sync.field kab_6171 6 kemensos_pkh 3 region 0.97',
        'out_of_sync out_of_sync.field kab_6172 2 kemensos_pkh 3 birth_date 0.97',
      ].sort(),
    );
  });
});
