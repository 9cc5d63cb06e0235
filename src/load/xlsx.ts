// Row reader for .xlsx rosters: yields the same (cells, line) rows as the CSV reader, so header
// mapping and normalisation are shared. Regency offices export from Excel with a title and a date
// above the table, NIKs typed as numbers, dates as date cells and more than one sheet; this file
// turns all of that into plain text cells with the sheet row as the line.
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ResolvedSource } from '../config/schema.js';
import { PadanError } from '../domain/errors.js';
import type { SourceReadNotes } from './read-source.js';
import type { SourceIngest } from './ingest.js';
import {
  DEFAULT_ZIP_LIMITS,
  inflateEntry,
  readEntryText,
  readZipDirectory,
  zipPartsStream,
  type StreamPart,
  type ZipEntry,
  type ZipLimits,
} from './xlsx-zip.js';

export interface XlsxLimits extends ZipLimits {
  /** Excel's own maximum; a sheet claiming more rows is not from Excel and is refused. */
  maxRows: number;
  maxColumns: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = { ...DEFAULT_ZIP_LIMITS, maxRows: 1_048_576, maxColumns: 16_384 };

/** Larger than what unzipper and exceljs buffer between them (a few 16-64 KiB buffers). */
const STREAM_TAIL_BYTES = 256 << 10;

/** How far down the header may sit below title rows when it is detected rather than configured. */
export const XLSX_HEADER_SEARCH_ROWS = 20;

export interface XlsxReadOptions {
  /** Sheet name, or 0-based position in the workbook's tab order. Default: the first visible sheet. */
  sheet?: string | number;
  /** 1-based sheet row of the header. Default: detected with `isHeader` in the first 20 rows. */
  headerRow?: number;
  /** Recognises the header row; the loader passes its own header mapping. Default: {@link looksLikeHeader}. */
  isHeader?: (cells: readonly string[]) => boolean;
  /** File name used in messages; default the file's base name. */
  label?: string;
  limits?: Partial<XlsxLimits>;
}

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface SheetSummary {
  name: string;
  /** 0-based position in the workbook's tab order. */
  index: number;
  state: SheetState;
}

/**
 * One sheet row as text. `line` is the sheet row number (what Excel shows at the left).
 * `numeric[c]` is true when cell c was stored as a number: for NIK and KK that means the digits
 * after the 15th are already lost (Excel keeps 15 significant digits), so the loader must report
 * the value as damaged rather than accept it. Absent when the row has no numeric cell.
 */
export interface XlsxRow {
  cells: string[];
  line: number;
  numeric?: boolean[];
}

export interface XlsxSheet {
  /** File label used in messages (`kab_6171.xlsx`). */
  file: string;
  sheet: SheetSummary;
  /** Every sheet of the workbook in tab order, hidden ones included. */
  sheets: SheetSummary[];
  /** `kab_6171.xlsx!Data:57`: how messages name a row of this sheet. */
  location(line: number): string;
  /**
   * The header row first, then every non-empty row below it, each padded to the header's width.
   * Rows above the header (titles, dates) and empty rows are skipped. Throws on merged cells in
   * the table. Either this or rawRows may be iterated, once.
   */
  rows(): AsyncGenerator<XlsxRow, void, undefined>;
  /** Every non-empty row from the top (title rows too), for a caller that finds the header itself. */
  rawRows(): AsyncGenerator<XlsxRow, void, undefined>;
  /** Throws the merged-cells error when a merged range reaches the header row or below. */
  checkMerges(headerLine: number): void;
}

/** `kab_6171.xlsx!Data:57`, the way padan names a row of a sheet in findings and messages. */
export function xlsxLocation(file: string, sheet: string, line: number): string {
  return `${file}!${sheet}:${line}`;
}

/** Header words are compared as upper-case tokens: `No. NIK` -> NO NIK, `nama_kpm` -> NAMA KPM. */
function headerTokens(cell: string): string[] {
  return cell.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
}

/**
 * A row with a NIK-like column and a separate NAMA-like column: NIK, NO_NIK, NIK_KPM, nik_ktp,
 * "Nomor Induk Kependudukan"; NAMA, NAMA_KPM, Nama Penerima, NAME. Title rows such as
 * "DAFTAR NIK DAN NAMA KPM" hold both words in one cell and are therefore not taken.
 */
export function looksLikeHeader(cells: readonly string[]): boolean {
  let nik = -1;
  let name = -1;
  cells.forEach((cell, i) => {
    const t = headerTokens(cell);
    if (nik < 0 && (t.includes('NIK') || (t.includes('INDUK') && t.includes('KEPENDUDUKAN')))) nik = i;
    else if (name < 0 && (t.includes('NAMA') || t.includes('NAME'))) name = i;
  });
  return nik >= 0 && name >= 0;
}

function xmlAttrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    // local names only: the relationship id is r:id in Excel but any prefix is legal
    out[m[1].replace(/^.*:/, '')] = decodeXml(m[2] ?? m[3] ?? '');
  }
  return out;
}

function decodeXml(s: string): string {
  return s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex: string, dec: string, named: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[named.toLowerCase()] ?? '';
  });
}

interface WorkbookSheet extends SheetSummary {
  /** Zip path of the sheet's XML, e.g. xl/worksheets/sheet2.xml. */
  part: string;
}

/** Sheet names, order, visibility and parts from xl/workbook.xml and its relationships. */
function parseWorkbookParts(workbookXml: string, relsXml: string): { sheets: WorkbookSheet[]; date1904: boolean } {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = xmlAttrs(m[1]);
    if (a.Id && a.Target) targets.set(a.Id, a.Target);
  }
  const sheets: WorkbookSheet[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const a = xmlAttrs(m[1]);
    const target = targets.get(a.id ?? '') ?? '';
    const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/');
    const state: SheetState = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
    sheets.push({ name: a.name ?? `Sheet${sheets.length + 1}`, index: sheets.length, state, part });
  }
  const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(workbookXml);
  const date1904 = pr ? /^(1|true)$/i.test(xmlAttrs(pr[1]).date1904 ?? '') : false;
  return { sheets, date1904 };
}

function describeSheets(sheets: readonly SheetSummary[]): string {
  return sheets.map((s) => `"${s.name}"${s.state === 'visible' ? '' : ' (hidden)'}`).join(', ');
}

function pickSheet(sheets: WorkbookSheet[], wanted: string | number | undefined, label: string): WorkbookSheet {
  if (sheets.length === 0) throw new PadanError(`${label}: the workbook has no sheets`);
  let s: WorkbookSheet | undefined;
  if (wanted === undefined) {
    s = sheets.find((x) => x.state === 'visible');
    if (!s) throw new PadanError(`${label}: every sheet is hidden (${describeSheets(sheets)}); unhide the roster sheet or set "sheet"`);
    return s;
  }
  if (typeof wanted === 'number') {
    s = sheets[wanted];
    if (!s) {
      throw new PadanError(
        `${label}: "sheet": ${wanted} does not exist; sheets are counted from 0 and this workbook has ${sheets.length}: ${describeSheets(sheets)}`,
      );
    }
  } else {
    s = sheets.find((x) => x.name === wanted) ?? sheets.find((x) => x.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (!s) throw new PadanError(`${label}: no sheet named "${wanted}"; the workbook has ${describeSheets(sheets)}`);
  }
  if (s.state !== 'visible') {
    // A hidden sheet is usually an old copy or a lookup table; reading it silently is how stale data gets in.
    throw new PadanError(`${label}: sheet "${s.name}" is hidden in Excel; unhide it if it really is the roster, or pick another sheet`);
  }
  return s;
}

interface CellRange {
  ref: string;
  top: number;
  bottom: number;
}

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function parseRange(ref: string): CellRange | null {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref.trim().toUpperCase());
  if (!m) return null;
  const top = Number(m[2]);
  const bottom = m[4] ? Number(m[4]) : top;
  // column numbers are validated so a bogus ref is ignored rather than misread
  if (colNumber(m[1]) < 1 || (m[3] && colNumber(m[3]) < 1)) return null;
  return { ref: ref.trim(), top: Math.min(top, bottom), bottom: Math.max(top, bottom) };
}

/**
 * Inflates every part once with the byte budget (so exceljs later meets no surprise) and collects
 * the merged ranges of the roster sheet, which exceljs's streaming reader does not report.
 */
async function verifyParts(path: string, entries: ZipEntry[], sheetPart: string, label: string, limits: XlsxLimits): Promise<CellRange[]> {
  const merges: CellRange[] = [];
  let total = 0;
  for (const e of entries) {
    let onText: ((t: string) => void) | undefined;
    if (e.name === sheetPart) {
      let carry = '';
      onText = (t) => {
        const text = carry + t;
        let lastEnd = 0;
        for (const m of text.matchAll(/<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']+)["'][^>]*>/g)) {
          const r = parseRange(m[1]);
          if (r) merges.push(r);
          lastEnd = m.index + m[0].length;
        }
        // keep an unfinished tag for the next chunk
        const open = text.lastIndexOf('<');
        carry = open >= lastEnd && text.length - open < 512 ? text.slice(open) : '';
      };
    }
    total += await inflateEntry(path, e, label, onText);
    if (total > limits.maxUnpackedBytes) {
      throw new PadanError(`${label}: the workbook unpacks to more than padan's limit; export the roster as CSV instead`);
    }
  }
  return merges;
}

function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const bare = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[dmyDMY]/.test(bare) && !/^general$/i.test(bare);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

interface CellOut {
  text: string;
  numeric: boolean;
}

/** Every cell value becomes the text an officer sees; numbers are flagged, dates become YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue, numFmt: string | undefined, date1904: boolean, out: CellOut): void {
  out.numeric = false;
  if (value === null || value === undefined) {
    out.text = '';
  } else if (typeof value === 'string') {
    out.text = value;
  } else if (typeof value === 'number') {
    if (isDateFormat(numFmt)) out.text = isoDate(serialToDate(value, date1904));
    else {
      out.text = String(value);
      out.numeric = true;
    }
  } else if (typeof value === 'boolean') {
    out.text = value ? 'TRUE' : 'FALSE';
  } else if (value instanceof Date) {
    out.text = isoDate(value);
  } else if ('formula' in value || 'sharedFormula' in value) {
    // The cached result is what the officer saw; padan never evaluates formulas.
    cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue, numFmt, date1904, out);
  } else if ('richText' in value) {
    out.text = value.richText.map((r) => r.text ?? '').join('');
  } else if ('error' in value) {
    out.text = String(value.error);
  } else if ('text' in value) {
    const t = (value as { text: unknown }).text;
    out.text = typeof t === 'string' ? t : t && typeof t === 'object' && 'richText' in t ? (t as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('') : '';
  } else {
    out.text = '';
  }
}

/**
 * Opens one sheet of an .xlsx roster. Checks the file (a zip at all, not damaged, not a zip bomb,
 * not encrypted), picks the sheet and finds its merged cells before any row is read; the rows are
 * then streamed with exceljs, so a large workbook is never held in memory.
 */
export async function openXlsxSheet(path: string, opts: XlsxReadOptions = {}): Promise<XlsxSheet> {
  const label = opts.label ?? basename(path);
  const limits: XlsxLimits = { ...DEFAULT_XLSX_LIMITS, ...opts.limits };
  const entries = await readZipDirectory(path, label, limits);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const wbEntry = byName.get('xl/workbook.xml');
  if (!wbEntry) {
    const ods = byName.has('content.xml') && byName.has('mimetype');
    throw new PadanError(
      ods
        ? `${label}: is an OpenDocument spreadsheet (.ods); save it as .xlsx`
        : `${label}: is a zip archive but not an Excel workbook (it has no xl/workbook.xml)`,
    );
  }
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  const { sheets, date1904 } = parseWorkbookParts(
    await readEntryText(path, wbEntry, label),
    relsEntry ? await readEntryText(path, relsEntry, label) : '',
  );
  const chosen = pickSheet(sheets, opts.sheet, label);
  // exceljs streams only parts named like this; Excel, LibreOffice and the usual libraries use them.
  if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(chosen.part) || !byName.has(chosen.part)) {
    throw new PadanError(`${label}: sheet "${chosen.name}" is stored in a way padan cannot stream (${chosen.part || 'no part'}); open the file in Excel and save it again`);
  }
  const merges = await verifyParts(path, entries, chosen.part, label, limits);
  const summaries = sheets.map(({ name, index, state }) => ({ name, index, state }));
  const sheet = summaries[chosen.index];
  const location = (line: number) => xlsxLocation(label, sheet.name, line);
  let started = false;

  // exceljs's streaming reader is fed only the parts it needs, in the order it handles safely.
  // As exceljs 4.4.0 reads a workbook laid out as Excel writes it (worksheets before shared strings,
  // styles and workbook.xml), it parks the sheets in temp files and, through unzipper's early 'end',
  // now and then drops the parts after them: seen here on Node 20 in about one read of three, as
  // sheets named Sheet1.., cells without their shared strings, or a crash on a vanished temp file.
  // With the relationships, workbook, strings and styles first, the roster sheet is parsed as it
  // streams; a stored tail part keeps the input from ending before exceljs has taken the sheet.
  const sheetEntry = byName.get(chosen.part)!;
  const stringsEntry = byName.get('xl/sharedStrings.xml');
  const stylesEntry = byName.get('xl/styles.xml');
  const parts: StreamPart[] = [
    relsEntry ? { entry: relsEntry } : { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<Relationships/>') },
    { entry: wbEntry },
    stringsEntry ? { entry: stringsEntry } : { name: 'xl/sharedStrings.xml', data: Buffer.from('<sst/>') },
    ...(stylesEntry ? [{ entry: stylesEntry }] : []),
    { entry: sheetEntry },
    { name: 'padan/tail.bin', data: Buffer.alloc(STREAM_TAIL_BYTES) },
  ];

  /** Every non-empty row from the top, cut after its last non-empty cell. */
  async function* rawRows(): AsyncGenerator<XlsxRow, void, undefined> {
    if (started) throw new Error('xlsx rows may be read once');
    started = true;
    const input = Readable.from(zipPartsStream(path, parts), { objectMode: false });
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    const cell: CellOut = { text: '', numeric: false };
    let found = false;
    try {
      // the stream holds one sheet: the roster
      for await (const ws of reader as AsyncIterable<unknown> as AsyncIterable<AsyncIterable<ExcelJS.Row>>) {
        found = true;
        for await (const row of ws) {
          const line = row.number;
          if (!Number.isInteger(line) || line < 1 || line > limits.maxRows) {
            throw new PadanError(`${location(line)}: row number beyond Excel's ${limits.maxRows} rows; the workbook was not written by Excel correctly`);
          }
          const cells: string[] = [];
          let numeric: boolean[] | undefined;
          let last = 0;
          row.eachCell({ includeEmpty: false }, (c, col) => {
            if (col > limits.maxColumns) throw new PadanError(`${location(line)}: cell beyond Excel's ${limits.maxColumns} columns`);
            cellText(c.value, c.numFmt, date1904, cell);
            while (cells.length < col - 1) cells.push('');
            cells[col - 1] = cell.text;
            if (cell.numeric) (numeric ??= [])[col - 1] = true;
            if (cell.text.trim() !== '') last = col;
          });
          // empty rows, including the formatted-but-empty rows Excel keeps below a table
          if (last === 0) continue;
          cells.length = last;
          if (numeric) {
            numeric.length = last;
            for (let c = 0; c < last; c++) numeric[c] = numeric[c] === true;
            yield { cells, line, numeric };
          } else yield { cells, line };
        }
        break;
      }
    } catch (e) {
      if (e instanceof PadanError) throw e;
      throw new PadanError(`${label}: the workbook could not be read (${(e as Error).message ?? String(e)}); open it in Excel and save it again`);
    } finally {
      input.destroy();
    }
    if (!found) throw new PadanError(`${label}: sheet "${sheet.name}" could not be read; open the file in Excel and save it again`);
  }

  function checkMerges(headerLine: number): void {
    const inTable = merges.filter((m) => m.bottom >= headerLine);
    if (inTable.length === 0) return;
    const shown = inTable.slice(0, 5).map((m) => m.ref).join(', ');
    throw new PadanError(
      `${location(Math.max(inTable[0].top, headerLine))}: merged cells in the table (${shown}${inTable.length > 5 ? `, and ${inTable.length - 5} more` : ''}); ` +
        'unmerge them and fill in the value on every row, then save again',
    );
  }

  async function* rows(): AsyncGenerator<XlsxRow, void, undefined> {
    const isHeader = opts.isHeader ?? looksLikeHeader;
    const fixed = opts.headerRow;
    let headerLine = 0;
    let width = 0;
    for await (const row of rawRows()) {
      const { cells, line } = row;
      if (headerLine === 0) {
        if (fixed !== undefined ? line > fixed : line > XLSX_HEADER_SEARCH_ROWS) break;
        if (fixed !== undefined ? line < fixed : !isHeader(cells)) continue;
        headerLine = line;
        checkMerges(headerLine);
        width = cells.length;
        yield { cells: cells.map((c) => c.trim()), line };
        continue;
      }
      while (cells.length < width) cells.push('');
      if (row.numeric) while (row.numeric.length < width) row.numeric.push(false);
      yield row;
    }
    if (headerLine === 0) {
      throw new PadanError(
        fixed !== undefined
          ? `${location(fixed)}: "headerRow" is ${fixed} but that row is empty or missing`
          : `${label}!${sheet.name}: no header row with a NIK column and a NAMA column in the first ${XLSX_HEADER_SEARCH_ROWS} rows; set "headerRow" (and "columns") in the config`,
      );
    }
  }

  return { file: label, sheet, sheets: summaries, location, rows, rawRows, checkMerges };
}

/**
 * The loader's reader for .xlsx sources: feeds the sheet's rows to the same SourceIngest as the
 * CSV reader (which finds the header below title rows and maps and normalises each row), with
 * the sheet row as the line and numeric NIK/KK cells marked as damaged.
 */
export async function readXlsx(source: ResolvedSource, ingest: SourceIngest): Promise<SourceReadNotes> {
  const book = await openXlsxSheet(source.absPath, { sheet: source.sheet, label: basename(source.path) });
  let width = -1;
  for await (const row of book.rawRows()) {
    if (width >= 0) {
      // a sheet row ends at its last filled cell; the header decides the width
      while (row.cells.length < width) row.cells.push('');
      if (row.numeric) while (row.numeric.length < width) row.numeric.push(false);
    }
    ingest.row(row.cells, row.line, row.numeric);
    if (width < 0 && ingest.hasHeader) {
      book.checkMerges(ingest.headerLine);
      width = row.cells.length;
    }
  }
  return { sheet: book.sheet.name };
}

/** True for paths padan reads as Excel workbooks. */
export function isXlsxPath(path: string): boolean {
  return /\.xlsx$/i.test(path);
}
