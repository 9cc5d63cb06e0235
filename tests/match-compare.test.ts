import { describe, expect, it } from 'vitest';
import { IdState, Sex } from '../src/domain/fields.js';
import { type RowValues, tableFromRows } from '../src/domain/table.js';
import { candidatePairs, DEFAULT_RULES, nikTypoRule } from '../src/match/block.js';
import {
  addressComparator,
  birthComparator,
  type Comparator,
  idComparator,
  nameComparator,
  newScratch,
  regionComparator,
  sexComparator,
} from '../src/match/compare.js';
import { buildFeatures } from '../src/match/features.js';
import { IdEdit, idEdit, idEditHalves, jaroWinkler, lastFirstDiff } from '../src/match/strings.js';
import { Rng } from '../src/domain/rng.js';

// Synthetic NIKs: real district codes (32.73.11 Kota Bandung, 35.78.18 Surabaya), made-up rest.
const nik = (digits: string): Partial<RowValues> => ({ nikState: IdState.Ok, nikHi: Number(digits.slice(0, 8)), nikLo: Number(digits.slice(8)) });
const kk = (digits: string): Partial<RowValues> => ({ kkState: IdState.Ok, kkHi: Number(digits.slice(0, 8)), kkLo: Number(digits.slice(8)) });

/** The level label a comparator gives two rows (with some background rows for word frequencies). */
function level(c: Comparator, a: Partial<RowValues>, b: Partial<RowValues>, background: Partial<RowValues>[] = []): string {
  const f = buildFeatures(tableFromRows([a, b, ...background]));
  return c.levels[c.compare(f, 0, 1, newScratch())];
}

describe('string primitives', () => {
  it('Jaro-Winkler gives the textbook values', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('SUHARTO', 'SUHARTO')).toBe(1);
    expect(jaroWinkler('', 'RINA')).toBe(0);
  });

  it('classifies identifier edits of any length', () => {
    expect(idEdit('3273115904869001', '3273115904869001')).toBe(IdEdit.Exact);
    expect(idEdit('3273115904869001', '3273115904869007')).toBe(IdEdit.Substitution);
    expect(idEdit('3273115904869001', '3273115904869010')).toBe(IdEdit.Transposition);
    expect(idEdit('3273115904869001', '327311590486900')).toBe(IdEdit.Indel);
    expect(idEdit('5304218', '5304281')).toBe(IdEdit.Transposition); // FEBRL's 7-digit soc_sec_id
    expect(idEdit('5304218', '5304219')).toBe(IdEdit.Substitution);
    expect(idEdit('5304218', '9304217')).toBe(IdEdit.Other);
  });

  it('classifies two 16-digit NIKs from their halves exactly as from their text', () => {
    const rng = new Rng(16);
    const halves = (t: string): [number, number] => [Number(t.slice(0, 8)), Number(t.slice(8))];
    for (let n = 0; n < 5000; n++) {
      const a = Array.from({ length: 16 }, () => rng.int(0, 9));
      const b = a.slice();
      const edit = rng.int(0, 3);
      const p = rng.int(0, 14);
      if (edit === 1) b[p] = (b[p] + rng.int(1, 9)) % 10;
      if (edit === 2) [b[p], b[p + 1]] = [b[p + 1], b[p]];
      if (edit === 3) for (let k = 0; k < 3; k++) b[rng.int(0, 15)] = rng.int(0, 9);
      const ta = a.join('');
      const tb = b.join('');
      const e = idEditHalves(...halves(ta), ...halves(tb));
      expect(e, `${ta} ${tb}`).toBe(idEdit(ta, tb));
      const first = [...ta].findIndex((ch, k) => ch !== tb[k]);
      if (e === IdEdit.Substitution || e === IdEdit.Transposition) expect(lastFirstDiff).toBe(first);
    }
  });

  it('classifies two yyyymmdd birth dates as numbers exactly as from their text', () => {
    const rng = new Rng(8);
    for (let n = 0; n < 5000; n++) {
      const a = rng.int(19000101, 20251231);
      const digits = String(a).split('').map(Number);
      const edit = rng.int(0, 3);
      const p = rng.int(0, 6);
      if (edit === 1) digits[p] = (digits[p] + rng.int(1, 9)) % 10;
      if (edit === 2) [digits[p], digits[p + 1]] = [digits[p + 1], digits[p]];
      if (edit === 3) for (let k = 0; k < 3; k++) digits[rng.int(0, 7)] = rng.int(0, 9);
      const b = Number(digits.join(''));
      if (b < 1e7) continue;
      expect(idEditHalves(0, a, 0, b), `${a} ${b}`).toBe(idEdit(String(a), String(b)));
    }
  });
});

describe('NIK comparator', () => {
  const c = idComparator('nik');
  it('has the levels exact, substitution, transposition, missing digit, else', () => {
    expect(level(c, nik('3273115904869001'), nik('3273115904869001'))).toBe('exact');
    expect(level(c, nik('3273115904869001'), nik('3273115904869004'))).toBe('substitution');
    expect(level(c, nik('3273115904869001'), nik('3273115904869010'))).toBe('transposition');
    expect(level(c, nik('3273115904869001'), { nikState: IdState.Malformed, nikRaw: '327311590486900' })).toBe('missing digit');
    expect(level(c, nik('3273115904869001'), nik('3578184107659001'))).toBe('else');
  });

  it('treats missing and Excel-damaged NIKs as no evidence', () => {
    expect(level(c, nik('3273115904869001'), {})).toBe('null');
    expect(level(c, nik('3273115904869001'), { nikState: IdState.Scientific, nikRaw: '3.27312E+15' })).toBe('null');
    expect(level(c, { nikState: IdState.Malformed, nikRaw: '0000000000000000' }, { nikState: IdState.Malformed, nikRaw: '0000000000000000' })).toBe('null');
  });

  it('compares short identifiers such as FEBRL soc_sec_id as digits', () => {
    expect(level(c, { nikState: IdState.Malformed, nikRaw: '5304218' }, { nikState: IdState.Malformed, nikRaw: '5304218' })).toBe('exact');
  });

  it('calls a date-digit difference explained by two different birth dates "else"', () => {
    // Born 19 and 18 April 1986 in the same district, both serial 9001: two people, not a typo.
    const a = { ...nik('3273115904869001'), birth: 19860419 };
    const b = { ...nik('3273115804869001'), birth: 19860418 };
    expect(level(c, a, b)).toBe('else');
    // The same one-digit NIK difference with equal birth dates is a typo.
    expect(level(c, a, { ...b, birth: 19860419 })).toBe('substitution');
  });

  it('decides a date-digit slip the same from clean halves as from the digits of unclean NIKs', () => {
    // A woman's NIK (DD + 40) and a transposition across the two 8-digit halves (positions 7 and 8).
    const pairs: [string, number, string, number][] = [
      ['3578185904869001', 19860419, '3578185804869001', 19860418],
      ['3578185904869001', 19860419, '3578185940869001', 19860419],
      ['3578181904869001', 19860419, '3578181940869001', 19860419],
      ['3273110905870003', 19870509, '3273110950870003', 19870905],
    ];
    for (const [x, bx, y, by] of pairs) {
      const unclean = (d: string): Partial<RowValues> => ({ nikState: IdState.Malformed, nikRaw: d });
      const fromHalves = level(c, { ...nik(x), birth: bx }, { ...nik(y), birth: by });
      expect(fromHalves, `${x} ${y}`).toBe(level(c, { ...unclean(x), birth: bx }, { ...unclean(y), birth: by }));
    }
  });
});

describe('birth date comparator', () => {
  const c = birthComparator();
  it.each([
    [19800512, 19800512, 'exact'],
    [19800512, 19801205, 'swap'],
    [19800512, 19800513, 'typo'],
    [19800512, 19810512, 'typo'],
    [19800512, 19805012, 'typo'],
    [19800512, 19800728, 'year'],
    [19800512, 19550301, 'else'],
    [19800512, 0, 'null'],
  ])('%i vs %i is %s', (a, b, want) => {
    expect(level(c, { birth: a }, { birth: b })).toBe(want);
  });
});

describe('name comparator', () => {
  const c = nameComparator();
  // Background so word frequencies (IDF) are realistic: SITI is common, RAHAYU is not.
  const background = ['SITI AMINAH', 'SITI FATIMAH', 'SITI ROHANI', 'SITI KHADIJAH', 'AHMAD YANI', 'SRI WAHYUNI'].map((name) => ({ name }));
  it.each([
    ['MUHAMMAD RIZKI', 'MOCH. RIZKI', 'exact'],
    ['H. AHMAD DAHLAN', 'AHMAD DAHLAN, S.Pd.', 'exact'],
    ['SOEHARTO', 'SUHARTO', 'exact'],
    ['TJAHJONO', 'CAHYONO', 'exact'],
    ['SUHARTO AHMAD', 'AHMAD SUHARTO', 'reordered'],
    ['SITI RAHAYU', 'SITI RAHAYUU', 'exact'],
    ['SRI WAHYUNI', 'SRI WAHYUNY', 'close'],
    ['ABDUL RAHMAN', 'ABDULRAHMAN', 'close'],
    ['FATIMAH AZZAHRA', 'PATIMAH AZZAHRA', 'close'],
    ['SITI AMINAH', 'AMINAH', 'subset'],
    ['M. RIZKI RAMADHAN', 'MUHAMMAD RIZKI', 'subset'],
    ['HASAN BASRI', 'HUSIN BASRI', 'similar'],
    ['SITI AMINAH', 'SITI RAHAYU', 'else'],
    ['SUPARMAN', 'SUKINEM', 'else'],
    ['', 'SUPARMAN', 'null'],
  ])('%s vs %s is %s', (a, b, want) => {
    expect(level(c, { name: a }, { name: b }, background)).toBe(want);
  });

  it('compares the bin/binti tail only when both carry one', () => {
    expect(level(c, { name: 'AHMAD BIN SALEH' }, { name: 'AHMAD' }, background)).toBe('exact');
    expect(level(c, { name: 'AHMAD BIN SALEH' }, { name: 'AHMAD BIN YUSUF' }, background)).not.toBe('exact');
  });

  it('reports how common an agreeing name is (term frequency)', () => {
    const rows = [{ name: 'SITI AMINAH' }, { name: 'SITI AMINAH' }, { name: 'SITI AMINAH' }, { name: 'WIDYASTUTI KUSUMAWATI' }];
    const f = buildFeatures(tableFromRows([...rows, { name: 'WIDYASTUTI KUSUMAWATI' }]));
    const s = newScratch();
    c.compare(f, 0, 1, s);
    const common = s.freq;
    c.compare(f, 3, 4, s);
    expect(common).toBeGreaterThan(s.freq);
  });
});

describe('KK, sex, region and address comparators', () => {
  it('KK: exact, one substitution, else', () => {
    const c = idComparator('kk');
    expect(level(c, kk('3273110202219001'), kk('3273110202219001'))).toBe('exact');
    expect(level(c, kk('3273110202219001'), kk('3273110202219002'))).toBe('substitution');
    expect(level(c, kk('3273110202219001'), kk('3578180708069001'))).toBe('else');
  });

  it('sex: exact or else, unknown is null', () => {
    const c = sexComparator();
    expect(level(c, { sex: Sex.Female }, { sex: Sex.Female })).toBe('exact');
    expect(level(c, { sex: Sex.Female }, { sex: Sex.Male })).toBe('else');
    expect(level(c, { sex: Sex.Female }, {})).toBe('null');
  });

  it('region: the longest shared Kemendagri prefix; BPS codes are never compared with Kemendagri ones', () => {
    const c = regionComparator();
    expect(level(c, { region: '3273111001' }, { region: '3273111001' })).toBe('exact');
    expect(level(c, { region: '3273111001' }, { region: '3273111004' })).toBe('district');
    expect(level(c, { region: '3273111001' }, { region: '3273051003' })).toBe('regency');
    expect(level(c, { region: '3273111001' }, { region: '3204172001' })).toBe('province');
    expect(level(c, { region: '3273111001' }, { region: '5103032001' })).toBe('else');
    expect(level(c, { region: '3273111001' }, { region: 'bps:3273010001' })).toBe('null');
  });

  it('region: a shorter code shares only the boundaries it has digits for', () => {
    const c = regionComparator();
    expect(level(c, { region: '32.73.11.1001' }, { region: '3273111001' })).toBe('exact');
    expect(level(c, { region: '327311' }, { region: '3273111004' })).toBe('district');
    expect(level(c, { region: '32731' }, { region: '3273111004' })).toBe('regency');
    expect(level(c, { region: '3273' }, { region: '3273' })).toBe('exact');
    expect(level(c, { region: '327' }, { region: '3273111004' })).toBe('province');
    expect(level(c, { region: '3' }, { region: '3273111004' })).toBe('else');
    expect(level(c, { region: 'bps:3273010001' }, { region: 'bps:3273010002' })).toBe('district');
    expect(level(c, { region: '0273111001' }, { region: '0273121001' })).toBe('regency');
  });

  it('address: abbreviations and RT/RW zero padding do not matter', () => {
    const c = addressComparator();
    expect(level(c, { address: 'JL. MERDEKA NO. 12 RT 001/RW 002' }, { address: 'JALAN MERDEKA NOMOR 12 RT 1 RW 2' })).toBe('exact');
    expect(level(c, { address: 'JL. MERDEKA NO. 12 RT 001/RW 002' }, { address: 'JL MERDEKA 12' })).not.toBe('else');
    expect(level(c, { address: 'JL. MERDEKA NO. 12' }, { address: 'GG. MAWAR NO. 3' })).toBe('else');
  });
});

describe('blocking', () => {
  it('keeps a NIK with one typo in the nik-typo rule and reports pairs per rule', () => {
    const t = tableFromRows([
      { ...nik('3273115904869001'), name: 'SITI AMINAH', birth: 19860419 },
      { ...nik('3273115904869007'), name: 'ST. AMINAH', birth: 19860419 },
      { ...nik('3578184107659001'), name: 'SUPARMAN', birth: 19650701 },
    ]);
    const f = buildFeatures(t);
    const c = candidatePairs(f, DEFAULT_RULES, { maxBlockSize: 100, window: 5, scope: 'all' });
    expect(Array.from(c.a.subarray(0, c.length))).toEqual([0]);
    expect(Array.from(c.b.subarray(0, c.length))).toEqual([1]);
    expect(c.rules.find((r) => r.rule === 'nik-typo')?.candidatePairs).toBe(1);
    expect(c.rules.find((r) => r.rule === 'nik')?.candidatePairs).toBe(0);
  });

  it('compares an oversized block by window instead of all pairs', () => {
    // A placeholder NIK shared by 300 rows must not produce 44,850 pairs.
    const rows = Array.from({ length: 300 }, (_, i) => ({ nikState: IdState.Malformed, nikRaw: '3273110000000001', name: `WARGA ${i}` }));
    const f = buildFeatures(tableFromRows(rows));
    const c = candidatePairs(f, [nikTypoRule], { maxBlockSize: 50, window: 4, scope: 'all' });
    expect(c.rules[0].cappedBlocks).toBeGreaterThan(0);
    expect(c.length).toBeLessThanOrEqual(300 * 4 * 16);
    expect(c.length).toBeLessThan((300 * 299) / 2);
  });

  it('keeps only cross pairs when linking two sides', () => {
    const rows = [
      { ...nik('3273115904869001'), name: 'SITI AMINAH' },
      { ...nik('3273115904869001'), name: 'SITI AMINAH' },
      { ...nik('3273115904869001'), name: 'SITI AMINAH' },
    ];
    const f = buildFeatures(tableFromRows(rows));
    const side = Uint8Array.from([0, 0, 1]);
    const c = candidatePairs(f, DEFAULT_RULES, { maxBlockSize: 100, window: 5, scope: 'cross', side });
    const pairs = Array.from({ length: c.length }, (_, k) => `${c.a[k]}-${c.b[k]}`);
    expect(pairs).toEqual(['0-2', '1-2']);
  });
});
