import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PadanError } from '../src/domain/errors.js';
import { looksLikeHeader, openXlsxSheet, type XlsxReadOptions, type XlsxRow } from '../src/load/xlsx.js';
import { readZipDirectory, DEFAULT_ZIP_LIMITS } from '../src/load/xlsx-zip.js';
import { buildZip, tempDir, writeBytes, writeWorkbook } from './xlsx-helpers.js';

async function readAll(path: string, opts: XlsxReadOptions = {}): Promise<XlsxRow[]> {
  const sheet = await openXlsxSheet(path, opts);
  const rows: XlsxRow[] = [];
  for await (const r of sheet.rows()) rows.push(r);
  return rows;
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PadanError);
    return (e as Error).message;
  }
  throw new Error('expected a PadanError');
}

const HEADER = ['NO', 'NIK', 'NO_KK', 'NAMA', 'TGL_LAHIR', 'JENIS_KELAMIN', 'ALAMAT', 'NOMINAL'];

let dir: string;
let regency: string;

beforeAll(async () => {
  dir = tempDir();
  // What a regency office sends: an old hidden copy, the roster with a title block, a recap sheet.
  regency = await writeWorkbook(join(dir, 'kab_6171.xlsx'), (wb) => {
    wb.addWorksheet('Lama', { state: 'hidden' }).addRow(HEADER);
    const ws = wb.addWorksheet('Data');
    ws.addRow(['DAFTAR KPM PKH KOTA PONTIANAK TAHUN 2024']);
    ws.mergeCells('A1:H1');
    ws.addRow(['Keadaan per', new Date(Date.UTC(2024, 2, 1))]);
    ws.addRow([]);
    ws.addRow(HEADER);
    ws.addRow([1, '6171054508900003', '6171012304150007', 'SITI AMINAH', new Date(Date.UTC(1990, 7, 5)), 'P', 'JL. GAJAH MADA NO. 12', 750000]);
    // typed as numbers: Excel has already rounded them to 15 significant digits
    ws.addRow([2, 6171010101850001, 6171012304150007, 'BUDI SANTOSO', 31046, 'L', 'GG. MELATI 3', 750000]);
    ws.addRow([]);
    ws.addRow([
      3,
      9171011708450001,
      '',
      { richText: [{ text: 'YOHANES ' }, { font: { bold: true }, text: 'WENDA' }] },
      { formula: 'DATE(1945,8,17)', result: 16666 },
      'L',
      '',
      { formula: 'H5', result: 750000 },
    ]);
    ws.getCell('E8').numFmt = 'dd/mm/yyyy';
    ws.addRow([4, { formula: '"6171056607880004"', result: '6171056607880004' }, "'6171012304150007", 'MARIA GORETTI', '12 Agustus 1975', 'P', '  ', 1500000.5]);
    // Excel keeps formatting on rows nobody filled in; they must not become records
    for (let r = 10; r <= 40; r++) ws.getCell(`B${r}`).numFmt = '@';
    const recap = wb.addWorksheet('Rekap');
    recap.addRow(['KECAMATAN', 'JUMLAH KPM']);
    recap.addRow(['PONTIANAK KOTA', 3]);
  });
});

describe('xlsx rows', () => {
  it('finds the header below the title rows and gives every record its sheet row', async () => {
    const sheet = await openXlsxSheet(regency);
    expect(sheet.sheet).toEqual({ name: 'Data', index: 1, state: 'visible' });
    expect(sheet.sheets.map((s) => `${s.name}:${s.state}`)).toEqual(['Lama:hidden', 'Data:visible', 'Rekap:visible']);
    expect(sheet.location(57)).toBe('kab_6171.xlsx!Data:57');
    const rows: XlsxRow[] = [];
    for await (const r of sheet.rows()) rows.push(r);
    expect(rows.map((r) => r.line)).toEqual([4, 5, 6, 8, 9]);
    expect(rows[0].cells).toEqual(HEADER);
    expect(rows[1].cells).toEqual(['1', '6171054508900003', '6171012304150007', 'SITI AMINAH', '1990-08-05', 'P', 'JL. GAJAH MADA NO. 12', '750000']);
    expect(rows[2].cells.slice(1, 5)).toEqual(['6171010101850001', '6171012304150007', 'BUDI SANTOSO', '31046']);
    expect(rows[3].cells.slice(3, 5)).toEqual(['YOHANES WENDA', '1945-08-17']);
    expect(rows[4].cells).toEqual(['4', '6171056607880004', "'6171012304150007", 'MARIA GORETTI', '12 Agustus 1975', 'P', '  ', '1500000.5']);
  });

  it('reads the same rows every time from a workbook laid out as Excel writes it', async () => {
    // exceljs's own streaming order loses parts after the sheets in about one read of three
    const first = JSON.stringify(await readAll(regency));
    for (let i = 0; i < 25; i++) expect(JSON.stringify(await readAll(regency))).toBe(first);
  });

  it('flags NIK and KK cells stored as numbers, and only those cells', async () => {
    const rows = await readAll(regency);
    const numericCols = (r: XlsxRow) => (r.numeric ?? []).flatMap((n, i) => (n ? [HEADER[i]] : []));
    expect(numericCols(rows[1])).toEqual(['NO', 'NOMINAL']);
    expect(numericCols(rows[2])).toEqual(['NO', 'NIK', 'NO_KK', 'TGL_LAHIR', 'NOMINAL']);
    // above 2^53 JavaScript loses even more: the Papua NIK comes back with a different last digit
    expect(rows[3].cells[1]).toBe('9171011708450000');
    expect(numericCols(rows[3])).toEqual(['NO', 'NIK', 'NOMINAL']);
    // a formula's cached text result is text, however it was computed
    expect(numericCols(rows[4])).toEqual(['NO', 'NOMINAL']);
    expect(rows[2].numeric).toHaveLength(rows[2].cells.length);
  });

  it('picks a sheet by name or by 0-based position', async () => {
    const byName = await readAll(regency, { sheet: 'Rekap', isHeader: (c) => c.includes('KECAMATAN') });
    expect(byName.map((r) => [r.line, ...r.cells])).toEqual([
      [1, 'KECAMATAN', 'JUMLAH KPM'],
      [2, 'PONTIANAK KOTA', '3'],
    ]);
    const byIndex = await readAll(regency, { sheet: 1 });
    expect(byIndex.map((r) => r.line)).toEqual([4, 5, 6, 8, 9]);
    expect((await readAll(regency, { sheet: 'data' })).length).toBe(5);
  });

  it('uses headerRow when the header has no recognisable NIK and NAMA', async () => {
    const path = await writeWorkbook(join(dir, 'dinsos.xlsx'), (wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['Data penerima BPNT Kab. Sambas']);
      ws.addRow(['NOMOR IDENTITAS', 'PENERIMA', 'DESA']);
      ws.addRow(['6101034203810002', 'RAHMAWATI', 'SEMPARUK']);
    });
    expect(await failure(readAll(path))).toBe(
      'dinsos.xlsx!Sheet1: no header row with a NIK column and a NAMA column in the first 20 rows; set "headerRow" (and "columns") in the config',
    );
    const rows = await readAll(path, { headerRow: 2 });
    expect(rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, 'NOMOR IDENTITAS'],
      [3, '6101034203810002'],
    ]);
    expect(await failure(readAll(path, { headerRow: 9 }))).toBe('dinsos.xlsx!Sheet1:9: "headerRow" is 9 but that row is empty or missing');
  });

  it('recognises the usual header spellings but not a title naming both', () => {
    expect(looksLikeHeader(['No', 'NIK_KPM', 'NAMA_KPM'])).toBe(true);
    expect(looksLikeHeader(['nik_ktp', 'Nama Penerima'])).toBe(true);
    expect(looksLikeHeader(['Nomor Induk Kependudukan', 'Nama Lengkap'])).toBe(true);
    expect(looksLikeHeader(['DAFTAR NIK DAN NAMA KPM'])).toBe(false);
    expect(looksLikeHeader(['NIKAH', 'NAMA'])).toBe(false);
  });
});

describe('xlsx sheet problems', () => {
  it('refuses a hidden sheet and names the sheets there are', async () => {
    expect(await failure(openXlsxSheet(regency, { sheet: 'Lama' }))).toBe(
      'kab_6171.xlsx: sheet "Lama" is hidden in Excel; unhide it if it really is the roster, or pick another sheet',
    );
    expect(await failure(openXlsxSheet(regency, { sheet: 'PKH' }))).toBe(
      'kab_6171.xlsx: no sheet named "PKH"; the workbook has "Lama" (hidden), "Data", "Rekap"',
    );
    expect(await failure(openXlsxSheet(regency, { sheet: 3 }))).toContain('"sheet": 3 does not exist; sheets are counted from 0');
  });

  it('refuses merged cells in the table but allows a merged title', async () => {
    const path = await writeWorkbook(join(dir, 'merged.xlsx'), (wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['DAFTAR PENERIMA PBP']);
      ws.mergeCells('A1:C1');
      ws.addRow(['NIK', 'NAMA', 'NO_KK']);
      ws.addRow(['6171054508900003', 'SITI AMINAH', '6171012304150007']);
      ws.addRow(['6171051203880002', 'AHMAD', '']);
      ws.mergeCells('C3:C4'); // one KK typed once for the whole family
    });
    expect(await failure(readAll(path))).toBe(
      'merged.xlsx!Data:3: merged cells in the table (C3:C4); unmerge them and fill in the value on every row, then save again',
    );
  });

  it('finds a merge at the end of a long sheet, whatever the chunk it falls in', async () => {
    const path = await writeWorkbook(join(dir, 'long.xlsx'), (wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['NIK', 'NAMA', 'ALAMAT']);
      for (let i = 1; i <= 4000; i++) ws.addRow([`6171051203${String(880000 + i)}`, `WARGA ${i}`, `JL. SUNGAI RAYA DALAM GG. ${i}`]);
      ws.mergeCells('C3999:C4001');
    });
    expect(await failure(readAll(path))).toBe(
      'long.xlsx!Data:3999: merged cells in the table (C3999:C4001); unmerge them and fill in the value on every row, then save again',
    );
  });

  it('reports every sheet hidden', async () => {
    const path = await writeWorkbook(join(dir, 'hidden.xlsx'), (wb) => {
      wb.addWorksheet('A', { state: 'hidden' }).addRow(['NIK', 'NAMA']);
    });
    expect(await failure(openXlsxSheet(path))).toBe('hidden.xlsx: every sheet is hidden ("A" (hidden)); unhide the roster sheet or set "sheet"');
  });
});

describe('files that are not workbooks', () => {
  it('says a renamed CSV is a CSV', async () => {
    const p = writeBytes(join(dir, 'kab_6101.xlsx'), 'NIK;NAMA;TGL_LAHIR\n6101034203810002;RAHMAWATI;02-03-1981\n');
    expect(await failure(openXlsxSheet(p))).toBe(
      'kab_6101.xlsx: is a text (CSV) file with an .xlsx name; give it a .csv name in the config, or save it from Excel as .xlsx',
    );
  });

  it('names empty, old .xls and unknown binary files', async () => {
    expect(await failure(openXlsxSheet(writeBytes(join(dir, 'empty.xlsx'), '')))).toBe('empty.xlsx: is empty, not an Excel workbook');
    const ole = Buffer.alloc(512);
    Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(ole);
    expect(await failure(openXlsxSheet(writeBytes(join(dir, 'old.xlsx'), ole)))).toContain('old.xlsx: is an old-style .xls workbook');
    const junk = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 73) % 256));
    expect(await failure(openXlsxSheet(writeBytes(join(dir, 'junk.xlsx'), junk)))).toBe('junk.xlsx: is not an Excel .xlsx workbook (not a zip archive)');
    expect(await failure(openXlsxSheet(join(dir, 'absent.xlsx')))).toBe('absent.xlsx: cannot read file (ENOENT)');
  });

  it('says a truncated download is damaged', async () => {
    const bytes = readFileSync(regency);
    const p = writeBytes(join(dir, 'cut.xlsx'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await failure(openXlsxSheet(p))).toMatch(/^cut\.xlsx: the workbook is damaged \(.*cut short\)/);
  });

  it('says a workbook with damaged sheet data is damaged, without hanging', async () => {
    const bytes = Buffer.from(readFileSync(regency));
    const entries = await readZipDirectory(regency, 'x', DEFAULT_ZIP_LIMITS);
    const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet2.xml');
    expect(sheet).toBeDefined();
    for (let i = 10; i < sheet!.compressedSize - 10; i++) bytes[sheet!.dataStart + i] ^= 0x5a;
    const p = writeBytes(join(dir, 'damaged.xlsx'), bytes);
    expect(await failure(openXlsxSheet(p))).toMatch(/^damaged\.xlsx: the workbook is damaged \(xl\/worksheets\/sheet2\.xml: /);
  });

  it('says a zip that is not a workbook is not one', async () => {
    const p = writeBytes(join(dir, 'docs.xlsx'), buildZip([{ name: 'readme.txt', data: Buffer.from('hello') }]));
    expect(await failure(openXlsxSheet(p))).toBe('docs.xlsx: is a zip archive but not an Excel workbook (it has no xl/workbook.xml)');
  });
});

describe('zip bombs', () => {
  it('refuses a part that unpacks a thousand times its size', async () => {
    const p = writeBytes(
      join(dir, 'bomb.xlsx'),
      buildZip([
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 << 20, 0x20) },
      ]),
    );
    expect(await failure(openXlsxSheet(p))).toMatch(/^bomb\.xlsx: part xl\/worksheets\/sheet1\.xml unpacks \d+ times its packed size, which only a zip bomb does/);
  });

  it('refuses a part that unpacks to more than it declares', async () => {
    const p = writeBytes(
      join(dir, 'liar.xlsx'),
      buildZip([{ name: 'xl/workbook.xml', data: Buffer.alloc(4 << 20, 0x20), declaredSize: 1000 }]),
    );
    expect(await failure(openXlsxSheet(p))).toBe(
      'liar.xlsx: the workbook is damaged (xl/workbook.xml: it unpacks to more than it declares, as a zip bomb does); download or export it again',
    );
  });

  it('refuses two parts sharing the same data', async () => {
    const zip = buildZip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/styles.xml', data: Buffer.from('<styleSheet/>') },
    ]);
    const cdOffset = zip.readUInt32LE(zip.length - 6);
    const secondCentral = cdOffset + 46 + 'xl/workbook.xml'.length;
    zip.writeUInt32LE(0, secondCentral + 42);
    const p = writeBytes(join(dir, 'overlap.xlsx'), zip);
    expect(await failure(openXlsxSheet(p))).toMatch(/^overlap\.xlsx: the workbook is damaged \(its parts overlap or hide data/);
  });

  it('refuses a workbook that unpacks beyond the limit', async () => {
    expect(await failure(openXlsxSheet(regency, { limits: { maxUnpackedBytes: 10_000 } }))).toMatch(
      /^kab_6171\.xlsx: the workbook unpacks to \d+\.\d KiB, more than padan's limit of 9\.8 KiB; export the roster as CSV instead$/,
    );
  });
});
