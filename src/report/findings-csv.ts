import { maskId } from '../domain/mask.js';
import type { Finding } from '../domain/finding.js';
import { findingMessage, type Lang } from '../messages/catalogue.js';
import type { NumberedFinding } from './order.js';
import { collectText, type TextSink } from './sink.js';

/** The contract header of findings.csv; other programs read these columns by name and order. */
export const FINDINGS_CSV_HEADER = [
  'id',
  'kind',
  'severity',
  'group',
  'source',
  'line',
  'record_id',
  'other_source',
  'other_line',
  'other_record_id',
  'field',
  'value',
  'other_value',
  'score',
  'message',
] as const;

export interface RenderOptions {
  /** Write NIK/KK in full (authorised officers only). */
  showNik: boolean;
  lang: Lang;
}

const ID_FIELDS = new Set(['nik', 'kk']);

/** The value as it may be shown: NIK/KK masked unless showNik. */
export function displayValue(f: Finding, value: string | undefined, showNik: boolean): string {
  if (value === undefined) return '';
  return !showNik && f.field !== undefined && ID_FIELDS.has(f.field) ? maskId(value) : value;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (and tab/CR can smuggle one in), so such
 * cells get a leading apostrophe: shown as text, never executed.
 */
export function neutraliseCell(s: string): string {
  const c = s.charCodeAt(0);
  // = + - @ tab CR
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? `'${s}` : s;
}

export function findingRow(f: NumberedFinding, opts: RenderOptions): string[] {
  const v = displayValue(f, f.value, opts.showNik);
  const ov = displayValue(f, f.otherValue, opts.showNik);
  const row = [
    f.id,
    f.kind,
    f.severity,
    f.group ?? '',
    f.source,
    String(f.line),
    f.recordId,
    f.other?.source ?? '',
    // A missing finding names the roster that lacks the person, but no line in it.
    f.other && f.other.line > 0 ? String(f.other.line) : '',
    f.other?.recordId ?? '',
    f.field ?? '',
    v,
    ov,
    f.score === undefined ? '' : f.score.toFixed(4),
    findingMessage(opts.lang, f, v, ov),
  ];
  return row.map(neutraliseCell);
}

/**
 * One CSV field as RFC 4180 writes it: quoted when it holds a comma, quote or line break, quotes
 * doubled. The same bytes as csv-stringify, which findings.csv was first written with (at ~7 us a
 * row, seconds on a province's findings), except that a lone \r is quoted too so it reads back.
 */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record, ended by \n. */
export function csvRecord(cells: readonly string[]): string {
  let line = csvField(cells[0] ?? '');
  for (let k = 1; k < cells.length; k++) line += ',' + csvField(cells[k]);
  return line + '\n';
}

/** One cell as findingRow and csvRecord make it: neutralised, then quoted when it needs to be. */
function csvCell(s: string): string {
  return csvField(neutraliseCell(s));
}

/**
 * csvRecord(findingRow(f)) without the two arrays per finding. Cells that can only hold an id
 * (F12), a kind, a severity or a line number need neither neutralising nor quoting.
 */
function findingRecord(f: NumberedFinding, opts: RenderOptions, names: CellCache): string {
  const v = displayValue(f, f.value, opts.showNik);
  const ov = displayValue(f, f.otherValue, opts.showNik);
  const other = f.other;
  return (
    `${f.id},${f.kind},${f.severity},${f.group === undefined ? '' : csvCell(f.group)},${names.of(f.source)},${f.line >= 0 ? f.line : csvCell(String(f.line))},${csvCell(f.recordId)},` +
    `${other === undefined ? ',,' : `${names.of(other.source ?? '')},${other.line > 0 ? other.line : ''},${csvCell(other.recordId ?? '')}`},` +
    `${f.field === undefined ? '' : names.of(f.field)},${csvCell(v)},${csvCell(ov)},${f.score === undefined ? '' : csvCell(f.score.toFixed(4))},` +
    `${csvCell(findingMessage(opts.lang, f, v, ov))}\n`
  );
}

/** csvCell of the few values that repeat on every row (source and field names), made once each. */
class CellCache {
  private readonly cells = new Map<string, string>();
  of(s: string): string {
    let c = this.cells.get(s);
    if (c === undefined) {
      c = csvCell(s);
      // Bounded: a config has a handful of sources and fields.
      if (this.cells.size < 1024) this.cells.set(s, c);
    }
    return c;
  }
}

/** Rows gathered into one write: a sink write per row cost as much as making the row. */
const ROWS_PER_WRITE = 64;

/** findings.csv, streamed: a province's hundreds of thousands of findings are never one string. */
export function writeFindingsCsv(out: TextSink, findings: readonly NumberedFinding[], opts: RenderOptions): void {
  out.write(csvRecord(FINDINGS_CSV_HEADER));
  let rows = '';
  const names = new CellCache();
  for (let k = 0; k < findings.length; k++) {
    rows += findingRecord(findings[k], opts, names);
    if (k % ROWS_PER_WRITE === ROWS_PER_WRITE - 1) {
      out.write(rows);
      rows = '';
    }
  }
  if (rows !== '') out.write(rows);
}

export function renderFindingsCsv(findings: readonly NumberedFinding[], opts: RenderOptions): string {
  return collectText((out) => writeFindingsCsv(out, findings, opts));
}
