import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';

const ROOT = resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'padan-cli-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]) {
  const io = memoryIo({}, ROOT);
  const code = await main(['node', 'padan', 'validate', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

interface JsonReport {
  failing: number;
  totals: { errors: number; warnings: number };
  sources: { source: string; file: string; dataLines: number; records: number; rejections: number }[];
  findings: { code: string; severity: string; source: string; line: number; value: string; message: string }[];
}

async function json(...args: string[]): Promise<{ code: number; report: JsonReport }> {
  const r = await run(...args, '--format', 'json');
  expect(r.err).toBe('');
  return { code: r.code, report: JSON.parse(r.out) as JsonReport };
}

const at = (report: JsonReport, source: string) =>
  report.findings.filter((f) => f.source === source).map((f) => `${f.line} ${f.code}`);

// Planted problems, one per line (see the comments in the fixture generator notes of each file).
const KAB_6171 = [
  '4 nik.scientific',
  '5 nik.malformed',
  '7 row.ragged',
  '10 nik.serial_zero',
  '11 nik.province_unknown',
  '12 nik.birth_date_impossible',
  '13 name.missing',
  '14 nik.sex_mismatch',
  '15 nik.birth_date_mismatch',
  '16 birth_date.unparseable',
  '17 nik.equals_kk',
  '18 kk.scientific',
  '20 name.placeholder',
  '21 region.unknown',
];

describe('padan validate FILE', () => {
  it('reports each planted problem at its exact line and balances the counts', async () => {
    const { code, report } = await json('fixtures/validate/kab_6171.csv');
    expect(code).toBe(1);
    expect(at(report, 'kab_6171')).toEqual(KAB_6171);
    expect(report.sources).toEqual([
      expect.objectContaining({ source: 'kab_6171', file: 'fixtures/validate/kab_6171.csv', dataLines: 18, records: 17, rejections: 1 }),
    ]);
  });

  it('prints a readable summary with masked NIKs', async () => {
    const { code, out } = await run('fixtures/validate/kab_6171.csv');
    expect(code).toBe(1);
    expect(out).toContain('kab_6171  fixtures/validate/kab_6171.csv');
    expect(out).toContain('data lines 18 · records 17 · rejected rows 1');
    expect(out).toMatch(/line 10 {2}error {4}nik\.serial_zero: NIK 6171\*{8}0000 ends in 0000/);
    expect(out).toContain('... 4 more; --out DIR writes every finding to findings.csv');
    expect(out).not.toContain('6171011708600000');
  });

  it('shows full NIKs only with --show-nik', async () => {
    const { out } = await run('fixtures/validate/kab_6171.csv', '--show-nik', '--limit', '20');
    expect(out).toContain('NIK 6171011708600000 ends in 0000');
  });

  it('speaks Indonesian with --lang id', async () => {
    const { out } = await run('fixtures/validate/kab_6171.csv', '--lang', 'id');
    expect(out).toContain('baris data 18');
    expect(out).toContain('NIK tidak valid: 6171********0000 berakhir 0000');
  });

  it('writes workflow annotations that point at the line, masked', async () => {
    const { code, out } = await run('fixtures/validate/kab_6171.csv', '--format', 'github');
    expect(code).toBe(1);
    expect(out).toContain('::error file=fixtures/validate/kab_6171.csv,line=4,title=nik.scientific::');
    expect(out).toContain('::error file=fixtures/validate/kab_6171.csv,line=7,title=row.ragged::');
    expect(out).toContain('::warning file=fixtures/validate/kab_6171.csv,line=14,title=nik.sex_mismatch::');
    expect(out).not.toMatch(/\d{16}/);
  });

  it('writes every finding to DIR/findings.csv with --out, readable by its owner only', async () => {
    const dir = join(tmp, 'out');
    const { report } = await json('fixtures/validate/kab_6171.csv', '--out', dir);
    const rows = parse(readFileSync(join(dir, 'findings.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => `${r.line} ${r.kind} ${r.severity}`)).toEqual(report.findings.map((f) => `${f.line} invalid ${f.severity}`));
    expect(rows.find((r) => r.line === '10')?.value).toBe('6171********0000');
    expect(statSync(join(dir, 'findings.csv')).mode & 0o777).toBe(0o600);
  });
});

describe('padan validate CONFIG', () => {
  it('checks every source of a config: windows-1252, title rows, pipes, BPS codes, quotes', async () => {
    const { code, report } = await json('fixtures/validate/padan.config.json');
    expect(code).toBe(1);
    expect(at(report, 'kab_6171')).toEqual(KAB_6171);
    expect(at(report, 'dinsos_prov')).toEqual(['7 region.outside_source', '9 birth_date.incomplete', '10 kk.missing', '12 sex.unrecognised']);
    expect(at(report, 'pbp_bulog')).toEqual(['0 source.region_scheme_bps', '5 amount.unparseable', '7 row.unterminated_quote']);
    for (const s of report.sources) expect(s.records + s.rejections).toBe(s.dataLines);
    expect(report.sources.map((s) => [s.source, s.dataLines])).toEqual([
      ['kab_6171', 18],
      ['dinsos_prov', 7],
      ['pbp_bulog', 7],
    ]);
  });

  it('accepts configs and files together', async () => {
    const { report } = await json('fixtures/validate/padan.config.json', 'fixtures/validate/pbp_bulog.txt');
    expect(report.sources.map((s) => s.source)).toEqual(['kab_6171', 'dinsos_prov', 'pbp_bulog', 'pbp_bulog']);
  });
});

describe('exit codes', () => {
  const clean = join(tmp, 'clean.csv');
  const warnOnly = join(tmp, 'warn.csv');
  writeFileSync(clean, 'NIK;NAMA;TGL_LAHIR;JK\n6171014508750001;SITI AMINAH;05-08-1975;P\n');
  writeFileSync(warnOnly, 'NIK;NAMA;TGL_LAHIR;JK\n6171014508750001;SITI AMINAH;05-08-1975;L\n');

  it('0 for a clean roster', async () => {
    const { code, out } = await run(clean);
    expect(code).toBe(0);
    expect(out).toContain('no problems found');
  });

  it('0 for warnings by default, 1 with --fail-on warning', async () => {
    expect((await run(warnOnly)).code).toBe(0);
    expect((await run(warnOnly, '--fail-on', 'warning')).code).toBe(1);
  });

  it('2 with a one-line reason for a missing file, a bad config or a file without a NIK column', async () => {
    const missing = await run('fixtures/validate/nope.csv');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^padan: nope \(fixtures\/validate\/nope\.csv\): cannot read roster \(ENOENT\)\n$/);

    const badConfig = join(tmp, 'bad.json');
    writeFileSync(badConfig, JSON.stringify({ province: '61', sources: [{ name: 'x', role: 'kabupaten', path: 'x.csv' }] }));
    const bad = await run(badConfig);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('sources[0].role');

    const noNik = join(tmp, 'nonik.csv');
    writeFileSync(noNik, 'NAMA;ALAMAT\nSITI;JL. X\n');
    const r = await run(noNik);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no column for nik');
    expect(r.err).toContain('headers seen: NAMA, ALAMAT');
    expect(r.err).not.toContain('    at ');
  });

  it('2 for an unknown format', async () => {
    expect((await run(clean, '--format', 'xml')).code).toBe(2);
  });
});

describe('--help', () => {
  it('teaches with examples and the checks', async () => {
    const io = memoryIo({}, ROOT);
    const code = await main(['node', 'padan', 'validate', '--help'], io);
    expect(code).toBe(0);
    expect(io.stdout).toContain('Examples:');
    expect(io.stdout).toContain('padan validate padan.config.json --out out/');
    expect(io.stdout).toContain('--fail-on');
    expect(io.stdout).toContain('6.17101E+15');
  });
});
