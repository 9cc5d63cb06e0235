import { parse, type CsvError, type Parser } from 'csv-parse';
import type { ResolvedSource } from '../config/schema.js';
import { PadanError } from '../domain/errors.js';
import { ByteSource, chooseEncoding, createDecoder } from './decode.js';
import type { SourceIngest } from './ingest.js';
import { sniffDelimiter, type Delimiter } from './sniff.js';

/** Longest record csv-parse may hold (characters). */
const MAX_RECORD_CHARS = 16 << 20;

export interface ReadProgress {
  source: string;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
}

/**
 * Row reader for delimited text. Lines are split on the delimiter directly while the text holds
 * no `"` at all (then a CSV line is exactly its cells, and this runs several times faster than
 * csv-parse); from the first line with a quote on, the rest of the file goes through csv-parse,
 * which handles quoting and quoted newlines per RFC 4180. Either way each row arrives with the
 * 1-based physical line where it starts.
 */
export class DelimitedRowReader {
  private carry = '';
  /** Physical lines consumed so far. */
  private line = 0;
  private parser: Parser | null = null;
  private parserDone: Promise<void> | null = null;
  /**
   * Line where the next csv-parse record starts. Counted here from each record's raw text rather
   * than taken from csv-parse's line count, which counts a CRLF inside quotes as two lines.
   */
  private nextLine = 1;
  private failure: unknown = null;
  private recovery: { text: string; afterLine: number } | null = null;

  constructor(
    private readonly delimiter: Delimiter,
    private readonly ingest: SourceIngest,
    /** A file with CR-only line ends (old Mac exports): csv-parse reads it, lines end at \r. */
    crLineEnds = false,
  ) {
    if (crLineEnds) this.startParser();
  }

  get usedParser(): boolean {
    return this.parser !== null;
  }

  write(text: string): void {
    if (this.parser !== null) {
      this.parser.write(text);
      this.throwFailure();
      return;
    }
    const s = this.carry === '' ? text : this.carry + text;
    const quote = s.indexOf('"');
    // with a quote ahead, only the lines wholly before the quote's line are split here
    const limit = quote < 0 ? s.length : s.lastIndexOf('\n', quote) + 1;
    const ingest = this.ingest;
    const delim = this.delimiter;
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0 || nl >= limit) break;
      const end = nl > start && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.line++;
      ingest.row(s.slice(start, end).split(delim), this.line);
      start = nl + 1;
    }
    if (quote >= 0) {
      this.carry = '';
      this.startParser();
      if (start < s.length) this.write(s.slice(start));
      return;
    }
    this.carry = start === 0 ? s : s.slice(start);
  }

  async end(): Promise<void> {
    if (this.parser === null) {
      if (this.carry !== '') {
        const last = this.carry.charCodeAt(this.carry.length - 1) === 13 ? this.carry.slice(0, -1) : this.carry;
        this.line++;
        this.ingest.row(last.split(this.delimiter), this.line);
        this.carry = '';
      }
      return;
    }
    this.parser.end();
    await this.parserDone;
    this.throwFailure();
    // A quote that is never closed swallows the rest of the file into one field. That row is
    // rejected, and everything after its first line is read again, so one stray quote costs one row.
    while (this.recovery !== null) {
      const { text, afterLine } = this.recovery;
      this.recovery = null;
      this.startParser(afterLine);
      this.parser!.end(text);
      await this.parserDone;
      this.throwFailure();
    }
  }

  private throwFailure(): void {
    if (this.failure !== null) throw this.failure;
  }

  private startParser(lineOffset = this.line): void {
    this.nextLine = lineOffset + 1;
    const parser = parse({
      delimiter: this.delimiter,
      // raggedness is judged by SourceIngest against the header, with the row's line
      relax_column_count: true,
      // a stray quote inside an unquoted field (JL. "MAWAR") is text, as a spreadsheet reads it
      relax_quotes: true,
      // blank lines are kept so that every physical line belongs to one record (exact start lines)
      skip_empty_lines: false,
      skip_records_with_error: true,
      // the raw text of an unterminated record is what gets read again
      raw: true,
      // no real row is this long: past it, a quote was never closed and the rest of a big file
      // would pile up in memory
      max_record_size: MAX_RECORD_CHARS,
      // records are handled here, synchronously, and never queued in the stream
      on_record: (rec: unknown) => {
        if (this.failure !== null) return null;
        // with `raw` on, csv-parse hands over { record, raw }
        const { record, raw } = rec as { record: string[]; raw: string };
        const start = this.nextLine;
        this.nextLine += countBreaks(raw);
        try {
          this.ingest.row(record, start);
        } catch (e) {
          this.failure = e;
        }
        return null;
      },
    });
    parser.on('skip', (err: CsvError & { raw?: string }) => {
      if (this.failure !== null) return;
      const start = this.nextLine;
      const raw = err.raw ?? '';
      this.nextLine += Math.max(1, countBreaks(raw));
      try {
        if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
          this.ingest.reject(start, 'row.unterminated_quote');
          const next = afterFirstBreak(raw);
          if (next > 0 && next < raw.length) this.recovery = { text: raw.slice(next), afterLine: start };
        } else if (err.code === 'CSV_MAX_RECORD_SIZE') {
          throw new PadanError(
            `${this.ingest.where}:${start}: a quoted field opened on this line runs on for more than ${MAX_RECORD_CHARS >> 20} MiB; ` +
              'a quote (") is probably never closed: close it or remove it',
          );
        } else this.ingest.reject(start, 'row.parse_error', { reason: err.code ?? 'CSV error' });
      } catch (e) {
        this.failure = e;
      }
    });
    this.parserDone = new Promise<void>((resolve, reject) => {
      parser.on('end', resolve);
      parser.on('error', (e) => reject(e));
    });
    parser.resume();
    this.parser = parser;
  }
}

/**
 * Physical line breaks in a record's raw text: \n, \r\n or a lone \r. (csv-parse's raw text of a
 * record ended by \r\n may stop after the \r, so a trailing \r counts as a break.)
 */
export function countBreaks(raw: string): number {
  let n = 0;
  for (let k = 0; k < raw.length; k++) {
    const c = raw.charCodeAt(k);
    if (c === 10 || (c === 13 && raw.charCodeAt(k + 1) !== 10)) n++;
  }
  return n;
}

/** Index just after the first line break of `raw`, or -1. */
function afterFirstBreak(raw: string): number {
  for (let k = 0; k < raw.length; k++) {
    const c = raw.charCodeAt(k);
    if (c === 10) return k + 1;
    if (c === 13) return raw.charCodeAt(k + 1) === 10 ? k + 2 : k + 1;
  }
  return -1;
}

/** What reading one delimited file learned about it, for source notes. */
export interface DelimitedReadInfo {
  encoding: string;
  encodingGuessed: boolean;
  delimiter: Delimiter;
  usedParser: boolean;
}

/** Reads one delimited roster into the ingest: bytes -> decoder -> row reader -> SourceIngest. */
export async function readDelimited(
  source: ResolvedSource,
  ingest: SourceIngest,
  onProgress?: (p: ReadProgress) => void,
): Promise<DelimitedReadInfo> {
  const bytes = await ByteSource.open(source.absPath, `${source.name} (${source.path})`);
  try {
    let chunk = await bytes.next();
    const first = chunk ?? new Uint8Array(0);
    const { encoding, guessed } = chooseEncoding(source.encoding, first);
    ingest.encodingLabel = encoding === 'utf-8' ? 'UTF-8' : 'windows-1252';
    const decoder = createDecoder(encoding);
    let text = chunk === null ? '' : decoder.decode(chunk, { stream: true });
    const delimiter = source.delimiter ?? sniffDelimiter(text);
    // a file with CR-only line ends (old Mac exports) has no \n for the fast path to split on
    const bareCr = text.includes('\r') && !text.includes('\n');
    const reader = new DelimitedRowReader(delimiter, ingest, bareCr);
    const progress = (): void => onProgress?.({ source: source.name, bytesRead: bytes.bytesRead, bytesTotal: bytes.size, rows: ingest.dataLines });
    while (chunk !== null) {
      if (!ingest.checkUndecodable && text.includes('\uFFFD')) ingest.checkUndecodable = true;
      reader.write(text);
      progress();
      chunk = await bytes.next();
      text = chunk === null ? decoder.decode() : decoder.decode(chunk, { stream: true });
    }
    if (text !== '') {
      if (text.includes('\uFFFD')) ingest.checkUndecodable = true;
      reader.write(text);
    }
    await reader.end();
    progress();
    return { encoding, encodingGuessed: guessed, delimiter, usedParser: reader.usedParser };
  } finally {
    await bytes.close();
  }
}
