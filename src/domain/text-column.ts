import { grown } from './grow.js';

/** A chunk's text is closed at this many rows or characters: one join per many rows, and no text near V8's string limit. */
const CHUNK_ROWS = 1 << 16;
const CHUNK_CHARS = 1 << 24;

/** The plain data of a TextColumn: what crosses between threads (a class does not). */
export interface TextColumnData {
  size: number;
  /** texts[c] holds rows firstRow[c] .. firstRow[c + 1] - 1, one after the other. */
  texts: readonly string[];
  firstRow: readonly number[];
  /** Where row i's text ends inside its chunk's text; it starts where row i - 1 ends (0 for a chunk's first row). */
  ends: Uint32Array;
}

/**
 * A per-row text column (record ids) held as a few long strings and end offsets rather than one
 * string per row: at 10M rows, 10M strings on the heap cost the garbage collector on every major
 * collection of the run, and cannot cross to another thread without being cloned one by one.
 */
export class TextColumn {
  readonly size: number;
  private readonly texts: readonly string[];
  private readonly firstRow: readonly number[];
  private readonly ends: Uint32Array;
  /** Chunk of the last get: reads mostly go in row order. */
  private chunk = 0;

  constructor(data: TextColumnData) {
    this.size = data.size;
    this.texts = data.texts;
    this.firstRow = data.firstRow;
    this.ends = data.ends;
  }

  /** Row i's text ('' for a row without one). */
  get(i: number): string {
    const first = this.firstRow;
    let c = this.chunk;
    if (!(c < first.length && first[c] <= i && (c + 1 === first.length || i < first[c + 1]))) {
      let lo = 0;
      let hi = first.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (first[mid] <= i) lo = mid;
        else hi = mid - 1;
      }
      this.chunk = c = lo;
    }
    const start = i === first[c] ? 0 : this.ends[i - 1];
    const end = this.ends[i];
    return start === end ? '' : this.texts[c].slice(start, end);
  }

  /** The column as plain data (shares its arrays: neither side changes them). */
  data(): TextColumnData {
    return { size: this.size, texts: this.texts, firstRow: this.firstRow, ends: this.ends };
  }
}

/** Builds a TextColumn row by row, or by whole columns. */
export class TextColumnBuilder {
  private size = 0;
  private texts: string[] = [];
  private firstRow: number[] = [];
  private ends = new Uint32Array(1024);
  /** Rows since the last chunk was closed, and their length together. */
  private pending: string[] = [];
  private pendingChars = 0;

  push(s: string): void {
    const i = this.size++;
    if (i >= this.ends.length) this.ends = grown(this.ends, i + 1);
    this.pending.push(s);
    this.ends[i] = this.pendingChars += s.length;
    if (this.pending.length === CHUNK_ROWS || this.pendingChars > CHUNK_CHARS) this.close();
  }

  /** Appends every row of `other` (its texts are shared, not copied). */
  append(other: TextColumnData): void {
    this.close();
    const at = this.size;
    this.ends = grown(this.ends, at + other.size);
    this.ends.set(other.ends.subarray(0, other.size), at);
    for (let c = 0; c < other.texts.length; c++) {
      this.texts.push(other.texts[c]);
      this.firstRow.push(at + other.firstRow[c]);
    }
    this.size = at + other.size;
  }

  finish(): TextColumn {
    this.close();
    return new TextColumn({ size: this.size, texts: this.texts, firstRow: this.firstRow, ends: this.ends.slice(0, this.size) });
  }

  private close(): void {
    const rows = this.pending.length;
    if (rows === 0) return;
    this.texts.push(this.pending.join(''));
    this.firstRow.push(this.size - rows);
    this.pending = [];
    this.pendingChars = 0;
  }
}
