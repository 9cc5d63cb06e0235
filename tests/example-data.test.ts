// Sanity of the bundled example itself (examples/): the rosters parse as the config declares, the
// counts match examples/README.md, every NIK/KK outside the planted invalid ones is well formed and
// agrees with the birth date and sex, and expected-findings.csv points at real records in a way the
// rules of issue 4 allow. The test that runs reconcile against expected-findings.csv lives elsewhere.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { configSchema, DELIMITERS, type SourceConfig } from '../src/config/schema.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples');
const config = configSchema.parse(JSON.parse(readFileSync(join(EXAMPLES, 'padan.config.json'), 'utf8')));
const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');

const digits = (s: string) => s.replace(/\D/g, '');

function codesOf(file: string): Set<string> {
  const out = new Set<string>();
  for (const line of readFileSync(join(ROOT, 'data/wilayah', file), 'utf8').split('\n')) {
    if (line.startsWith('61.')) out.add(digits(line.split(',')[0]));
  }
  return out;
}
const REGENCIES = codesOf('regencies.csv');
const DISTRICTS = codesOf('districts.csv');
const VILLAGES = codesOf('villages.csv');

interface Row {
  source: SourceConfig;
  /** 1-based physical line where the record starts (header = 1). */
  line: number;
  get(field: keyof NonNullable<SourceConfig['columns']>): string;
}
interface Parsed {
  bytes: Buffer;
  text: string;
  delimiter: string;
  header: string[];
  rows: Row[];
}
type CsvOut = { record: Record<string, string>; info: { lines: number }; raw: string }[];

function parseWith(text: string, delimiter: string): { header: string[]; out: CsvOut } {
  let header: string[] = [];
  const out = parse(text, {
    delimiter,
    bom: true,
    columns: (h: string[]) => (header = h),
    info: true,
    raw: true,
  }) as CsvOut;
  return { header, out };
}

// Node 20.18.3+ decodes 'windows-1252' as latin1 (0x92 becomes U+0092, nodejs/node#60888), so the
// 0x80-0x9F block of the WHATWG table is spelled out here (undefined bytes keep their latin1 value).
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
function decodeWindows1252(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** An undeclared delimiter must be the only one of padan's candidates that splits the header. */
function sniffDelimiter(name: string, text: string): string {
  const fits = DELIMITERS.filter((d) => {
    try {
      return parseWith(text, d).header.length > 1;
    } catch {
      return false;
    }
  });
  expect(fits, `${name}: delimiters that parse`).toHaveLength(1);
  return fits[0];
}

/** The file as padan is told to read it. */
function load(source: SourceConfig): Parsed {
  const bytes = readFileSync(join(EXAMPLES, source.path));
  const text = source.encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder('utf-8').decode(bytes);
  const delimiter: string = source.delimiter ?? sniffDelimiter(source.name, text);
  const { header, out } = parseWith(text, delimiter);
  const rows = out.map(({ record, info, raw }): Row => ({
    source,
    // raw may end with (part of) the record delimiter; only newlines inside quoted fields count.
    line: info.lines - (raw.replace(/\r?\n?$/, '').match(/\n/g)?.length ?? 0),
    get: (field) => {
      const col = source.columns?.[field];
      return col === undefined ? '' : (record[col] ?? '');
    },
  }));
  return { bytes, text, delimiter, header, rows };
}

const loaded = new Map(config.sources.map((s) => [s.name, load(s)]));
const allRows = [...loaded.values()].flatMap((p) => p.rows);

// ---- NIK / KK / dates, written here from ../shared/domain.md §1 so the data is checked on its own.
function validYmd(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
const cleanId = (raw: string) => raw.trim().replace(/^'/, '').replace(/[\s.-]/g, '');

/** Why a NIK is structurally invalid, or null. */
function nikProblem(raw: string): string | null {
  if (/^\d(\.\d+)?E\+\d+$/i.test(raw.trim())) return 'excel';
  const n = cleanId(raw);
  if (!/^\d{16}$/.test(n)) return 'length';
  const dd = Number(n.slice(6, 8));
  const mm = Number(n.slice(8, 10));
  const yy = Number(n.slice(10, 12));
  const day = dd > 40 ? dd - 40 : dd;
  const dayOk = (dd >= 1 && dd <= 31) || (dd >= 41 && dd <= 71);
  if (!dayOk || !(validYmd(1900 + yy, mm, day) || validYmd(2000 + yy, mm, day))) return 'date';
  if (n.slice(12) === '0000') return 'serial';
  if (!DISTRICTS.has(n.slice(0, 6))) return 'region';
  return null;
}

function kkProblem(raw: string): string | null {
  const n = cleanId(raw);
  if (!/^\d{16}$/.test(n)) return 'length';
  const [dd, mm, yy] = [n.slice(6, 8), n.slice(8, 10), n.slice(10, 12)].map(Number);
  if (!(validYmd(1900 + yy, mm, dd) || validYmd(2000 + yy, mm, dd))) return 'date';
  if (n.slice(12) === '0000') return 'serial';
  if (!DISTRICTS.has(n.slice(0, 6))) return 'region';
  return null;
}

const BULAN: Record<string, number> = {
  JANUARI: 1, FEBRUARI: 2, PEBRUARI: 2, MARET: 3, APRIL: 4, MEI: 5, JUNI: 6, JULI: 7, AGUSTUS: 8,
  SEPTEMBER: 9, OKTOBER: 10, NOVEMBER: 11, NOPEMBER: 11, DESEMBER: 12,
};

/** [y, m, d] or null when the text is not a real date in the source's format. */
function parseBirth(text: string, format: SourceConfig['dateFormat']): [number, number, number] | null {
  const t = text.trim();
  const pattern: Record<string, RegExp> = {
    'DD-MM-YYYY': /^(?<d>\d{2})-(?<m>\d{2})-(?<y>\d{4})$/,
    'DD/MM/YYYY': /^(?<d>\d{2})\/(?<m>\d{2})\/(?<y>\d{4})$/,
    'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$/,
  };
  let y: number, m: number, d: number;
  if (format !== undefined) {
    const g = pattern[format]?.exec(t)?.groups;
    if (!g) return null;
    [y, m, d] = [Number(g.y), Number(g.m), Number(g.d)];
  } else {
    const g = /^(?<d>\d{1,2}) (?<mon>[A-Za-z]+) (?<y>\d{4})$/.exec(t)?.groups;
    if (!g || BULAN[g.mon.toUpperCase()] === undefined) return null;
    [y, m, d] = [Number(g.y), BULAN[g.mon.toUpperCase()], Number(g.d)];
  }
  return validYmd(y, m, d) ? [y, m, d] : null;
}

const SEX: Record<string, 'L' | 'P'> = { L: 'L', P: 'P', 'LAKI-LAKI': 'L', PEREMPUAN: 'P', '1': 'L', '2': 'P' };

// ---- expected-findings.csv
type Expected = Record<'kind' | 'source' | 'line' | 'other_source' | 'other_line' | 'field', string>;
const expectedText = readFileSync(join(EXAMPLES, 'expected-findings.csv'), 'utf8');
const expected = parse(expectedText, { columns: true }) as Expected[];
const plantedInvalid = new Map(
  expected.filter((e) => e.kind === 'invalid').map((e) => [`${e.source}:${e.line}`, e.field]),
);

function rowAt(source: string, line: string | number): Row | undefined {
  return loaded.get(source)?.rows.find((r) => r.line === Number(line));
}
const nikOf = (r: Row) => cleanId(r.get('nik'));
const programOf = (r: Row) => r.get('program') || r.source.program || '';
const regionOf = (r: Row) => digits(r.get('region') || r.source.region || '');
const holds = (s: SourceConfig, program: string) =>
  loaded.get(s.name)!.rows.some((r) => programOf(r) === program);

/** What is wrong with a record on its own (the validation checks of issue 2 that this data can trip). */
function problemsOf(r: Row): string[] {
  const problems: string[] = [];
  if (nikProblem(r.get('nik')) !== null) problems.push('nik');
  if (kkProblem(r.get('kk')) !== null) problems.push('kk');
  if (cleanId(r.get('kk')) === nikOf(r)) problems.push('kk_equals_nik');
  if (r.get('name').trim().split(/\s+/).length < 2) problems.push('name');
  const birth = r.source.columns?.birth_date ? parseBirth(r.get('birth_date'), r.source.dateFormat) : undefined;
  if (birth === null) problems.push('birth_date');
  if (problems.includes('nik')) return problems;
  const nik = nikOf(r);
  const dd = Number(nik.slice(6, 8));
  if (birth) {
    const [y, m, d] = birth;
    const agrees = d === dd % 40 && m === Number(nik.slice(8, 10)) && y % 100 === Number(nik.slice(10, 12));
    if (!agrees) problems.push('nik_vs_birth');
  }
  if (r.source.columns?.sex && SEX[r.get('sex').trim().toUpperCase()] !== (dd > 40 ? 'P' : 'L')) problems.push('sex');
  return problems;
}

describe('examples/padan.config.json', () => {
  it('is a valid config for province 61 with four central rosters, one provincial and three regencies', () => {
    expect(config.province).toBe('61');
    const roles = config.sources.map((s) => s.role);
    expect(roles.filter((r) => r === 'central')).toHaveLength(4);
    expect(roles.filter((r) => r === 'provincial')).toHaveLength(1);
    expect(config.sources.filter((s) => s.role === 'regency').map((s) => s.region)).toEqual(['6171', '6172', '6101']);
    for (const s of config.sources.filter((s) => s.role === 'regency')) expect(REGENCIES.has(s.region!)).toBe(true);
    expect(new Set(config.sources.filter((s) => s.role === 'central').map((s) => s.agency))).toEqual(
      new Set(['kemensos', 'bulog', 'kemenko_pmk']),
    );
    expect(config.programs?.PBP?.unit).toBe('family');
  });

  it('maps columns that exist in each file', () => {
    for (const s of config.sources) {
      const { header } = loaded.get(s.name)!;
      for (const col of Object.values(s.columns ?? {})) expect(header, `${s.name}`).toContain(col);
    }
  });
});

describe('example rosters', () => {
  // The README table: | `rosters/x.csv` | name | ... | records | physical lines |
  const claims = readme
    .split('\n')
    .filter((l) => l.startsWith('| `rosters/'))
    .map((l) => {
      const cells = l.split(/(?<!\\)\|/).map((c) => c.trim());
      return { path: cells[1].replace(/`/g, ''), name: cells[2], records: Number(cells.at(-3)), lines: Number(cells.at(-2)) };
    });

  it('README lists every roster of the config', () => {
    expect(claims.map((c) => `${c.name} ${c.path}`).sort()).toEqual(config.sources.map((s) => `${s.name} ${s.path}`).sort());
  });

  it.each(config.sources.map((s) => [s.name]))('%s parses with its delimiter and encoding; counts match the README', (name) => {
    const p = loaded.get(name)!;
    const claim = claims.find((c) => c.name === name)!;
    expect(p.rows.length).toBe(claim.records);
    const physical = p.text.split(/\r?\n/).length - (p.text.endsWith('\n') ? 1 : 0);
    expect(physical).toBe(claim.lines);
    expect(p.rows[0].line).toBe(2);
    for (const r of p.rows) expect(r.get('name').trim().split(/\s+/).length, `${name}:${r.line}`).toBeGreaterThanOrEqual(2);
  });

  it('carries the encodings and line endings the README promises', () => {
    const p3ke = loaded.get('kemenko_p3ke')!;
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(p3ke.bytes)).toThrow();
    expect(p3ke.bytes.includes(0xc9)).toBe(true); // É
    expect(p3ke.bytes.includes(0x92)).toBe(true); // ’
    expect(p3ke.rows.map((r) => r.get('name'))).toEqual(
      expect.arrayContaining(['ANDRÉ MARSELINUS', 'H. MUHAMMAD SYAFI’I']),
    );
    expect(loaded.get('dinsos_prov')!.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(loaded.get('kemensos_pkh')!.text).toContain('\r\n');
    expect(loaded.get('kab_6101')!.delimiter).toBe(',');
    const halijah = loaded.get('kab_6101')!.rows.find((r) => r.get('name') === 'HALIJAH MUSA')!;
    expect(halijah.line).toBe(3);
    expect(halijah.get('address')).toContain('\n');
    expect(loaded.get('kab_6172')!.rows.some((r) => r.get('nik').startsWith("'"))).toBe(true);
    expect(loaded.get('kab_6171')!.rows.some((r) => r.get('nik') === '6.17101E+15')).toBe(true);
  });

  it('every record outside the planted invalid ones is clean: NIK/KK well formed and synthetic, birth date and sex agree with the NIK', () => {
    let clean = 0;
    for (const r of allRows) {
      const where = `${r.source.name}:${r.line}`;
      if (plantedInvalid.has(where)) continue;
      expect(problemsOf(r), where).toEqual([]);
      expect(nikOf(r).slice(12, 13), where).toBe('9');
      expect(cleanId(r.get('kk')).slice(12, 13), where).toBe('9');
      clean++;
    }
    expect(clean).toBe(allRows.length - plantedInvalid.size);
  });

  it('each planted invalid record has exactly one problem, on the field expected-findings.csv names', () => {
    // The NIK-vs-birth-date warning is reported on field nik (the NIK's coded date against the row's).
    const fieldsFor: Record<string, string[]> = { nik: ['nik', 'nik_vs_birth'], birth_date: ['birth_date'] };
    for (const [where, field] of plantedInvalid) {
      const [source, line] = where.split(':');
      const problems = problemsOf(rowAt(source, line)!);
      expect(problems, where).toHaveLength(1);
      expect(fieldsFor[field], where).toContain(problems[0]);
    }
  });

  it('region codes are real Kemendagri codes inside the roster that lists them', () => {
    for (const r of allRows) {
      const raw = r.get('region');
      if (raw === '') continue;
      const code = digits(raw);
      const known = { 4: REGENCIES, 6: DISTRICTS, 10: VILLAGES }[code.length];
      expect(known?.has(code), `${r.source.name}:${r.line} ${raw}`).toBe(true);
      expect(code.startsWith(digits(r.source.region ?? '')), `${r.source.name}:${r.line}`).toBe(true);
    }
  });
});

describe('examples/expected-findings.csv', () => {
  it('has the agreed columns and the counts the README states', () => {
    expect(expectedText.split('\n')[0]).toBe('kind,source,line,other_source,other_line,field');
    const counts = Object.fromEntries(['invalid', 'duplicate', 'missing', 'out_of_sync'].map((k) => [k, expected.filter((e) => e.kind === k).length]));
    const stated = /Counts: invalid (\d+), duplicate (\d+), missing (\d+), out_of_sync (\d+)\./.exec(readme);
    expect(stated).not.toBeNull();
    expect(counts).toEqual({ invalid: +stated![1], duplicate: +stated![2], missing: +stated![3], out_of_sync: +stated![4] });
    expect(readme).toContain(`## Expected findings (${expected.length} rows)`);
    expect(new Set(expected.map((e) => Object.values(e).join(','))).size).toBe(expected.length);
  });

  it('points only at lines where a record starts', () => {
    for (const e of expected) {
      expect(rowAt(e.source, e.line), `${e.source}:${e.line}`).toBeDefined();
      if (e.other_line !== '') expect(rowAt(e.other_source, e.other_line), `${e.other_source}:${e.other_line}`).toBeDefined();
    }
  });

  it('duplicates: each member shares its NIK and program with another member in the same source or another regency', () => {
    const dups = expected.filter((e) => e.kind === 'duplicate').map((e) => rowAt(e.source, e.line)!);
    for (const r of dups) {
      const mates = dups.filter((o) => o !== r && nikOf(o) === nikOf(r) && programOf(o) === programOf(r));
      expect(mates.length, `${r.source.name}:${r.line}`).toBeGreaterThan(0);
      expect(mates.every((o) => o.source === r.source || (o.source.role === 'regency' && r.source.role === 'regency'))).toBe(true);
    }
  });

  it('missing: the other roster covers the record and has nobody of that NIK (or family) for the program', () => {
    for (const e of expected.filter((x) => x.kind === 'missing')) {
      const r = rowAt(e.source, e.line)!;
      const other = config.sources.find((s) => s.name === e.other_source)!;
      const program = programOf(r);
      expect(holds(other, program)).toBe(true);
      expect(regionOf(r).startsWith(digits(other.region ?? ''))).toBe(true);
      const family = config.programs?.[program]?.unit === 'family';
      const present = loaded
        .get(other.name)!
        .rows.some((o) => programOf(o) === program && (family ? cleanId(o.get('kk')) === cleanId(r.get('kk')) : nikOf(o) === nikOf(r)));
      expect(present, `${e.source}:${e.line} in ${e.other_source}`).toBe(false);
    }
  });

  it('out_of_sync: pairs are ordered by source name and link one person (or one family for nik)', () => {
    for (const e of expected.filter((x) => x.kind === 'out_of_sync')) {
      expect(e.source < e.other_source, `${e.source} < ${e.other_source}`).toBe(true);
      const a = rowAt(e.source, e.line)!;
      const b = rowAt(e.other_source, e.other_line)!;
      if (e.field === 'nik') {
        expect(nikOf(a)).not.toBe(nikOf(b));
        expect(cleanId(a.get('kk'))).toBe(cleanId(b.get('kk')));
        expect(config.programs?.[programOf(a)]?.unit).toBe('family');
      } else expect(nikOf(a)).toBe(nikOf(b));
      if (e.field === 'status' || e.field === 'amount') expect(programOf(a)).toBe(programOf(b));
    }
  });
});
