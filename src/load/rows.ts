import { detachString } from '../domain/text.js';
import type { ResolvedSource } from '../config/schema.js';
import { IdState, Sex, Status, type CanonicalField } from '../domain/fields.js';
import type { Finding } from '../domain/finding.js';
import { CHECKS, type CheckId } from '../validate/checks.js';
import { emptyParsedId, parseId } from '../domain/nik.js';
import type { RowValues } from '../domain/table.js';
import {
  cleanRange,
  DATE_IMPOSSIBLE,
  DATE_INCOMPLETE,
  DATE_UNPARSEABLE,
  normaliseProgram,
  normaliseRegionCode,
  parseAmount,
  parseDate,
  parseSex,
  parseStatus,
  RangeMemo,
  trimRange,
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
  /**
   * map() for a row that is still one line of text: cell i is text[pos[i], pos[i + 1] - 1), for i
   * below `count`. Ids, dates, codes and repeated values are read from the line by char codes;
   * only kept text (name, address, record id, raw text of a bad value) becomes a string.
   */
  mapLine(text: string, pos: Int32Array, count: number, line: number, out: RowValues, findings: Finding[], numeric?: readonly boolean[]): void;
}

/** Start of cell i of a line cut at `pos` (an absent cell is the empty range 0..0). */
function cellFrom(pos: Int32Array, count: number, i: number): number {
  return i < 0 || i >= count ? 0 : pos[i];
}

function cellTo(pos: Int32Array, count: number, i: number): number {
  return i < 0 || i >= count ? 0 : pos[i + 1] - 1;
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
  const sexOf = new RangeMemo(parseSex);
  const statusOf = new RangeMemo(parseStatus);
  const amountOf = new RangeMemo(parseAmount);
  const programOf = new RangeMemo(normaliseProgram);
  const regionOf = new RangeMemo((t: string) => normaliseRegionCode(t, scheme), 1 << 16);
  /** map(): a row of cells is joined into one line and read like the fast path's lines. */
  let joinedPos = new Int32Array(64);

  const regionText = (text: string, pos: Int32Array, count: number): string => {
    // KD_PROV 61, KD_KAB 71, KD_KEC 010, KD_DESA 001 -> 6171010001; a part that already holds the
    // full code (61.71.01.1001 in KD_DESA) is taken as it is.
    const digits = parts!.map((i) => text.slice(cellFrom(pos, count, i), cellTo(pos, count, i)).replace(/\D/g, ''));
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
      recordId: out.recordId, // already detached: problems come after the record id is read
      field,
      value: detachString(value),
      program: out.program,
      region,
      ...(args ? { args } : {}),
    });
  };

  /**
   * Reads the NIK or KK of column `col` into `id`. A cell Excel stored as a number (`numeric`,
   * xlsx) kept only 15 significant digits, whatever it now reads: ExcelNumber, kept as written.
   */
  const readId = (text: string, pos: Int32Array, count: number, col: number, numeric: readonly boolean[] | undefined): void => {
    const from = cellFrom(pos, count, col);
    const to = cellTo(pos, count, col);
    parseId(text, id, from, to);
    if (col >= 0 && numeric?.[col] === true && id.state !== IdState.Missing) {
      id.state = IdState.ExcelNumber;
      id.hi = id.lo = 0;
      id.raw = trimRange(text, from, to);
    }
  };

  const mapLine = (text: string, pos: Int32Array, count: number, line: number, out: RowValues, findings: Finding[], numeric?: readonly boolean[]): void => {
    out.source = source.index;
    out.line = line;

    readId(text, pos, count, c.nik, numeric);
    out.nikState = id.state;
    out.nikHi = id.hi;
    out.nikLo = id.lo;
    out.nikRaw = id.state === IdState.Ok ? '' : detachString(id.raw);

    readId(text, pos, count, c.kk, numeric);
    out.kkState = id.state;
    out.kkHi = id.hi;
    out.kkLo = id.lo;
    out.kkRaw = id.state === IdState.Ok ? '' : detachString(id.raw);

    out.name = cleanRange(text, cellFrom(pos, count, c.name), cellTo(pos, count, c.name));
    out.address = cleanRange(text, cellFrom(pos, count, c.address), cellTo(pos, count, c.address));
    // Every kept string is copied out of the decoded chunk, or one kept cell would keep its whole
    // 1 MiB chunk alive. Names and addresses are interned by the table builder, which copies
    // each distinct value once.
    out.recordId = detachString(trimRange(text, cellFrom(pos, count, c.record_id), cellTo(pos, count, c.record_id)));
    out.program = fixedProgram ?? (c.program < 0 ? '' : programOf.get(text, cellFrom(pos, count, c.program), cellTo(pos, count, c.program)));

    let region = '';
    out.region = '';
    if (c.region >= 0) {
      let code: string | null;
      let from = cellFrom(pos, count, c.region);
      let to = cellTo(pos, count, c.region);
      let raw = text;
      if (parts === null) code = regionOf.get(text, from, to);
      else {
        raw = regionText(text, pos, count);
        from = 0;
        to = raw.length;
        code = regionOf.get(raw, 0, to);
      }
      if (code === null) problem(findings, out, 'region', 'region.malformed', trimRange(raw, from, to), { scheme });
      else region = code;
    }
    out.region = region;

    out.birth = 0;
    if (c.birth_date >= 0) {
      const from = cellFrom(pos, count, c.birth_date);
      const to = cellTo(pos, count, c.birth_date);
      const d = parseDate(text, dateFormat, from, to);
      if (d >= 0) out.birth = d;
      else {
        out.birth = DATE_UNPARSEABLE;
        const v = trimRange(text, from, to);
        if (d === DATE_IMPOSSIBLE) problem(findings, out, 'birth_date', 'birth_date.impossible', v);
        else if (d === DATE_INCOMPLETE) problem(findings, out, 'birth_date', 'birth_date.incomplete', v);
        else problem(findings, out, 'birth_date', 'birth_date.unparseable', v, dateFormat ? { format: dateFormat } : undefined);
      }
    }

    out.sex = Sex.Unknown;
    if (c.sex >= 0) {
      const from = cellFrom(pos, count, c.sex);
      const to = cellTo(pos, count, c.sex);
      const s = sexOf.get(text, from, to);
      if (s === null) problem(findings, out, 'sex', 'sex.unrecognised', trimRange(text, from, to));
      else out.sex = s;
    }

    out.status = Status.None;
    if (c.status >= 0) {
      const from = cellFrom(pos, count, c.status);
      const to = cellTo(pos, count, c.status);
      out.status = statusOf.get(text, from, to);
      if (out.status === Status.Other) problem(findings, out, 'status', 'status.unrecognised', cleanRange(text, from, to));
    }

    out.amount = Number.NaN;
    if (c.amount >= 0) {
      const from = cellFrom(pos, count, c.amount);
      const to = cellTo(pos, count, c.amount);
      const a = amountOf.get(text, from, to);
      if (a === null) problem(findings, out, 'amount', 'amount.unparseable', trimRange(text, from, to));
      else out.amount = a;
    }
  };

  return {
    mapping,
    width,
    mapLine,
    map(cells, line, out, findings, numeric) {
      const count = cells.length;
      if (joinedPos.length <= count) joinedPos = new Int32Array(2 * count + 2);
      const pos = joinedPos;
      // any separator does: cells are read by position, never split again
      let at = 0;
      for (let i = 0; i < count; i++) {
        pos[i] = at;
        at += (cells[i] ?? '').length + 1;
      }
      pos[count] = at;
      mapLine(count === 1 ? (cells[0] ?? '') : cells.join('\n'), pos, count, line, out, findings, numeric);
    },
  };
}
