// findings.xlsx: the findings.csv rows in a workbook the verification team can filter in Excel.
// Every finding cell is a text cell: a NIK written as a number would lose its last digit the
// moment Excel opens it, and a text cell is never run as a formula.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { FINDING_KINDS, type FindingKind } from '../domain/finding.js';
import { uiText } from '../messages/catalogue.js';
import { FINDINGS_CSV_HEADER, findingRow, type RenderOptions } from './findings-csv.js';
import type { NumberedFinding } from './order.js';

export interface SummaryItem {
  label: string;
  value: string | number;
}

/** Excel's last row is 1,048,576; the header takes one. A larger kind continues on a second sheet. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** Widths are measured on the first rows only: enough to fit typical values, cheap on a million rows. */
const WIDTH_SAMPLE = 2000;

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique ignoring case. */
export function safeSheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

function columnWidths(header: string[], rows: string[][]): number[] {
  return header.map((h, c) => {
    let w = h.length;
    for (let r = 0; r < rows.length && r < WIDTH_SAMPLE; r++) w = Math.max(w, rows[r][c].length);
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
  });
}

type SheetOptions = Partial<ExcelJS.AddWorksheetOptions> & { autoFilter?: string };

/**
 * A workbook with a summary sheet and one sheet per finding kind (all four, in the findings.csv
 * order, so the layout never shifts), each with the findings.csv columns, a frozen header,
 * filters and column widths; sheet and column titles in the chosen language. Values are those of
 * findings.csv: NIK/KK masked unless `showNik`, formula-like text neutralised.
 */
export async function renderFindingsXlsx(findings: NumberedFinding[], summary: SummaryItem[], opts: RenderOptions): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = 'padan';
  const t = (key: string) => uiText(opts.lang, key);
  const taken = new Set<string>();
  const bold: Partial<ExcelJS.Font> = { bold: true };

  const byKind = new Map<FindingKind, NumberedFinding[]>(FINDING_KINDS.map((k) => [k, []]));
  for (const f of findings) byKind.get(f.kind)?.push(f);

  const summarySheet = wb.addWorksheet(safeSheetName(t('xlsx.summary_sheet'), taken), {
    views: [{ state: 'frozen', ySplit: 1 }],
  } as SheetOptions);
  summarySheet.columns = [{ width: 44 }, { width: 24 }];
  const summaryHeader = summarySheet.addRow([t('xlsx.summary_item'), t('xlsx.summary_value')]);
  summaryHeader.font = bold;
  summaryHeader.commit();
  for (const item of summary) summarySheet.addRow([item.label, item.value]).commit();
  summarySheet.addRow([]).commit();
  for (const k of FINDING_KINDS) summarySheet.addRow([`${t('xlsx.findings_of_kind')}: ${t(`kind.${k}`)}`, byKind.get(k)?.length ?? 0]).commit();
  summarySheet.addRow([]).commit();
  summarySheet.addRow([t(opts.showNik ? 'xlsx.unmasked_note' : 'xlsx.masked_note')]).commit();
  summarySheet.commit();

  const header = FINDINGS_CSV_HEADER.map((h) => t(`xlsx.col.${h}`));
  const lastCol = String.fromCharCode(64 + header.length);
  for (const kind of FINDING_KINDS) {
    const list = byKind.get(kind) ?? [];
    const rows = list.map((f) => findingRow(f, opts));
    const widths = columnWidths(header, rows);
    for (let start = 0; start === 0 || start < rows.length; start += XLSX_MAX_DATA_ROWS) {
      const part = rows.slice(start, start + XLSX_MAX_DATA_ROWS);
      const ws = wb.addWorksheet(safeSheetName(t(`kind.${kind}`), taken), {
        views: [{ state: 'frozen', ySplit: 1 }],
        autoFilter: `A1:${lastCol}${part.length + 1}`,
      } as SheetOptions);
      // numFmt '@' keeps a value typed into these columns later as text too
      ws.columns = widths.map((width) => ({ width, style: { numFmt: '@' } }));
      const h = ws.addRow(header);
      h.font = bold;
      h.commit();
      for (const r of part) ws.addRow(r).commit();
      ws.commit();
    }
  }
  await wb.commit();
  await done;
  const buf = Buffer.concat(chunks);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}
