import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/read.js';
import type { ResolvedConfig } from '../src/config/schema.js';
import { PadanError } from '../src/domain/errors.js';
import { IdState } from '../src/domain/fields.js';
import type { Finding } from '../src/domain/finding.js';
import { readRow, type RecordTable } from '../src/domain/table.js';
import { loadSources, type LoadResult } from '../src/load/index.js';
import { loadRegionIndex } from '../src/load/wilayah.js';
import { findingMessage } from '../src/messages/catalogue.js';
import { validateTable } from '../src/validate/index.js';
import { tempDir, writeWorkbook } from './xlsx-helpers.js';

// A regency roster as officers send it: a title and a date above the table, an empty row inside
// it, planted problems (a 15-digit NIK, 31 February, an unknown sex code). Synthetic NIKs with
// real Kalimantan Barat region codes.
const TITLE = ['DAFTAR KPM PKH KOTA PONTIANAK'];
const DATE_LINE = ['Keadaan per', '01-03-2024'];
const HEADER = ['NO', 'NIK', 'NO_KK', 'NAMA', 'TGL_LAHIR', 'JENIS_KELAMIN', 'ALAMAT', 'KODE_WILAYAH', 'NOMINAL'];
const DATA: (string[] | null)[] = [
  ['1', '6171054508900003', '6171012304150007', 'SITI AMINAH', '05-08-1990', 'P', 'JL. GAJAH MADA NO. 12', '6171010001', '750000'],
  ['2', '6171051203880002', '6171012304150007', 'AHMAD FAUZI', '12-03-1988', 'L', 'JL. GAJAH MADA NO. 12', '6171010001', '750000'],
  null,
  ['3', '617105670392001', '6171020101100004', 'RATNA SARI', '27-03-1992', 'P', 'GG. MELATI 3', '6171020002', '750000'],
  ['4', '6171021509750005', '6171020101100004', 'BUDI SANTOSO', '31-02-1975', 'L', 'GG. MELATI 3', '6171020002', '750000'],
  ['5', '6171035010800006', '6171030303090008', 'MARIA GORETTI', '10-10-1980', 'X', 'JL. TANJUNGPURA 7', '6171030003', '600000'],
];

function ymd(ddmmyyyy: string): Date | string {
  const [d, m, y] = ddmmyyyy.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  // an impossible date stays text in Excel too
  return date.getUTCDate() === d ? date : ddmmyyyy;
}

let dir: string;

function config(path: string, extra: Record<string, unknown> = {}): ResolvedConfig {
  return parseConfig(
    { province: '61', sources: [{ name: 'kab_6171', role: 'regency', region: '6171', program: 'PKH', path, ...extra }] },
    join(dir, 'padan.config.json'),
  );
}

function records(t: RecordTable): unknown[] {
  return Array.from({ length: t.size }, (_, i) => ({ ...readRow(t, i), source: undefined }));
}

function findingKeys(r: LoadResult, config: ResolvedConfig): string[] {
  const all: Finding[] = [...r.rejections, ...r.fieldFindings, ...validateTable(r.table, config, loadRegionIndex(), { today: 20240301 })];
  return all.map((f) => `${f.line} ${f.code} ${f.field ?? ''} ${f.value ?? ''}`).sort();
}

beforeAll(async () => {
  dir = tempDir();
  const csvLines = [TITLE, DATE_LINE, [], HEADER, ...DATA.map((r) => r ?? [])].map((r) => r.join(';'));
  writeFileSync(join(dir, 'kab_6171.csv'), csvLines.join('\n') + '\n');
  await writeWorkbook(join(dir, 'kab_6171.xlsx'), (wb) => {
    const ws = wb.addWorksheet('Data');
    ws.addRow(TITLE);
    ws.mergeCells('A1:I1');
    ws.addRow(['Keadaan per', new Date(Date.UTC(2024, 2, 1))]);
    ws.addRow([]);
    ws.addRow(HEADER);
    for (const r of DATA) {
      if (r === null) ws.addRow([]);
      // as Excel holds them: numbers for NO and NOMINAL, date cells for birth dates, the rest text
      else ws.addRow([Number(r[0]), r[1], r[2], r[3], ymd(r[4]), r[5], r[6], r[7], Number(r[8])]);
    }
  });
});

describe('xlsx through the loader', () => {
  it('gives the same records and findings as the same data in CSV, each at its sheet row', async () => {
    const csvConfig = config('kab_6171.csv');
    const xlsxConfig = config('kab_6171.xlsx');
    const fromCsv = await loadSources(csvConfig);
    const fromXlsx = await loadSources(xlsxConfig);

    expect(Array.from(fromXlsx.table.line)).toEqual([5, 6, 8, 9, 10]);
    expect(Array.from(fromCsv.table.line)).toEqual([5, 6, 8, 9, 10]);
    expect(records(fromXlsx.table)).toEqual(records(fromCsv.table));
    expect(fromXlsx.accounting).toEqual([{ ...fromCsv.accounting[0], sheet: 'Data', path: 'kab_6171.xlsx' }]);
    expect(fromXlsx.accounting[0]).toMatchObject({ dataLines: 5, records: 5, rejections: 0 });

    const keys = findingKeys(fromXlsx, xlsxConfig);
    expect(keys).toEqual(findingKeys(fromCsv, csvConfig));
    // the planted problems, each at the row Excel shows
    expect(keys).toEqual(expect.arrayContaining([expect.stringMatching(/^8 nik\.malformed nik 617105670392001$/), expect.stringMatching(/^9 birth_date\.impossible /), expect.stringMatching(/^10 sex\.unrecognised sex X$/)]));
  });

  it('reports NIK and KK typed as numbers as damaged, saying how to fix the export', async () => {
    await writeWorkbook(join(dir, 'kab_6101.xlsx'), (wb) => {
      const ws = wb.addWorksheet('PKH 2024');
      ws.addRow(['NIK', 'NAMA', 'NO_KK']);
      ws.addRow(['6101034203810002', 'RAHMAWATI', '6101030101090003']);
      ws.addRow([6101031507790001, 'SUPRIYADI', 6101030101090003]);
    });
    const cfg = parseConfig(
      { province: '61', sources: [{ name: 'kab_6101', role: 'regency', region: '6101', program: 'PKH', path: 'kab_6101.xlsx' }] },
      join(dir, 'padan.config.json'),
    );
    const loaded = await loadSources(cfg);
    expect(Array.from(loaded.table.nikState)).toEqual([IdState.Ok, IdState.ExcelNumber]);
    expect(Array.from(loaded.table.kkState)).toEqual([IdState.Ok, IdState.ExcelNumber]);
    const found = validateTable(loaded.table, cfg, loadRegionIndex(), { today: 20240301 }).filter((f) => f.code.endsWith('.excel_number'));
    expect(found.map((f) => `${f.line} ${f.code} ${f.severity}`)).toEqual(['3 nik.excel_number error', '3 kk.excel_number error']);
    const nik = found[0];
    expect(findingMessage('en', nik, '6101********0001', '')).toBe(
      'NIK 6101********0001 is stored as a number in the workbook, so Excel kept only its first 15 digits and the rest are lost; format the NIK column as Text in the export and export again',
    );
    expect(findingMessage('id', nik, '6101********0001', '')).toContain('NIK tidak valid');
    expect(findingMessage('id', nik, '6101********0001', '')).toContain('format kolom NIK sebagai Teks');
  });

  it('turns merged cells in the table and a hidden sheet into one-line errors', async () => {
    await writeWorkbook(join(dir, 'kab_6102.xlsx'), (wb) => {
      wb.addWorksheet('Lama', { state: 'hidden' }).addRow(['NIK', 'NAMA']);
      const ws = wb.addWorksheet('Data');
      ws.addRow(['DAFTAR KPM']);
      ws.addRow(['NIK', 'NAMA', 'NO_KK']);
      ws.addRow(['6102014107850003', 'SRI WAHYUNI', '6102010101080001']);
      ws.addRow(['6102011203830004', 'HERMAN', '']);
      ws.mergeCells('C3:C4');
    });
    const cfg = (extra: Record<string, unknown> = {}) =>
      parseConfig({ province: '61', sources: [{ name: 'kab_6102', role: 'regency', region: '6102', path: 'kab_6102.xlsx', ...extra }] }, join(dir, 'p.json'));
    await expect(loadSources(cfg())).rejects.toThrow(
      new PadanError('kab_6102.xlsx!Data:3: merged cells in the table (C3:C4); unmerge them and fill in the value on every row, then save again'),
    );
    await expect(loadSources(cfg({ sheet: 'Lama' }))).rejects.toThrow(/^kab_6102\.xlsx: sheet "Lama" is hidden in Excel/);
    await expect(loadSources(cfg({ sheet: 0 }))).rejects.toBeInstanceOf(PadanError);
  });

  it('says a renamed CSV is a CSV', async () => {
    writeFileSync(join(dir, 'kab_6103.xlsx'), 'NIK;NAMA\n6103016607910002;NURHAYATI\n');
    const cfg = parseConfig({ province: '61', sources: [{ name: 'kab_6103', role: 'regency', region: '6103', path: 'kab_6103.xlsx' }] }, join(dir, 'p.json'));
    await expect(loadSources(cfg)).rejects.toThrow(/^kab_6103\.xlsx: is a text \(CSV\) file with an \.xlsx name/);
  });
});
