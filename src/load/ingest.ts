import type { ResolvedSource } from '../config/schema.js';
import { PadanError } from '../domain/errors.js';
import type { Finding, SourceAccounting } from '../domain/finding.js';
import { emptyRow, type RecordTableBuilder } from '../domain/table.js';
import { isUsableHeader, mapHeader, headerError } from './header.js';
import { createRowMapper, type RowMapper } from './rows.js';

/** Without `headerRow`, the header is looked for in this many non-blank rows (title rows above it). */
export const HEADER_SEARCH_ROWS = 10;

/** Where each source's findings go; shared by every source of a run. */
export interface IngestSink {
  rejections: Finding[];
  fieldFindings: Finding[];
}

/**
 * What every row reader feeds: one call per row of the file, in order, header and blank rows
 * included, each with the 1-based line (sheet row for xlsx) where it starts. SourceIngest finds
 * the header, maps and normalises each data row into the builder, and keeps the accounting:
 *
 * - Rows before the header (title rows such as "KABUPATEN: ...") and blank rows are not data lines.
 *   A blank row is one whose cells are all empty or whitespace: an empty line, or `;;;;` that
 *   Excel writes for an emptied row. Blank rows are counted in `blankLines`, nowhere else.
 * - Every other row is a data line and ends up as exactly one record or one rejection, so
 *   dataLines === records + rejections.
 *
 * An xlsx reader (or any other) calls `row(cells, line)` per row, `reject(...)` for a row it could
 * not read at all, and `finish()` at the end.
 */
export class SourceIngest {
  private mapper: RowMapper | null = null;
  private readonly row0 = emptyRow();
  private firstHeaderCandidate: { cells: string[]; line: number } | null = null;
  private searched = 0;
  /** Set by a reader once its decoder produced U+FFFD, so clean files skip the per-cell check. */
  checkUndecodable = false;
  /** Name of the encoding, for the row.undecodable message. */
  encodingLabel = 'UTF-8';
  dataLines = 0;
  records = 0;
  rejected = 0;
  blankLines = 0;
  headerLine = 0;

  constructor(
    readonly source: ResolvedSource,
    private readonly builder: RecordTableBuilder,
    private readonly sink: IngestSink,
  ) {}

  /** "name (path)": how messages name the file. */
  get where(): string {
    return `${this.source.name} (${this.source.path})`;
  }

  get hasHeader(): boolean {
    return this.mapper !== null;
  }

  /** The row mapper once the header is found (readers use it with dataLine and `wanted`). */
  get rowMapper(): RowMapper | null {
    return this.mapper;
  }

  /**
   * Per header column, 1 when the mapper reads it: a reader may leave the other cells '' rather
   * than cut a string for each (rosters often have 30+ columns of which padan reads 10).
   */
  wanted: Uint8Array | null = null;

  /** `numeric` (xlsx): which cells were stored as numbers, see RowMapper.map. */
  row(cells: string[], line: number, numeric?: readonly boolean[]): void {
    const mapper = this.mapper;
    if (mapper === null) {
      this.lookForHeader(cells, line);
      return;
    }
    if (isBlank(cells)) {
      this.blankLines++;
      return;
    }
    this.dataRow(mapper, cells, line, numeric);
  }

  /** A row of cells once the header is found and the row is not blank. */
  private dataRow(mapper: RowMapper, cells: string[], line: number, numeric?: readonly boolean[]): void {
    this.dataLines++;
    const width = mapper.width;
    if (cells.length < width || (cells.length > width && !restIsBlank(cells, width))) {
      this.rejectRow(line, 'row.ragged', { got: cells.length, expected: width });
      return;
    }
    if (this.checkUndecodable && cells.some((c) => c.includes('\uFFFD'))) {
      // The decoder turned bytes it could not read into U+FFFD. Decoding goes on (a fatal decoder
      // would lose the rest of the file), but a NIK or name with a lost letter cannot be trusted
      // or matched, so the row is rejected and the officer told to check the file's encoding.
      this.rejectRow(line, 'row.undecodable', { encoding: this.encodingLabel });
      return;
    }
    const findingsBefore = this.sink.fieldFindings.length;
    mapper.map(cells, line, this.row0, this.sink.fieldFindings, numeric);
    const index = this.builder.push(this.row0);
    for (let k = findingsBefore; k < this.sink.fieldFindings.length; k++) this.sink.fieldFindings[k].index = index;
    this.records++;
  }

  /**
   * dataRow for a line the fast path has not cut into strings, once it has checked the line is not
   * blank: cell i is text[pos[i], pos[i + 1] - 1) for i below `count`. Only `wanted` cells are
   * checked for U+FFFD (the mapper never reads the others).
   */
  dataLine(mapper: RowMapper, text: string, pos: Int32Array, count: number, line: number): void {
    this.dataLines++;
    const width = mapper.width;
    if (count < width || (count > width && !restIsBlankLine(text, pos, count, width))) {
      this.rejectRow(line, 'row.ragged', { got: count, expected: width });
      return;
    }
    if (this.checkUndecodable && this.hasUndecodableCell(text, pos)) {
      this.rejectRow(line, 'row.undecodable', { encoding: this.encodingLabel });
      return;
    }
    const findingsBefore = this.sink.fieldFindings.length;
    mapper.mapLine(text, pos, count, line, this.row0, this.sink.fieldFindings);
    const index = this.builder.push(this.row0);
    for (let k = findingsBefore; k < this.sink.fieldFindings.length; k++) this.sink.fieldFindings[k].index = index;
    this.records++;
  }

  private hasUndecodableCell(text: string, pos: Int32Array): boolean {
    const wanted = this.wanted!;
    for (let i = 0; i < wanted.length; i++) {
      if (wanted[i] === 0) continue;
      for (let k = pos[i], end = pos[i + 1] - 1; k < end; k++) if (text.charCodeAt(k) === 0xfffd) return true;
    }
    return false;
  }

  /** A data row the reader could not read (unterminated quote, parse error). */
  reject(line: number, code: string, args?: Record<string, string | number>): void {
    this.dataLines++;
    this.rejectRow(line, code, args);
  }

  finish(): SourceAccounting {
    if (this.mapper === null) {
      if (this.firstHeaderCandidate !== null) {
        const { cells, line } = this.firstHeaderCandidate;
        throw headerError(this.where, line, cells, mapHeader(this.source, cells));
      }
      throw new PadanError(`${this.where}: the file is empty (no header row)`);
    }
    return {
      source: this.source.name,
      path: this.source.path,
      dataLines: this.dataLines,
      records: this.records,
      rejections: this.rejected,
    };
  }

  private rejectRow(line: number, code: string, args?: Record<string, string | number>): void {
    this.rejected++;
    this.sink.rejections.push({
      kind: 'invalid',
      code,
      severity: 'error',
      source: this.source.name,
      line,
      recordId: '',
      ...(this.source.program ? { program: this.source.program } : {}),
      ...(args ? { args } : {}),
    });
  }

  private lookForHeader(cells: string[], line: number): void {
    const fixed = this.source.headerRow;
    if (fixed !== undefined) {
      if (line < fixed) return;
      // the configured row is the header, usable or not
      this.useHeader(cells, line);
      return;
    }
    if (isBlank(cells)) return;
    this.firstHeaderCandidate ??= { cells, line };
    const m = mapHeader(this.source, cells);
    if (isUsableHeader(m)) {
      this.useHeader(cells, line);
      return;
    }
    if (++this.searched >= HEADER_SEARCH_ROWS) {
      const first = this.firstHeaderCandidate;
      throw headerError(this.where, first.line, first.cells, mapHeader(this.source, first.cells));
    }
  }

  private useHeader(cells: string[], line: number): void {
    const mapper = createRowMapper(this.source, cells, this.where, line);
    this.mapper = mapper;
    this.headerLine = line;
    const wanted = new Uint8Array(mapper.width);
    for (const i of Object.values(mapper.mapping.columns)) if (i >= 0 && i < wanted.length) wanted[i] = 1;
    for (const i of mapper.mapping.regionParts ?? []) if (i < wanted.length) wanted[i] = 1;
    this.wanted = wanted;
  }
}

export function isBlank(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlankText(cells[i])) return false;
  return true;
}

function restIsBlank(cells: readonly string[], from: number): boolean {
  for (let i = from; i < cells.length; i++) if (!isBlankText(cells[i])) return false;
  return true;
}

/** Cells from `from` on of a line cut at `pos` are empty or whitespace (<= ' '). */
function restIsBlankLine(text: string, pos: Int32Array, count: number, from: number): boolean {
  for (let i = from; i < count; i++) {
    for (let k = pos[i], end = pos[i + 1] - 1; k < end; k++) if (text.charCodeAt(k) > 32) return false;
  }
  return true;
}

function isBlankText(s: string): boolean {
  if (s.length === 0) return true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 32) return false;
  return true;
}
