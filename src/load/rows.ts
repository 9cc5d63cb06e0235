import { detachString } from '../domain/text.js';
import type { ResolvedSource } from '../config/schema.js';
import { IdState, Sex, Status, type CanonicalField } from '../domain/fields.js';
import type { Finding } from '../domain/finding.js';
import { CHECKS, type CheckId } from '../validate/checks.js';
import { emptyParsedId, parseId } from '../domain/nik.js';
import type { RowValues } from '../domain/table.js';
import {
  cleanText,
  DATE_IMPOSSIBLE,
  DATE_INCOMPLETE,
  DATE_UNPARSEABLE,
  memoise,
  normaliseProgram,
  normaliseRegionCode,
  parseAmount,
  parseDate,
  parseSex,
  parseStatus,
  type RegionScheme,
} from '../domain/values.js';
import { headerError, mapHeader, type HeaderMapping } from './header.js';

/**
 * The header-mapping and row-normalising step of the loader, shared by every row reader
 * (delimited text here, xlsx in its own reader): a reader hands over each row as cells plus the
 * 1-based line (or sheet row) where it starts, and gets canonical RowValues back.
 *
 *   const mapper = createRowMapper(source, headerCells, `${source.name} (${source.path})`, headerLine);
 *   mapper.map(cells, line, row, fieldFindings); builder.push(row);
 *
 * Most readers should not call this directly but feed a SourceIngest (src/load/ingest.ts), which
 * also finds the header, skips blank rows, rejects ragged rows and keeps the line accounting.
 */
export interface RowMapper {
  readonly mapping: HeaderMapping;
  /** Cells in the header row, up to the last named one. */
  readonly width: number;
  /**
   * Fills `out` (source and line too) from one data row; per-field problems go to `findings`.
   * `numeric[i]` (xlsx) marks cell i as stored as a number: a NIK or KK there is damaged.
   */
  map(cells: readonly string[], line: number, out: RowValues, findings: Finding[], numeric?: readonly boolean[]): void;
}

/** Throws a PadanError naming the file and the headers it saw when nik or name has no column. */
export function createRowMapper(
  source: ResolvedSource,
  headerCells: readonly string[],
  where: string,
  headerLine: number,
): RowMapper {
  const mapping = mapHeader(source, headerCells);
  if (mapping.missingRequired.length > 0 || mapping.missingConfigured.length > 0) {
    throw headerError(where, headerLine, headerCells, mapping);
  }
  let width = headerCells.length;
  while (width > 0 && headerCells[width - 1].trim() === '') width--;

  const c = mapping.columns;
  const scheme: RegionScheme = source.regionScheme ?? 'kemendagri';
  const fixedProgram = source.program === undefined ? null : normaliseProgram(source.program);
  const sourceRegion = source.region === undefined ? '' : source.region.replace(/\D/g, '');
  const dateFormat = source.dateFormat;
  const parts = mapping.regionParts;
  const id = emptyParsedId();
  // columns that repeat a few values across millions of rows
  const sexOf = memoise(parseSex);
  const statusOf = memoise(parseStatus);
  const amountOf = memoise(parseAmount);
  const programOf = memoise(normaliseProgram);
  const regionOf = memoise((t: string) => normaliseRegionCode(t, scheme), 1 << 16);

  const cell = (cells: readonly string[], i: number): string => (i < 0 ? '' : (cells[i] ?? ''));

  const regionText = (cells: readonly string[]): string => {
    if (parts === null) return cell(cells, c.region);
    // KD_PROV 61, KD_KAB 71, KD_KEC 010, KD_DESA 001 -> 6171010001; a part that already holds the
    // full code (61.71.01.1001 in KD_DESA) is taken as it is.
    const digits = parts.map((i) => cell(cells, i).replace(/\D/g, ''));
    const last = digits[digits.length - 1];
    if (last.length >= 10 || (last !== '' && last.startsWith(digits[0]) && last.length > digits[0].length + 2)) return last;
    return digits.every((d) => d === '') ? '' : digits.join('');
  };

  // Only called for a cell with a problem, so the object is built off the clean path.
  const problem = (findings: Finding[], out: RowValues, field: CanonicalField, code: CheckId, value: string, args?: Finding['args']): void => {
    const region = out.region !== '' && !out.region.startsWith('bps:') ? out.region : sourceRegion;
    findings.push({
      kind: 'invalid',
      code,
      severity: CHECKS[code].severity,
      source: source.name,
      line: out.line,
      recordId: detachString(out.recordId),
      field,
      value: detachString(value),
      program: out.program,
      region,
      ...(args ? { args } : {}),
    });
  };

  return {
    mapping,
    width,
    map(cells, line, out, findings, numeric) {
      out.source = source.index;
      out.line = line;

      parseId(cell(cells, c.nik), id);
      out.nikState = id.state;
      out.nikHi = id.hi;
      out.nikLo = id.lo;
      out.nikRaw = id.state === IdState.Ok ? '' : detachString(id.raw);

      parseId(cell(cells, c.kk), id);
      out.kkState = id.state;
      out.kkHi = id.hi;
      out.kkLo = id.lo;
      out.kkRaw = id.state === IdState.Ok ? '' : detachString(id.raw);

      if (numeric !== undefined) {
        if (c.nik >= 0 && numeric[c.nik] === true && out.nikState !== IdState.Missing) {
          out.nikState = IdState.ExcelNumber;
          out.nikRaw = detachString(cell(cells, c.nik).trim());
          out.nikHi = out.nikLo = 0;
        }
        if (c.kk >= 0 && numeric[c.kk] === true && out.kkState !== IdState.Missing) {
          out.kkState = IdState.ExcelNumber;
          out.kkRaw = detachString(cell(cells, c.kk).trim());
          out.kkHi = out.kkLo = 0;
        }
      }

      out.name = cleanText(cell(cells, c.name));
      out.address = c.address < 0 ? '' : cleanText(cells[c.address] ?? '');
      out.recordId = c.record_id < 0 ? '' : (cells[c.record_id] ?? '').trim();
      // Every kept string is copied out of the decoded chunk, or one kept cell would keep its whole
      // 1 MiB chunk alive. Names and addresses are interned by the table builder, which copies
      // each distinct value once.
      out.recordId = detachString(out.recordId);
      out.program = fixedProgram ?? (c.program < 0 ? '' : programOf(cells[c.program] ?? ''));

      let region = '';
      out.region = '';
      if (c.region >= 0) {
        const raw = regionText(cells);
        const code = regionOf(raw);
        if (code === null) problem(findings, out, 'region', 'region.malformed', raw.trim(), { scheme });
        else region = code;
      }
      out.region = region;

      out.birth = 0;
      if (c.birth_date >= 0) {
        const raw = cells[c.birth_date] ?? '';
        const d = parseDate(raw, dateFormat);
        if (d >= 0) out.birth = d;
        else {
          out.birth = DATE_UNPARSEABLE;
          const v = raw.trim();
          if (d === DATE_IMPOSSIBLE) problem(findings, out, 'birth_date', 'birth_date.impossible', v);
          else if (d === DATE_INCOMPLETE) problem(findings, out, 'birth_date', 'birth_date.incomplete', v);
          else problem(findings, out, 'birth_date', 'birth_date.unparseable', v, dateFormat ? { format: dateFormat } : undefined);
        }
      }

      out.sex = Sex.Unknown;
      if (c.sex >= 0) {
        const raw = cells[c.sex] ?? '';
        const s = sexOf(raw);
        if (s === null) problem(findings, out, 'sex', 'sex.unrecognised', raw.trim());
        else out.sex = s;
      }

      out.status = Status.None;
      if (c.status >= 0) {
        const raw = cells[c.status] ?? '';
        out.status = statusOf(raw);
        if (out.status === Status.Other) problem(findings, out, 'status', 'status.unrecognised', cleanText(raw));
      }

      out.amount = Number.NaN;
      if (c.amount >= 0) {
        const raw = cells[c.amount] ?? '';
        const a = amountOf(raw);
        if (a === null) problem(findings, out, 'amount', 'amount.unparseable', raw.trim());
        else out.amount = a;
      }
    },
  };
}
