import { describe, expect, it } from 'vitest';
import type { ResolvedConfig, ResolvedSource } from '../src/config/schema.js';
import { IdState, Status } from '../src/domain/fields.js';
import type { Finding } from '../src/domain/finding.js';
import { tableFromRows, type RowValues } from '../src/domain/table.js';
import { reconcile, type PersonModel } from '../src/reconcile/index.js';

// Synthetic identities: real Kalimantan Barat district codes, serials starting with 9.
function id16(s: string): Pick<RowValues, 'nikHi' | 'nikLo' | 'nikState'> {
  return { nikHi: Number(s.slice(0, 8)), nikLo: Number(s.slice(8)), nikState: IdState.Ok };
}
function kk16(s: string): Pick<RowValues, 'kkHi' | 'kkLo' | 'kkState'> {
  return { kkHi: Number(s.slice(0, 8)), kkLo: Number(s.slice(8)), kkState: IdState.Ok };
}

function src(name: string, role: ResolvedSource['role'], index: number, region?: string): ResolvedSource {
  return { name, role, index, path: `${name}.csv`, absPath: `/x/${name}.csv`, region };
}

const SOURCES = [
  src('kemensos_pkh', 'central', 0),
  src('dinsos_prov', 'provincial', 1, '61'),
  src('kab_6171', 'regency', 2, '6171'),
  src('kab_6172', 'regency', 3, '6172'),
];

/** Person ids from labels: records with the same label are one person. */
function model(labels: string[]): PersonModel {
  const first = new Map<string, number>();
  const person = new Uint32Array(labels.length);
  labels.forEach((l, i) => {
    if (!first.has(l)) first.set(l, i);
    person[i] = first.get(l)!;
  });
  return {
    person,
    conflicts: { a: new Uint32Array(0), b: new Uint32Array(0), length: 0 },
    pairProbability: (a, b) => person[a] === person[b] ? 0.99 : 0.01,
  };
}

interface Row extends Partial<RowValues> {
  who: string;
}

function run(rows: Row[], config: Partial<Pick<ResolvedConfig, 'programs'>> = {}, sources = SOURCES): Finding[] {
  const t = tableFromRows(rows.map(({ who: _who, ...r }) => r));
  return reconcile(t, { sources, ...config }, model(rows.map((r) => r.who)));
}

const SITI = { ...id16('6171054508900003'), ...kk16('6171012304150007'), name: 'SITI AMINAH', birth: 19900805, region: '6171010001' };
const BUDI = { ...id16('6172031203850911'), ...kk16('6172010101100912'), name: 'BUDI SANTOSO', birth: 19850312, region: '6172020005' };

function brief(fs: Finding[]) {
  return fs.map((f) => [f.kind, f.source, f.line, f.other?.source ?? '', f.field ?? ''].join(' ')).sort();
}

describe('reconcile: consistent rosters', () => {
  it('reports nothing when every covering source lists the person with the same data', () => {
    const fs = run([
      { who: 'siti', source: 0, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 1, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 2, line: 2, program: 'PKH', ...SITI },
    ]);
    expect(fs).toEqual([]);
  });

  it('does not report the same person in two different programs', () => {
    const fs = run([
      { who: 'siti', source: 0, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 1, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 2, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 2, line: 3, program: 'BPNT', ...SITI },
      { who: 'siti', source: 1, line: 3, program: 'BPNT', ...SITI },
    ]);
    expect(fs).toEqual([]);
  });
});

describe('reconcile: duplicate', () => {
  it('groups the same person listed twice in one source for one program', () => {
    const fs = run([
      { who: 'siti', source: 0, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 0, line: 9, program: 'PKH', ...SITI, name: 'HJ. SITI AMINAH' },
      { who: 'siti', source: 1, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 2, line: 2, program: 'PKH', ...SITI },
    ]);
    const dups = fs.filter((f) => f.kind === 'duplicate');
    expect(dups.map((f) => [f.source, f.line, f.code])).toEqual([
      ['kemensos_pkh', 2, 'duplicate.within_source'],
      ['kemensos_pkh', 9, 'duplicate.within_source'],
    ]);
    expect(new Set(dups.map((f) => f.group)).size).toBe(1);
    expect(dups[0].score).toBeCloseTo(0.99);
    // the title is cosmetic: no out_of_sync name finding
    expect(fs.filter((f) => f.kind === 'out_of_sync')).toEqual([]);
  });

  it('reports a person registered in two regency rosters for one program, one row per record', () => {
    const fs = run([
      { who: 'siti', source: 0, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 1, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 2, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 3, line: 5, program: 'PKH', ...SITI, region: '' },
    ]);
    const dups = fs.filter((f) => f.kind === 'duplicate');
    expect(dups.map((f) => [f.source, f.line, f.code])).toEqual([
      ['kab_6171', 2, 'duplicate.across_regencies'],
      ['kab_6172', 5, 'duplicate.across_regencies'],
    ]);
  });
});

describe('reconcile: missing (coverage rule)', () => {
  it('reports both directions between central and regency, only where the other source covers the region', () => {
    const fs = run([
      // Siti: central + provincial, but kab_6171 (covers 6171) lacks her.
      { who: 'siti', source: 0, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 1, line: 2, program: 'PKH', ...SITI },
      // Budi: only in kab_6172 -> missing from central and provincial; kab_6171 does not cover 6172.
      { who: 'budi', source: 3, line: 4, program: 'PKH', ...BUDI },
      // a kab_6171 PKH row of someone else so kab_6171 holds PKH
      { who: 'x', source: 2, line: 7, program: 'PKH', ...SITI, ...id16('6171010101700911'), name: 'ANI' },
      { who: 'x', source: 0, line: 8, program: 'PKH', ...SITI, ...id16('6171010101700911'), name: 'ANI' },
      { who: 'x', source: 1, line: 8, program: 'PKH', ...SITI, ...id16('6171010101700911'), name: 'ANI' },
    ]);
    expect(brief(fs.filter((f) => f.kind === 'missing'))).toEqual(
      [
        'missing dinsos_prov 2 kab_6171 ',
        'missing kab_6172 4 dinsos_prov ',
        'missing kab_6172 4 kemensos_pkh ',
        'missing kemensos_pkh 2 kab_6171 ',
      ].map((s) => s.trimEnd() + ' '),
    );
  });

  it('a source that never lists a program does not cover it', () => {
    const fs = run([
      { who: 'siti', source: 0, line: 2, program: 'PBP', ...SITI },
      { who: 'siti', source: 1, line: 2, program: 'PKH', ...SITI },
    ]);
    expect(fs.filter((f) => f.kind === 'missing')).toEqual([]);
  });

  it('a per-family program reports a different family member as one out_of_sync nik finding, not two missing', () => {
    const istri = { ...SITI };
    const suami = { ...SITI, ...id16('6171051203880911'), name: 'AHMAD FAUZI', birth: 19880312 };
    const fs = run(
      [
        { who: 'siti', source: 0, line: 2, program: 'PBP', ...istri },
        { who: 'ahmad', source: 2, line: 6, program: 'PBP', ...suami },
      ],
      // config keys are matched case-insensitively, as the loader upper-cases program values
      { programs: { pbp: { unit: 'family' } } },
    );
    expect(fs.map((f) => [f.kind, f.code, f.source, f.line, f.other?.source, f.other?.line, f.field])).toEqual([
      ['out_of_sync', 'out_of_sync.family_member', 'kab_6171', 6, 'kemensos_pkh', 2, 'nik'],
    ]);
    expect(fs[0].value).toBe('6171051203880911');
    expect(fs[0].otherValue).toBe('6171054508900003');
    expect(fs[0].args).toMatchObject({ name: 'AHMAD FAUZI', other_name: 'SITI AMINAH' });
  });

  it('a per-family program keeps both missing findings when the other source lists someone of another family', () => {
    const tetangga = { ...SITI, ...id16('6171051203880911'), ...kk16('6171012304150099'), name: 'AHMAD FAUZI', birth: 19880312 };
    const fs = run(
      [
        { who: 'siti', source: 0, line: 2, program: 'PBP', ...SITI },
        { who: 'ahmad', source: 2, line: 6, program: 'PBP', ...tetangga },
      ],
      { programs: { pbp: { unit: 'family' } } },
    );
    expect(brief(fs)).toEqual(['missing kab_6171 6 kemensos_pkh ', 'missing kemensos_pkh 2 kab_6171 ']);
  });

  it('without the family setting the same case is two missing findings', () => {
    const suami = { ...SITI, ...id16('6171051203880911'), name: 'AHMAD FAUZI', birth: 19880312 };
    const fs = run([
      { who: 'siti', source: 0, line: 2, program: 'PBP', ...SITI },
      { who: 'ahmad', source: 2, line: 6, program: 'PBP', ...suami },
    ]);
    expect(brief(fs)).toEqual(['missing kab_6171 6 kemensos_pkh ', 'missing kemensos_pkh 2 kab_6171 ']);
  });
});

describe('reconcile: out_of_sync', () => {
  it('reports each differing identity field once per pair of sources, ordered by source name', () => {
    const fs = run([
      { who: 'siti', source: 0, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 1, line: 2, program: 'PKH', ...SITI },
      {
        who: 'siti',
        source: 2,
        line: 3,
        program: 'PKH',
        ...SITI,
        ...kk16('6171012304150099'),
        name: 'SITI AMINAH BINTI SALEH',
        birth: 19900508,
      },
    ]);
    const oos = fs.filter((f) => f.kind === 'out_of_sync');
    expect(brief(oos)).toEqual([
      'out_of_sync dinsos_prov 2 kab_6171 birth_date',
      'out_of_sync dinsos_prov 2 kab_6171 kk',
      'out_of_sync dinsos_prov 2 kab_6171 name',
      'out_of_sync kab_6171 3 kemensos_pkh birth_date',
      'out_of_sync kab_6171 3 kemensos_pkh kk',
      'out_of_sync kab_6171 3 kemensos_pkh name',
    ]);
    const kk = oos.find((f) => f.field === 'kk' && f.source === 'kab_6171')!;
    expect([kk.value, kk.otherValue]).toEqual(['6171012304150099', '6171012304150007']);
    expect(oos.find((f) => f.field === 'birth_date' && f.source === 'dinsos_prov')!.value).toBe('1990-08-05');
  });

  it('ignores case, spacing, punctuation and titles in names', () => {
    const fs = run([
      { who: 'siti', source: 0, line: 2, program: 'PKH', ...SITI, name: 'Hj. Siti  Aminah, S.Pd.' },
      { who: 'siti', source: 1, line: 2, program: 'PKH', ...SITI },
      { who: 'siti', source: 2, line: 2, program: 'PKH', ...SITI, name: 'siti aminah' },
    ]);
    expect(fs).toEqual([]);
  });

  it('treats a longer region code with the same prefix as agreeing (moved within the regency is not drift)', () => {
    const fs = run([
      { who: 'siti', source: 0, line: 2, program: 'PKH', ...SITI, region: '6171' },
      { who: 'siti', source: 1, line: 2, program: 'PKH', ...SITI, region: '6171010001' },
      { who: 'siti', source: 2, line: 2, program: 'PKH', ...SITI, region: '' },
    ]);
    expect(fs).toEqual([]);
  });

  it('compares status and amount only within one program', () => {
    const fs = run([
      { who: 'siti', source: 0, line: 2, program: 'PKH', ...SITI, status: Status.Active, amount: 750000 },
      { who: 'siti', source: 1, line: 2, program: 'PKH', ...SITI, status: Status.Deceased, amount: 750000 },
      { who: 'siti', source: 1, line: 3, program: 'BPNT', ...SITI, status: Status.Active, amount: 200000 },
      { who: 'siti', source: 2, line: 2, program: 'PKH', ...SITI, status: Status.Active, amount: 600000 },
      { who: 'siti', source: 2, line: 3, program: 'BPNT', ...SITI, status: Status.Active, amount: 200000 },
    ]);
    expect(brief(fs)).toEqual([
      'out_of_sync dinsos_prov 2 kab_6171 amount',
      'out_of_sync dinsos_prov 2 kab_6171 status',
      'out_of_sync dinsos_prov 2 kemensos_pkh status',
      'out_of_sync kab_6171 2 kemensos_pkh amount',
    ]);
  });
});

describe('reconcile: NIK shared by different people', () => {
  it('reports the matcher conflict once, from the record whose source name sorts first, scored by the pair', () => {
    // BUDI's row carries SITI's NIK: same NIK, different person (the matcher says so).
    const rows: Row[] = [
      { who: 'budi', source: 2, line: 9, program: 'PKH', ...BUDI, ...id16('6171054508900003') },
      { who: 'siti', source: 0, line: 4, program: 'PKH', ...SITI },
    ];
    const t = tableFromRows(rows.map(({ who: _who, ...r }) => r));
    const fs = reconcile(t, { sources: SOURCES }, {
      ...model(rows.map((r) => r.who)),
      conflicts: { a: Uint32Array.of(1), b: Uint32Array.of(0), length: 1 },
      // Asked with the lower index first, as every link is.
      pairProbability: (a, b) => a === 0 && b === 1 ? 0.12 : 0.5,
    });
    const shared = fs.filter((f) => f.code === 'nik.shared_by_different_people');
    expect(shared.map((f) => [f.source, f.line, f.other?.source, f.other?.line, f.value, f.otherValue, f.score])).toEqual([
      ['kab_6171', 9, 'kemensos_pkh', 4, '6171054508900003', '6171054508900003', 0.12],
    ]);
    expect(shared[0].args).toMatchObject({ name: 'BUDI SANTOSO', other_name: 'SITI AMINAH' });
  });
});
