import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/domain/finding.js';
import { FINDINGS_CSV_HEADER } from '../src/report/findings-csv.js';
import { numberFindings } from '../src/report/order.js';
import { renderFindingsXlsx, safeSheetName } from '../src/report/xlsx.js';
import { openXlsxSheet } from '../src/load/xlsx.js';
import { tempDir } from './xlsx-helpers.js';
import { KK_OUT_OF_SYNC, RAGGED_ROW_WITH_FORMULA } from './findings-fixture.js';

const findings: Finding[] = [
  KK_OUT_OF_SYNC,
  RAGGED_ROW_WITH_FORMULA,
  {
    kind: 'duplicate',
    code: 'duplicate.within_source',
    severity: 'error',
    source: 'kab_6101',
    line: 57,
    recordId: 'R-57',
    group: 'D1',
    program: 'PKH',
    args: { count: 2 },
  },
  {
    kind: 'duplicate',
    code: 'duplicate.within_source',
    severity: 'error',
    source: 'kab_6101',
    line: 58,
    recordId: 'R-58',
    group: 'D1',
    program: 'PKH',
    args: { count: 2 },
  },
];

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('findings.xlsx', () => {
  it('has a summary and one sheet per kind, in Indonesian, with text cells and masked NIK/KK', async () => {
    const bytes = await renderFindingsXlsx(numberFindings(findings), [{ label: 'Provinsi', value: '61' }, { label: 'Jumlah data', value: 1234 }], {
      showNik: false,
      lang: 'id',
    });
    const wb = await readBack(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Ringkasan', 'tidak valid', 'data ganda', 'tidak ditemukan', 'data tidak sinkron']);

    const summary = sheetRows(wb.getWorksheet('Ringkasan')!);
    expect(summary.slice(0, 3)).toEqual([
      ['uraian', 'nilai'],
      ['Provinsi', '61'],
      ['Jumlah data', 1234],
    ]);
    expect(summary).toContainEqual(['temuan: data ganda', 2]);
    expect(summary).toContainEqual(['temuan: tidak ditemukan', 0]);

    const sync = wb.getWorksheet('data tidak sinkron')!;
    const rows = sheetRows(sync);
    expect(rows[0]).toHaveLength(FINDINGS_CSV_HEADER.length);
    expect(rows[0].slice(0, 6)).toEqual(['id', 'jenis', 'tingkat', 'kelompok', 'sumber', 'baris']);
    expect(rows[1].slice(10, 14)).toEqual(['kk', '6171********0007', '6171********0009', '0.9877']);
    // every cell is text, the line number and the score included
    sync.getRow(2).eachCell((cell) => expect(cell.type).toBe(ExcelJS.ValueType.String));
    expect(sync.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sync.autoFilter).toBe('A1:O2');
    expect(sync.getColumn(15).width).toBeGreaterThan(20);

    const dup = sheetRows(wb.getWorksheet('data ganda')!);
    expect(dup.map((r) => r[5])).toEqual(['baris', '57', '58']);

    const invalid = sheetRows(wb.getWorksheet('tidak valid')!);
    expect(invalid[1][11]).toBe(`'=HYPERLINK("http://x")`);
    expect(invalid[1][14]).toBe('baris berisi 3 kolom, header berisi 5; baris dilewati');
    expect(sheetRows(wb.getWorksheet('tidak ditemukan')!)).toHaveLength(1);

    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => expect(String(c.value)).not.toMatch(/6171012304150007|6171012304150009/)));
  });

  it("opens with padan's own xlsx reader (the zip layout passes its checks)", async () => {
    const path = join(tempDir(), 'findings.xlsx');
    writeFileSync(path, await renderFindingsXlsx(numberFindings(findings), [], { showNik: false, lang: 'en' }));
    const sheet = await openXlsxSheet(path, { sheet: 'duplicate', headerRow: 1 });
    const lines: string[] = [];
    for await (const r of sheet.rows()) lines.push(`${r.line}:${r.cells[0]}:${r.cells[5]}:${r.numeric ? 'numeric' : 'text'}`);
    expect(lines).toEqual(['1:id:line:text', '2:F2:57:text', '3:F3:58:text']);
  });

  it('writes full NIK/KK as text only with showNik, titles in English', async () => {
    const wb = await readBack(await renderFindingsXlsx(numberFindings(findings), [], { showNik: true, lang: 'en' }));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'invalid', 'duplicate', 'missing', 'out of sync']);
    const cell = wb.getWorksheet('out of sync')!.getCell('L2');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('6171012304150007');
  });

  it('keeps sheet names within Excel rules', () => {
    const taken = new Set<string>();
    expect(safeSheetName('data ganda', taken)).toBe('data ganda');
    expect(safeSheetName('Data Ganda', taken)).toBe('Data Ganda (2)');
    expect(safeSheetName('a/b:c?[d]*', taken)).toBe('a b c  d');
    expect(safeSheetName('x'.repeat(40), taken)).toHaveLength(31);
  });
});
