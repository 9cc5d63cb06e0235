import { stringify } from 'csv-stringify/sync';
import { maskId } from '../domain/mask.js';
import type { Finding } from '../domain/finding.js';
import { findingMessage, type Lang } from '../messages/catalogue.js';
import type { NumberedFinding } from './order.js';

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
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
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

export function renderFindingsCsv(findings: NumberedFinding[], opts: RenderOptions): string {
  const rows: string[][] = [[...FINDINGS_CSV_HEADER]];
  for (const f of findings) rows.push(findingRow(f, opts));
  return stringify(rows, { record_delimiter: '\n' });
}
