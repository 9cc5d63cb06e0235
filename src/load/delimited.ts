import { parse, type CsvError, type Options, type Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { ResolvedSource } from '../config/schema.js';
import { PadanError } from '../domain/errors.js';
import { ByteSource, chooseEncoding, createDecoder, type ReadEncoding } from './decode.js';
import type { SourceIngest } from './ingest.js';
import { sniffDelimiter, type Delimiter } from './sniff.js';

const ENCODING_LABEL: Record<ReadEncoding, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'windows-1252',
  latin1: 'windows-1252',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
};

/** Longest record csv-parse may hold (characters). */
const MAX_RECORD_CHARS = 16 << 20;

export interface ReadProgress {
  source: string;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
}

/** A run of lines holding quotes: longer than this, the rest of the file goes to streaming csv-parse. */
const MAX_ISLAND_LINES = 2_000;
const MAX_ISLAND_CHARS = 1 << 20;
/** After this many islands, if one line in ISLAND_SHARE or more starts one, stream instead. */
const MANY_ISLANDS = 500;
const ISLAND_SHARE = 20;

/**
 * Row reader for delimited text. A line without any `"` is exactly its cells split on the
 * delimiter, and is split here directly (several times faster than csv-parse). A line with a quote
 * starts a "quote island": lines are gathered while the count of `"` so far is odd (a quoted field
 * runs on into the next line) and the island is parsed by csv-parse, which handles quoting per
 * RFC 4180; then the fast path resumes. For valid CSV the odd count is exact (inside a quoted
 * field quotes come in pairs); for a stray quote it only bounds what csv-parse sees. An island
 * that grows past MAX_ISLAND_LINES (a quote never closed), or islands on more than one line in
 * ISLAND_SHARE (a file quoted throughout), hand the rest of the file to one streaming csv-parse.
 * Every row arrives with the 1-based physical line where it starts.
 */
export class DelimitedRowReader {
  private carry = '';
  /** Physical lines consumed by the fast path and islands. */
  private line = 0;
  /** Lines of the current quote island (each with its line break), and their quote count. */
  private island: string[] = [];
  private islandChars = 0;
  private islandQuotes = 0;
  private islandStart = 0;
  /** Quote islands parsed (for tests and measurements). */
  islands = 0;
  private parser: Parser | null = null;
  private parserDone: Promise<void> | null = null;
  /**
   * Line where the next csv-parse record starts. Counted here from each record's raw text rather
   * than taken from csv-parse's line count, which counts a CRLF inside quotes as two lines.
   */
  private nextLine = 1;
  private failure: unknown = null;
  private recovery: { text: string; afterLine: number } | null = null;
  private readonly syncOptions: Options;
  /** Cell starts of the current line (see cutLine), reused per line. */
  private pos: Int32Array = new Int32Array(64);

  constructor(
    private readonly delimiter: Delimiter,
    private readonly ingest: SourceIngest,
    /** A file with CR-only line ends (old Mac exports): csv-parse reads it all. */
    private readonly crLineEnds = false,
  ) {
    this.syncOptions = this.parseOptions();
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
    let from = 0;
    if (this.carry !== '') {
      // The line cut at the chunk's end is finished on its own, so that the lines after it are
      // read from the decoder's flat string: carry + text would be a cons string, slower per char.
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.carry += text;
        return;
      }
      const head = this.carry + text.slice(0, nl + 1);
      this.carry = '';
      this.scan(head, 0);
      // (scan may have started the parser: TS keeps the null narrowed from the top of write)
      const parser = this.parser as Parser | null;
      if (parser !== null) {
        // the head's lines handed the file over to csv-parse: the rest of the chunk follows them
        if (nl + 1 < text.length) parser.write(text.slice(nl + 1));
        this.throwFailure();
        return;
      }
      from = nl + 1;
    }
    this.scan(text, from);
  }

  /** Reads the lines of s from `from` on; an unfinished last line is kept in `carry`. */
  private scan(s: string, from: number): void {
    const ingest = this.ingest;
    const delim = this.delimiter;
    const delimCode = delim.charCodeAt(0);
    let quote = s.indexOf('"', from);
    let start = from;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      if (this.island.length > 0 || (quote >= 0 && quote < nl)) {
        this.line++;
        if (!this.addToIsland(s.slice(start, nl + 1))) {
          // too long an island: stream the rest of the file through csv-parse
          const pending = this.island.join('');
          this.island = [];
          this.startParser(this.islandStart - 1);
          this.parser!.write(pending + s.slice(nl + 1));
          this.carry = '';
          this.throwFailure();
          return;
        }
        start = nl + 1;
        if (this.island.length === 0 && this.islands > MANY_ISLANDS && this.islands * ISLAND_SHARE > this.line) {
          // quotes on most lines (a file quoted throughout): one streaming parser is cheaper
          // than a parse per island
          this.startParser(this.line);
          this.carry = '';
          if (start < s.length) this.parser!.write(s.slice(start));
          this.throwFailure();
          return;
        }
        if (quote >= 0 && quote < start) quote = s.indexOf('"', start);
        continue;
      }
      const end = nl > start && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.line++;
      const mapper = ingest.rowMapper;
      if (mapper === null || ingest.wanted === null || isBlankLine(s, start, end, delimCode)) ingest.row(s.slice(start, end).split(delim), this.line);
      else ingest.dataLine(mapper, s, this.pos, this.cutLine(s, start, end), this.line);
      start = nl + 1;
    }
    this.carry = start === 0 ? s : s.slice(start);
  }

  async end(): Promise<void> {
    if (this.parser === null) {
      if (this.carry !== '') {
        const last = this.carry;
        this.carry = '';
        this.line++;
        if (this.island.length > 0 || last.includes('"')) this.addToIsland(last);
        else this.ingest.row((last.endsWith('\r') ? last.slice(0, -1) : last).split(this.delimiter), this.line);
      }
      if (this.island.length > 0) this.flushIsland();
      this.throwFailure();
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

  /**
   * Where the cells of s[start, end) begin: cell i is s[pos[i], pos[i + 1] - 1). No string is cut
   * here; the mapper reads the cells it wants from the line. Returns the number of cells.
   */
  private cutLine(s: string, start: number, end: number): number {
    let pos = this.pos;
    const delim = this.delimiter;
    let n = 0;
    let a = start;
    for (;;) {
      if (n + 1 >= pos.length) pos = this.growPos();
      pos[n++] = a;
      let b = s.indexOf(delim, a);
      if (b < 0 || b > end) b = end;
      if (b === end) break;
      a = b + 1;
    }
    pos[n] = end + 1;
    return n;
  }

  private growPos(): Int32Array {
    const pos = new Int32Array(this.pos.length * 2);
    pos.set(this.pos);
    this.pos = pos;
    return pos;
  }

  /** Adds a line (with its break) to the island; parses the island once its quotes pair up. */
  private addToIsland(text: string): boolean {
    if (this.island.length === 0) this.islandStart = this.line;
    this.island.push(text);
    this.islandChars += text.length;
    for (let k = text.indexOf('"'); k >= 0; k = text.indexOf('"', k + 1)) this.islandQuotes++;
    if ((this.islandQuotes & 1) === 0) {
      this.flushIsland();
      return true;
    }
    return this.island.length < MAX_ISLAND_LINES && this.islandChars < MAX_ISLAND_CHARS;
  }

  private flushIsland(): void {
    const text = this.island.length === 1 ? this.island[0] : this.island.join('');
    const start = this.islandStart;
    this.island = [];
    this.islandChars = 0;
    this.islandQuotes = 0;
    this.islands++;
    this.parseSync(text, start);
  }

  /** csv-parse over a bounded text whose first line is `startLine`; unterminated rows recover. */
  private parseSync(text: string, startLine: number): void {
    this.nextLine = startLine;
    parseSync(text, this.syncOptions);
    this.throwFailure();
    while (this.recovery !== null) {
      const { text: rest, afterLine } = this.recovery;
      this.recovery = null;
      this.parseSync(rest, afterLine + 1);
    }
  }

  private throwFailure(): void {
    if (this.failure !== null) throw this.failure;
  }

  /** Options shared by island parses and the streaming parser. */
  private parseOptions(): Options {
    return {
      delimiter: this.delimiter,
      // raggedness is judged by SourceIngest against the header, with the row's line
      relax_column_count: true,
      // a stray quote inside an unquoted field (JL. "MAWAR") is text, as a spreadsheet reads it
      relax_quotes: true,
      // blank lines are kept so that every physical line belongs to one record (exact start lines)
      skip_empty_lines: false,
      skip_records_with_error: true,
      // the raw text gives each record's line count, and is what gets read again after a bad row
      raw: true,
      // no real row is this long: past it, a quote was never closed and the rest of a big file
      // would pile up in memory
      max_record_size: MAX_RECORD_CHARS,
      // records are handled here, synchronously and in order with skipped rows, never queued
      on_record: (rec: unknown) => {
        if (this.failure !== null) return null;
        const { record, raw } = rec as { record: string[]; raw: string };
        const start = this.nextLine;
        this.nextLine += countBreaks(raw, this.crLineEnds);
        try {
          this.ingest.row(record, start);
        } catch (e) {
          this.failure = e;
        }
        return null;
      },
      on_skip: (err: CsvError | undefined) => {
        if (err !== undefined) this.onSkip(err as CsvError & { raw?: string });
      },
    };
  }

  private onSkip(err: CsvError & { raw?: string }): void {
    if (this.failure !== null) return;
    const start = this.nextLine;
    const raw = err.raw ?? '';
    this.nextLine += Math.max(1, countBreaks(raw, this.crLineEnds));
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
  }

  private startParser(lineOffset = this.line): void {
    this.nextLine = lineOffset + 1;
    const parser = parse(this.parseOptions());
    this.parserDone = new Promise<void>((resolve, reject) => {
      parser.on('end', resolve);
      parser.on('error', (e) => reject(e));
    });
    parser.resume();
    this.parser = parser;
  }
}

/** A line of only delimiters and whitespace: an empty line or Excel's `;;;;` for an emptied row. */
function isBlankLine(s: string, start: number, end: number, delimCode: number): boolean {
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c > 32 && c !== delimCode) return false;
  }
  return true;
}

/**
 * Physical line breaks in a record's raw text: each \n (a \r before it is part of the break),
 * and each lone \r in a file with CR-only line ends. csv-parse's raw text of a record ended by
 * \r\n may stop after the \r, so a trailing \r counts as a break too.
 */
export function countBreaks(raw: string, crLineEnds = false): number {
  let n = 0;
  for (let k = raw.indexOf(crLineEnds ? '\r' : '\n'); k >= 0; k = raw.indexOf(crLineEnds ? '\r' : '\n', k + 1)) n++;
  if (crLineEnds) {
    for (let k = raw.indexOf('\n'); k >= 0; k = raw.indexOf('\n', k + 1)) if (raw.charCodeAt(k - 1) !== 13) n++;
  } else if (raw.charCodeAt(raw.length - 1) === 13) n++;
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
    ingest.encodingLabel = ENCODING_LABEL[encoding];
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
