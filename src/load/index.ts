import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { ResolvedConfig, ResolvedSource } from '../config/schema.js';
import type { Finding, SourceAccounting } from '../domain/finding.js';
import { RecordTableBuilder, type RecordTable } from '../domain/table.js';
import { assessRegionSchemes } from '../validate/regions.js';
import type { ReadProgress } from './delimited.js';
import type { IngestSink } from './ingest.js';
import { loadWorkerUrl, readInWorkers } from './pool.js';
import { readSource, type SourceReadNotes } from './read-source.js';
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
  /**
   * Worker threads reading whole sources (0: all on the main thread). By default one per core, up
   * to 2, when there are several sources and at least WORKER_MIN_BYTES of them; the result is
   * the same either way.
   */
  threads?: number;
}

export { readerFor, type RowReaderFn, type SourceReadNotes } from './read-source.js';

/**
 * Below this much input, and for a single source, the load stays on the main thread: starting a
 * worker (loading the loader's modules again) costs ~50 ms, what 2 MB of roster takes to read.
 */
export const WORKER_MIN_BYTES = 16 << 20;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // the reader says why it cannot be read
  }
}

function autoThreads(sizes: readonly number[]): number {
  const bytes = sizes.reduce((a, b) => a + b, 0);
  if (sizes.length < 2 || bytes < WORKER_MIN_BYTES) return 0;
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, 2, sizes.length);
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
  const read = (source: ResolvedSource, acc: SourceAccounting, notes: SourceReadNotes): void => {
    accounting.push(acc);
    if (notes.encodingGuessed) sourceNotes.push(sourceNote(source, 'source.encoding_guessed', { encoding: notes.encoding ?? 'windows-1252' }));
  };
  const { sources } = config;
  const sizes = sources.map((s) => fileSize(s.absPath));
  const threads = opts.threads ?? autoThreads(sizes);
  const url = threads > 0 ? loadWorkerUrl() : null;
  if (url === null) {
    for (const source of sources) {
      const { accounting: acc, notes } = await readSource(source, builder, sink, opts.onProgress);
      read(source, acc, notes);
    }
  } else {
    const reading = readInWorkers(url, sources, sizes, threads, (part, k) => {
      const base = builder.size;
      builder.adopt(part.table, part.remap);
      for (const f of part.rejections) sink.rejections.push(f);
      for (const f of part.fieldFindings) {
        if (f.index !== undefined) f.index += base;
        sink.fieldFindings.push(f);
      }
      read(sources[k], part.accounting, part.notes);
    }, opts.onProgress);
    // the main thread is idle meanwhile: the region codes the next step needs are read now
    await Promise.all([reading, Promise.resolve().then(loadRegionIndex)]);
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
