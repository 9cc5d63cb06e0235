import type { ResolvedConfig, ResolvedSource } from '../config/schema.js';
import type { Finding, SourceAccounting } from '../domain/finding.js';
import { RecordTableBuilder, type RecordTable } from '../domain/table.js';
import { assessRegionSchemes } from '../validate/regions.js';
import { readDelimited, type ReadProgress } from './delimited.js';
import { SourceIngest, type IngestSink } from './ingest.js';
import { loadRegionIndex } from './wilayah.js';

export { SourceIngest, HEADER_SEARCH_ROWS, type IngestSink } from './ingest.js';
export { createRowMapper, type RowMapper } from './rows.js';
export { normaliseProgram } from '../domain/values.js';
export { mapHeader, headerKey, type HeaderMapping } from './header.js';
export { DelimitedRowReader, readDelimited, type ReadProgress } from './delimited.js';
export { sniffDelimiter } from './sniff.js';

/*
 * The loader, stage by stage:
 *   ByteSource (decode.ts: 1 MiB chunks, never a whole-file string)
 *   -> TextDecoder (UTF-8 with BOM dropped, or windows-1252; chosen in chooseEncoding)
 *   -> row reader: DelimitedRowReader (delimited.ts: fast split, quote islands, csv-parse) or the
 *      xlsx reader (xlsx.ts), each yielding (cells[], line)
 *   -> SourceIngest (ingest.ts: header found below title rows, blank rows skipped, ragged and
 *      undecodable rows rejected, accounting)
 *   -> RowMapper (rows.ts: header mapping from header.ts, values normalised by domain/nik.ts and
 *      domain/values.ts) -> RecordTableBuilder.
 */

export interface LoadResult {
  /** All sources, concatenated; table.source[i] = source.index. */
  table: RecordTable;
  /** Rows that could not become records: kind 'invalid', code 'row.*', severity 'error', with line. */
  rejections: Finding[];
  /** Per-field problems seen while normalising (unparseable date, unknown sex code, ...). */
  fieldFindings: Finding[];
  /** Per source: dataLines === records + rejections. */
  accounting: SourceAccounting[];
  /** Source-level warnings (encoding guessed, region codes look like BPS codes), line 0. */
  sourceNotes: Finding[];
}

export interface LoadOptions {
  onProgress?: (p: ReadProgress) => void;
}

/**
 * Reads a source's rows into the ingest. Delimited text for everything but .xlsx; the xlsx reader
 * (issue 7) plugs in here, feeding the same SourceIngest.
 */
export type RowReaderFn = (source: ResolvedSource, ingest: SourceIngest, onProgress?: (p: ReadProgress) => void) => Promise<SourceReadNotes>;

/** What a reader learned about the file that the officer should hear about. */
export interface SourceReadNotes {
  encodingGuessed?: boolean;
  encoding?: string;
  /** xlsx: the sheet read, for locations such as kab_6171.xlsx!Data:57. */
  sheet?: string;
}

export function readerFor(source: ResolvedSource): RowReaderFn {
  // .xls and .xlsm go to the xlsx reader too: it tells an old .xls apart and says how to save it.
  // The xlsx reader (and exceljs) is imported only when a source needs it: 0.2-0.4 s of every start.
  if (/\.(xlsx|xlsm|xls)$/i.test(source.path)) return async (src, ingest) => (await import('./xlsx.js')).readXlsx(src, ingest);
  return readDelimited;
}

function sourceNote(source: ResolvedSource, code: string, args: Record<string, string | number>): Finding {
  return { kind: 'invalid', code, severity: 'warning', source: source.name, line: 0, recordId: '', args };
}

/**
 * Loads every source of the config into one columnar table. Bad rows become rejections and the
 * load goes on; a file that cannot be read or mapped at all is a PadanError.
 */
export async function loadSources(config: ResolvedConfig, opts: LoadOptions = {}): Promise<LoadResult> {
  const builder = new RecordTableBuilder(1 << 16);
  const sink: IngestSink = { rejections: [], fieldFindings: [] };
  const accounting: SourceAccounting[] = [];
  const sourceNotes: Finding[] = [];
  for (const source of config.sources) {
    const ingest = new SourceIngest(source, builder, sink);
    const notes = await readerFor(source)(source, ingest, opts.onProgress);
    const acc = ingest.finish();
    if (notes.sheet !== undefined) acc.sheet = notes.sheet;
    accounting.push(acc);
    if (notes.encodingGuessed) sourceNotes.push(sourceNote(source, 'source.encoding_guessed', { encoding: notes.encoding ?? 'windows-1252' }));
  }
  const table = builder.finish();

  const regions = loadRegionIndex();
  // One pass over the table for every source (not one scan per source).
  const schemes = assessRegionSchemes(table.regions, table.region, table.source, config.sources.length, table.size, regions);
  for (const source of config.sources) {
    if (source.regionScheme === 'bps') continue;
    const a = schemes[source.index];
    if (a.likelyBps) {
      sourceNotes.push(sourceNote(source, 'source.region_scheme_bps', { unresolved: a.unresolved, total: a.withCode }));
    }
  }
  return { table, rejections: sink.rejections, fieldFindings: sink.fieldFindings, accounting, sourceNotes };
}
