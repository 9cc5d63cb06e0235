import type { ResolvedSource } from '../config/schema.js';
import type { SourceAccounting } from '../domain/finding.js';
import type { RecordTableBuilder } from '../domain/table.js';
import { readDelimited, type ReadProgress } from './delimited.js';
import { SourceIngest, type IngestSink } from './ingest.js';

/** Reads a source's rows into the ingest: the xlsx reader for .xlsx/.xlsm/.xls, delimited text for the rest. */
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

/** Reads one source into `builder` and `sink`, on whichever thread calls it. */
export async function readSource(
  source: ResolvedSource,
  builder: RecordTableBuilder,
  sink: IngestSink,
  onProgress?: (p: ReadProgress) => void,
): Promise<{ accounting: SourceAccounting; notes: SourceReadNotes }> {
  const ingest = new SourceIngest(source, builder, sink);
  const notes = await readerFor(source)(source, ingest, onProgress);
  const accounting = ingest.finish();
  if (notes.sheet !== undefined) accounting.sheet = notes.sheet;
  // only what the loader uses: a reader may return more (the delimiter, for tests)
  return { accounting, notes: { encodingGuessed: notes.encodingGuessed, encoding: notes.encoding, sheet: notes.sheet } };
}
