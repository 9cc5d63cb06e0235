import { describe, expect, it } from 'vitest';
import type { ResolvedConfig, ResolvedSource } from '../src/config/schema.js';
import { Sex } from '../src/domain/fields.js';
import { parseId } from '../src/domain/nik.js';
import { tableFromRows, type RowValues } from '../src/domain/table.js';
import { loadRegionIndex } from '../src/load/wilayah.js';
import { en } from '../src/messages/en.js';
import { id } from '../src/messages/id.js';
import { assessRegionScheme, assessRegionSchemes, CHECKS, looksLikeBpsCode, validateTable } from '../src/validate/index.js';

const regions = loadRegionIndex();
const TODAY = 20261123;

function source(extra: Partial<ResolvedSource> = {}): ResolvedSource {
  return { name: 'kab_6171', role: 'regency', region: '61.71', path: 'kab_6171.csv', absPath: '/x/kab_6171.csv', index: 0, ...extra };
}

function config(...sources: ResolvedSource[]): ResolvedConfig {
  return { province: '61', configPath: '/x/padan.config.json', sources: sources.length > 0 ? sources : [source()] };
}

/** A clean row: a woman born 05-08-1975 in Pontianak Selatan, with her family card. */
function row(over: Partial<RowValues> & { nik?: string; kk?: string } = {}): Partial<RowValues> {
  const { nik = '6171014508750001', kk = '6171011203150007', ...rest } = over;
  const n = parseId(nik);
  const k = parseId(kk);
  return {
    line: 2,
    nikHi: n.hi,
    nikLo: n.lo,
    nikState: n.state,
    nikRaw: n.raw,
    kkHi: k.hi,
    kkLo: k.lo,
    kkState: k.state,
    kkRaw: k.raw,
    name: 'SITI AMINAH',
    birth: 19750805,
    sex: Sex.Female,
    region: '6171011002',
    program: 'PKH',
    ...rest,
  };
}

function codes(rows: Partial<RowValues>[], cfg: ResolvedConfig = config()): string[] {
  return validateTable(tableFromRows(rows), cfg, regions, { today: TODAY }).map((f) => f.code);
}

describe('validateTable', () => {
  it('finds nothing wrong with a clean record', () => {
    expect(codes([row()])).toEqual([]);
  });

  it('reports where, what and for which program and region, with the raw value', () => {
    const [f] = validateTable(tableFromRows([row({ nik: '6171010008750001', line: 12, recordId: 'P-12' })]), config(), regions, { today: TODAY });
    expect(f).toEqual({
      kind: 'invalid',
      code: 'nik.birth_date_impossible',
      severity: 'error',
      source: 'kab_6171',
      line: 12,
      recordId: 'P-12',
      index: 0,
      field: 'nik',
      value: '6171010008750001',
      program: 'PKH',
      region: '6171011002',
      args: { day: 0, month: 8 },
    });
  });

  it.each([
    ['nik.missing', { nik: '' }],
    ['nik.malformed', { nik: '617101450875001' }],
    ['nik.scientific', { nik: '6.17101E+15' }],
    ['nik.placeholder', { nik: '0000000000000000' }],
    ['nik.placeholder', { nik: '1234567890123456' }],
    ['nik.province_unknown', { nik: '9971014508750001' }],
    ['nik.regency_unknown', { nik: '6199014508750001' }],
    ['nik.district_unknown', { nik: '6171994508750001' }],
    ['nik.birth_date_impossible', { nik: '6171013508750001' }],
    ['nik.birth_date_impossible', { nik: '6171017208750001' }],
    ['nik.birth_date_impossible', { nik: '6171014513750001' }],
    ['nik.serial_zero', { nik: '6171014508750000' }],
    ['nik.equals_kk', { nik: '6171011203150007', birth: 20150312, sex: Sex.Male }],
    ['nik.sex_mismatch', { sex: Sex.Male }],
    ['nik.birth_date_mismatch', { birth: 19750806 }],
    ['nik.birth_date_mismatch', { birth: 19850805 }],
    ['kk.malformed', { kk: '61710112031500' }],
    ['kk.scientific', { kk: '6,17101E+15' }],
    ['kk.placeholder', { kk: '1111111111111111' }],
    ['kk.province_unknown', { kk: '0071011203150007' }],
    ['kk.regency_unknown', { kk: '6177011203150007' }],
    ['kk.district_unknown', { kk: '6171771203150007' }],
    ['kk.date_impossible', { kk: '6171013213150007' }],
    ['kk.serial_zero', { kk: '6171011203150000' }],
    ['birth_date.future', { birth: 20270101, nik: '6171014501270001' }],
    ['birth_date.implausible', { birth: 18990101, nik: '6171014501990001' }],
    ['name.missing', { name: '' }],
    ['name.placeholder', { name: '-' }],
    ['name.placeholder', { name: 'TANPA NAMA' }],
    ['name.placeholder', { name: '123' }],
    ['name.has_digits', { name: 'SITI AMINAH 2' }],
    ['region.unknown', { region: '6171019999' }],
    ['region.outside_source', { region: '6172011001' }],
  ] as [string, Parameters<typeof row>[0]][])('%s for %j', (code, over) => {
    const found = codes([row(over)]);
    expect(found).toContain(code);
    expect(CHECKS[code as keyof typeof CHECKS]).toBeDefined();
  });

  it('reports a placeholder NIK once, not as an unknown province too', () => {
    expect(codes([row({ nik: '0000000000000000' })])).toEqual(['nik.placeholder']);
  });

  it('accepts NIKs and KKs with the Papua codes renumbered in 2022 (91.01.01 Merauke is now 93.01.01)', () => {
    expect(codes([row({ nik: '9101014508750001', kk: '9101011203150007', region: '' })], config(source({ region: undefined, role: 'central' })))).toEqual([]);
    expect(codes([row({ nik: '9301014508750001', kk: '9301011203150007', region: '' })], config(source({ region: undefined, role: 'central' })))).toEqual([]);
  });

  it('takes the century of the NIK date from the birth date (29-02-00 exists in 2000)', () => {
    expect(codes([row({ nik: '6171016902000001', birth: 20000229 })])).toEqual([]);
  });

  it('asks for the KK where the roster has a KK column', () => {
    expect(codes([row(), row({ kk: '', line: 3 })])).toEqual(['kk.missing']);
  });

  it('does not ask for a KK in a roster without a KK column', () => {
    expect(codes([row({ kk: '' }), row({ kk: '', line: 3 })])).toEqual([]);
  });

  it('checks region coverage against the province for a provincial roster', () => {
    const prov = source({ name: 'dinsos', role: 'provincial', region: undefined });
    expect(codes([row({ region: '3273011001' })], config(prov))).toEqual(['region.outside_source']);
    expect(codes([row({ region: '6102011006' })], config(prov))).toEqual([]);
  });

  it('leaves region checks to the source note when a roster carries BPS codes', () => {
    const rows = ['6171010001', '6171010002', '6171020001'].map((region, k) => row({ region, line: k + 2 }));
    expect(codes(rows, config(source({ region: undefined, role: 'central' })))).toEqual([]);
    const t = tableFromRows(rows);
    expect(assessRegionScheme(t.regions, t.region, t.source, 0, t.size, regions)).toMatchObject({ withCode: 3, unresolved: 3, bpsLike: 3, likelyBps: true });
  });

  it('assesses every source in one pass as it does one source at a time', () => {
    const rows = [
      ...['6171010001', '6171010002', '6171020001'].map((region, k) => row({ region, line: k + 2, source: 0 })),
      ...['6171011002', '6171011002', 'bps:6171010001', ''].map((region, k) => row({ region, line: k + 2, source: 1 })),
    ];
    const t = tableFromRows(rows);
    const both = assessRegionSchemes(t.regions, t.region, t.source, 2, t.size, regions);
    expect(both[0]).toEqual(assessRegionScheme(t.regions, t.region, t.source, 0, t.size, regions));
    expect(both[1]).toEqual(assessRegionScheme(t.regions, t.region, t.source, 1, t.size, regions));
    expect(both[1]).toMatchObject({ withCode: 2, unresolved: 0, likelyBps: false });
  });

  it('judges names in any case and script the same way', () => {
    expect(codes([row({ name: 'tanpa nama' })])).toEqual(['name.placeholder']);
    expect(codes([row({ name: 'Tidak Ada' })])).toEqual(['name.placeholder']);
    expect(codes([row({ name: '   ' })])).toEqual(['name.placeholder']);
    expect(codes([row({ name: 'TANPA NAMA LENGKAP' })])).toEqual([]);
    expect(codes([row({ name: 'Siti Aminah' })])).toEqual([]);
    expect(codes([row({ name: 'NUR’AINI' })])).toEqual([]);
    expect(codes([row({ name: 'Ñoman 2' })])).toEqual(['name.has_digits']);
    expect(codes([row({ name: '١٢٣' })])).toEqual(['name.placeholder']);
    expect(codes([row({ name: 'SITI-2' })])).toEqual(['name.has_digits']);
  });

  it('skips region checks for codes a source declared as BPS', () => {
    expect(codes([row({ region: 'bps:6171010001' })], config(source({ regionScheme: 'bps' })))).toEqual([]);
  });
});

describe('region index', () => {
  it('knows current and former codes at every level', () => {
    expect(regions.hasProvince('61')).toBe(true);
    expect(regions.hasProvince(99)).toBe(false);
    expect(regions.hasRegency('61.71')).toBe(true);
    expect(regions.regencyName('6171')).toBe('Kota Pontianak');
    expect(regions.hasRegency('91.01')).toBe(true); // former Merauke code
    expect(regions.hasDistrict('91.13.36')).toBe(true); // Holuon, now 95.03.34
    expect(regions.hasDistrict('95.03.34')).toBe(true);
    expect(regions.hasVillage('61.71.01.1002')).toBe(true);
    expect(regions.resolves('6171011002')).toBe(true);
    expect(regions.resolves('6171011001')).toBe(false);
  });

  it('tells BPS-shaped codes from Kemendagri ones', () => {
    expect(looksLikeBpsCode('6171010', regions)).toBe(true);
    expect(looksLikeBpsCode('6171010001', regions)).toBe(true);
    expect(looksLikeBpsCode('6171011002', regions)).toBe(false);
    expect(looksLikeBpsCode('9971010001', regions)).toBe(false);
  });
});

describe('message catalogue', () => {
  it('words every check in English and Indonesian', () => {
    for (const code of Object.keys(CHECKS)) {
      expect(en.findings[code], `en ${code}`).toBeTypeOf('function');
      expect(id.findings[code], `id ${code}`).toBeTypeOf('function');
    }
  });

  it('does not spell out digits the mask hides', () => {
    const f = validateTable(tableFromRows([row({ birth: 19750806 })]), config(), regions, { today: TODAY })[0];
    const masked = en.findings[f.code](f, '6171********0001', '');
    expect(masked).not.toContain('050875');
    expect(masked).not.toContain('05-08-75');
    const full = en.findings[f.code](f, '6171014508750001', '1975-08-06');
    expect(full).toContain('05-08-75');
    expect(full).toContain('1975-08-06');
  });
});
