import { IdState, Sex, Status } from './fields.js';
import { grown } from './grow.js';
import { StringDictionary } from './text.js';
import { TextColumn, TextColumnBuilder } from './text-column.js';

export { TextColumn } from './text-column.js';

/**
 * Columnar store of canonical records from every source.
 *
 * Why columns and typed arrays rather than one object per row: a province's nightly run holds tens
 * of millions of rows. Objects cost ~200 bytes each and a JS Map stops at 16.7M entries; typed
 * arrays cost a few bytes per field, sort natively and cross worker threads without copying.
 * A NIK never becomes a JS number (Papua NIKs exceed 2^53): it is two exact Uint32 halves of
 * 8 decimal digits each.
 *
 * Record i is the same index in every column. Strings that repeat (region, program, name, address)
 * are dictionary-encoded; index 0 of each dictionary is "absent". The same person arrives from
 * several rosters, so a province holds far fewer distinct names and addresses than rows.
 */
export interface RecordTable {
  readonly size: number;
  /** Index into the run's source list. */
  readonly source: Uint16Array;
  /** 1-based physical line where the record starts (header = line 1); sheet row for xlsx. */
  readonly line: Uint32Array;

  readonly nikHi: Uint32Array;
  readonly nikLo: Uint32Array;
  readonly nikState: Uint8Array;
  /** Original text when nikState is not Ok, '' otherwise. */
  readonly nikRaw: string[];

  readonly kkHi: Uint32Array;
  readonly kkLo: Uint32Array;
  readonly kkState: Uint8Array;
  readonly kkRaw: string[];

  /** Name as written (trimmed, inner whitespace collapsed), as an index into names (0 = none):
   *  the same person arrives from several rosters, and the matcher works once per distinct name.
   *  No per-row string array: nameOf(t, i). */
  readonly nameId: Uint32Array;
  readonly names: string[];
  /** yyyymmdd, 0 = not given, -1 = given but unparseable. */
  readonly birth: Int32Array;
  readonly sex: Uint8Array;
  /** Index into regions (digits only, e.g. "6171010001"); 0 = none. */
  readonly region: Uint32Array;
  /** Interned like the name: addressOf(t, i). */
  readonly addressId: Uint32Array;
  readonly addresses: string[];
  /** Index into programs; 0 = none. */
  readonly program: Uint16Array;
  readonly status: Uint8Array;
  /** NaN = not given. */
  readonly amount: Float64Array;
  /** The roster's own id of the record ('' when none): recordId.get(i). */
  readonly recordId: TextColumn;

  readonly regions: string[];
  readonly programs: string[];
}

/** One row's canonical values, reused by the loader for every row to avoid per-row garbage. */
export interface RowValues {
  source: number;
  line: number;
  nikHi: number;
  nikLo: number;
  nikState: IdState;
  nikRaw: string;
  kkHi: number;
  kkLo: number;
  kkState: IdState;
  kkRaw: string;
  name: string;
  birth: number;
  sex: Sex;
  region: string;
  address: string;
  program: string;
  status: Status;
  amount: number;
  recordId: string;
}

export function emptyRow(): RowValues {
  return {
    source: 0,
    line: 0,
    nikHi: 0,
    nikLo: 0,
    nikState: IdState.Missing,
    nikRaw: '',
    kkHi: 0,
    kkLo: 0,
    kkState: IdState.Missing,
    kkRaw: '',
    name: '',
    birth: 0,
    sex: Sex.Unknown,
    region: '',
    address: '',
    program: '',
    status: Status.None,
    amount: Number.NaN,
    recordId: '',
  };
}

export function resetRow(r: RowValues): void {
  r.nikHi = r.nikLo = 0;
  r.nikState = IdState.Missing;
  r.nikRaw = '';
  r.kkHi = r.kkLo = 0;
  r.kkState = IdState.Missing;
  r.kkRaw = '';
  r.name = '';
  r.birth = 0;
  r.sex = Sex.Unknown;
  r.region = '';
  r.address = '';
  r.program = '';
  r.status = Status.None;
  r.amount = Number.NaN;
  r.recordId = '';
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Rows whose text is not '': row at[k] holds values[k] (raw NIK/KK texts, set only on a bad id). */
export interface RowTexts {
  at: ArrayLike<number>;
  values: readonly string[];
}

/** A table whose raw NIK and KK texts come as RowTexts: a load worker's part, never expanded to a text per row. */
export type SparseRawTable = Omit<RecordTable, 'nikRaw' | 'kkRaw'> & { nikRaw: RowTexts; kkRaw: RowTexts };

/** RowTexts in a form a worker message can carry, `at` transferred. */
export interface PackedRowTexts extends RowTexts {
  at: Uint32Array;
}

/** The rows of a per-row text column that hold a text. */
export function rowTexts(column: readonly string[], size = column.length): PackedRowTexts {
  const at: number[] = [];
  const values: string[] = [];
  for (let i = 0; i < size; i++) {
    if (column[i] === '') continue;
    at.push(i);
    values.push(column[i]);
  }
  return { at: Uint32Array.from(at), values };
}

/** The per-row column of `size` rows that RowTexts stand for ('' where no row is listed). */
export function textColumn(r: RowTexts, size: number): string[] {
  const out = new Array<string>(size).fill('');
  for (let k = 0; k < r.at.length; k++) out[r.at[k]] = r.values[k];
  return out;
}

/** RowTexts built one row at a time. */
class SparseText implements RowTexts {
  at: number[] = [];
  values: string[] = [];

  add(row: number, text: string): void {
    if (text === '') return;
    this.at.push(row);
    this.values.push(text);
  }

  column(size: number): string[] {
    return textColumn(this, size);
  }
}

/** The typed columns of a table, one element per record. */
const NUMERIC_COLUMNS = [
  'source',
  'line',
  'nikHi',
  'nikLo',
  'nikState',
  'kkHi',
  'kkLo',
  'kkState',
  'nameId',
  'birth',
  'sex',
  'region',
  'addressId',
  'program',
  'status',
  'amount',
] as const;
type NumericColumn = (typeof NUMERIC_COLUMNS)[number];
type Columns = Mutable<Pick<RecordTable, NumericColumn>>;
type AnyColumn = Columns[NumericColumn];

function newColumns(c: number): Columns {
  return {
    source: new Uint16Array(c),
    line: new Uint32Array(c),
    nikHi: new Uint32Array(c),
    nikLo: new Uint32Array(c),
    nikState: new Uint8Array(c),
    kkHi: new Uint32Array(c),
    kkLo: new Uint32Array(c),
    kkState: new Uint8Array(c),
    nameId: new Uint32Array(c),
    birth: new Int32Array(c),
    sex: new Uint8Array(c),
    region: new Uint32Array(c),
    addressId: new Uint32Array(c),
    program: new Uint16Array(c),
    status: new Uint8Array(c),
    amount: new Float64Array(c),
  };
}

/**
 * The dictionaries a builder interns names, addresses, regions and programs into. Builders that
 * share one (a load worker's parts, one per source) give ids that agree, and each distinct value
 * is interned, and sent to the main thread, once per worker rather than once per source. A table
 * from such a builder holds the dictionaries' arrays themselves: later builders add to them.
 */
export class TableDictionaries {
  readonly names = new StringDictionary();
  readonly addresses = new StringDictionary();
  readonly regions = [''];
  readonly programs = [''];
  private readonly regionIndex = new Map<string, number>([['', 0]]);
  private readonly programIndex = new Map<string, number>([['', 0]]);

  region(value: string): number {
    return intern(this.regionIndex, this.regions, value);
  }

  program(value: string): number {
    return intern(this.programIndex, this.programs, value);
  }
}

function intern(index: Map<string, number>, dict: string[], value: string): number {
  let k = index.get(value);
  if (k === undefined) {
    k = dict.length;
    dict.push(value);
    index.set(value, k);
  }
  return k;
}

/**
 * For tables appended one after another whose dictionaries grow together (one worker's parts):
 * their ids already interned, so each distinct value is looked up once, not once per table.
 */
export class DictionaryRemap {
  names: Uint32Array = new Uint32Array(0);
  addresses: Uint32Array = new Uint32Array(0);
  regions: Uint32Array = new Uint32Array(0);
  programs: Uint32Array = new Uint32Array(0);
}

/** Rows whose names and addresses are interned together: enough reads in flight to hide their misses. */
const ID_BATCH = 128;

/**
 * Growable builder; `finish()` trims the typed arrays to size. Rows are pushed one by one, or
 * whole tables appended (a worker's part of the load): those keep their own arrays until finish,
 * which copies every run of rows once into arrays of the final size.
 */
export class RecordTableBuilder {
  private cap: number;
  /** Rows pushed since the last appended table, in `t`. */
  private n = 0;
  private t: Columns;
  /** Runs of rows before `t`'s, in order, with ids already in this builder's dictionaries. */
  private sealed: { size: number; columns: Partial<Columns> }[] = [];
  private sealedRows = 0;
  private readonly dict: TableDictionaries;
  private recordIds = new TextColumnBuilder();
  /** nikRaw and kkRaw are '' for nearly every row: the others are kept as (row, text) until finish. */
  private nikRaw = new SparseText();
  private kkRaw = new SparseText();
  /** Names and addresses of rows pushed but not yet interned. */
  private pendingNames: string[] = new Array<string>(ID_BATCH).fill('');
  private pendingAddresses: string[] = new Array<string>(ID_BATCH).fill('');
  private pending = 0;

  constructor(initialCapacity = 1024, dictionaries = new TableDictionaries()) {
    this.cap = Math.max(16, initialCapacity);
    this.t = newColumns(this.cap);
    this.dict = dictionaries;
  }

  get size(): number {
    return this.sealedRows + this.n;
  }

  /** Appends a record and returns its index. */
  push(r: RowValues): number {
    if (this.n === this.cap) this.grow(this.cap * 2);
    const i = this.n++;
    const index = this.sealedRows + i;
    const t = this.t;
    t.source[i] = r.source;
    t.line[i] = r.line;
    t.nikHi[i] = r.nikHi;
    t.nikLo[i] = r.nikLo;
    t.nikState[i] = r.nikState;
    this.nikRaw.add(index, r.nikRaw);
    t.kkHi[i] = r.kkHi;
    t.kkLo[i] = r.kkLo;
    t.kkState[i] = r.kkState;
    this.kkRaw.add(index, r.kkRaw);
    // names and addresses are interned a batch at a time (see StringDictionary.idsInto)
    const q = this.pending++;
    this.pendingNames[q] = r.name;
    this.pendingAddresses[q] = r.address;
    t.birth[i] = r.birth;
    t.sex[i] = r.sex;
    t.region[i] = this.dict.region(r.region);
    t.program[i] = this.dict.program(r.program);
    t.status[i] = r.status;
    t.amount[i] = r.amount;
    this.recordIds.push(r.recordId);
    if (this.pending === ID_BATCH) this.internPending();
    return index;
  }

  /** Interns the names and addresses of the last `pending` rows pushed (the last rows of `t`). */
  private internPending(): void {
    const count = this.pending;
    if (count === 0) return;
    const at = this.n - count;
    this.dict.names.idsInto(this.pendingNames, count, this.t.nameId, at);
    this.dict.addresses.idsInto(this.pendingAddresses, count, this.t.addressId, at);
    this.pending = 0;
  }

  /** Appends every record of another table, as pushing its rows one by one would (see adopt). */
  append(other: RecordTable): void {
    const copy: SparseRawTable = { ...other, nikRaw: rowTexts(other.nikRaw, other.size), kkRaw: rowTexts(other.kkRaw, other.size) };
    for (const key of NUMERIC_COLUMNS) (copy[key] as AnyColumn) = other[key].slice(0, other.size);
    this.adopt(copy);
  }

  /**
   * append() that takes over `other`'s typed arrays instead of copying them: its id columns are
   * rewritten in place into this builder's ids, so nothing else may use it afterwards. A value of
   * other's dictionaries is interned when a row first uses it, so ids stay in order of first
   * appearance in record order.
   */
  adopt(other: SparseRawTable, remap = new DictionaryRemap()): void {
    const m = other.size;
    const at = this.size;
    const d = this.dict;
    this.seal();
    remap.names = remapInterned(other.nameId, m, other.names, remap.names, d.names);
    remap.addresses = remapInterned(other.addressId, m, other.addresses, remap.addresses, d.addresses);
    remap.regions = remapIds(other.region, m, other.regions.length, remap.regions, (k) => d.region(other.regions[k]));
    remap.programs = remapIds(other.program, m, other.programs.length, remap.programs, (k) => d.program(other.programs[k]));
    for (const [to, from] of [[this.nikRaw, other.nikRaw], [this.kkRaw, other.kkRaw]] as const) {
      for (let k = 0; k < from.at.length; k++) to.add(at + from.at[k], from.values[k]);
    }
    this.recordIds.append(other.recordId.data());
    const columns: Partial<Columns> = {};
    for (const key of NUMERIC_COLUMNS) (columns[key] as AnyColumn) = other[key];
    this.sealed.push({ size: m, columns });
    this.sealedRows += m;
  }

  finish(): RecordTable {
    this.internPending();
    this.pendingNames.fill('');
    this.pendingAddresses.fill('');
    const size = this.size;
    let columns: Columns;
    if (this.sealed.length === 0) {
      const n = this.n;
      const t = this.t;
      columns = newColumns(0);
      for (const key of NUMERIC_COLUMNS) (columns[key] as AnyColumn) = t[key].slice(0, n);
    } else {
      this.seal();
      columns = newColumns(0);
      for (const key of NUMERIC_COLUMNS) {
        const out = (columns[key] as AnyColumn) = new (this.t[key].constructor as new (n: number) => AnyColumn)(size);
        let at = 0;
        for (const run of this.sealed) {
          out.set(run.columns[key]!.subarray(0, run.size), at);
          at += run.size;
          // a run's arrays can go as soon as they are copied: the peak is one column, not a table
          delete run.columns[key];
        }
      }
      this.sealed = [];
      this.sealedRows = 0;
    }
    return {
      size,
      ...columns,
      nikRaw: this.nikRaw.column(size),
      kkRaw: this.kkRaw.column(size),
      names: this.dict.names.values,
      addresses: this.dict.addresses.values,
      recordId: this.recordIds.finish(),
      regions: this.dict.regions,
      programs: this.dict.programs,
    };
  }

  /** Moves the pushed rows into a run of their own, so that an appended table can follow them. */
  private seal(): void {
    this.internPending();
    if (this.n === 0) return;
    this.sealed.push({ size: this.n, columns: this.t });
    this.sealedRows += this.n;
    this.n = 0;
    this.cap = 1024;
    this.t = newColumns(this.cap);
  }

  private grow(cap: number): void {
    const t = this.t;
    for (const key of NUMERIC_COLUMNS) (t[key] as AnyColumn) = grown(t[key] as AnyColumn, cap);
    this.cap = cap;
  }
}

const UNSEEN = 0xffffffff;

/**
 * ids[i] = intern(ids[i]) for i < m, in place; intern is asked once per distinct id, when a row
 * first uses it, and its answers are kept in `known` (grown to the dictionary's size, returned).
 */
function remapIds(ids: Uint32Array | Uint16Array, m: number, dictionarySize: number, known: Uint32Array, intern: (k: number) => number): Uint32Array {
  let to = known;
  if (to.length < dictionarySize) {
    to = new Uint32Array(Math.max(dictionarySize, 2 * to.length)).fill(UNSEEN);
    to.set(known);
  }
  for (let i = 0; i < m; i++) {
    const k = ids[i];
    let id = to[k];
    if (id === UNSEEN) id = to[k] = intern(k);
    ids[i] = id;
  }
  return to;
}

/** First use of a value in remapInterned, before it has its id. */
const PENDING = UNSEEN - 1;

/**
 * remapIds for names and addresses: the values rows use for the first time are gathered in order
 * of first use and interned a batch at a time (StringDictionary.idsInto), then the ids rewritten,
 * so the ids are those one-by-one interning in row order gives. A worker brings millions of
 * distinct names; interned one at a time on the main thread they were a serial tail of the load.
 */
function remapInterned(ids: Uint32Array, m: number, values: readonly string[], known: Uint32Array, dict: StringDictionary): Uint32Array {
  let to = known;
  if (to.length < values.length) {
    to = new Uint32Array(Math.max(values.length, 2 * to.length)).fill(UNSEEN);
    to.set(known);
  }
  let firstUse = new Uint32Array(1024);
  let n = 0;
  for (let i = 0; i < m; i++) {
    const k = ids[i];
    if (to[k] !== UNSEEN) continue;
    to[k] = PENDING;
    if (n === firstUse.length) firstUse = grown(firstUse, n + 1);
    firstUse[n++] = k;
  }
  dict.reserve(dict.values.length + n);
  const batch = new Array<string>(REMAP_BATCH).fill('');
  const got = new Uint32Array(REMAP_BATCH);
  for (let from = 0; from < n; from += REMAP_BATCH) {
    const count = Math.min(REMAP_BATCH, n - from);
    for (let b = 0; b < count; b++) batch[b] = values[firstUse[from + b]];
    dict.idsInto(batch, count, got, 0);
    for (let b = 0; b < count; b++) to[firstUse[from + b]] = got[b];
  }
  for (let i = 0; i < m; i++) ids[i] = to[ids[i]];
  return to;
}

const REMAP_BATCH = 128;

/** Record i's name as written ('' when none). */
export function nameOf(t: RecordTable, i: number): string {
  return t.names[t.nameId[i]];
}

/** Record i's address as written ('' when none). */
export function addressOf(t: RecordTable, i: number): string {
  return t.addresses[t.addressId[i]];
}

/** Copies record i into `out` (for tests, explain and reports; not for hot loops). */
export function readRow(t: RecordTable, i: number, out: RowValues = emptyRow()): RowValues {
  out.source = t.source[i];
  out.line = t.line[i];
  out.nikHi = t.nikHi[i];
  out.nikLo = t.nikLo[i];
  out.nikState = t.nikState[i];
  out.nikRaw = t.nikRaw[i];
  out.kkHi = t.kkHi[i];
  out.kkLo = t.kkLo[i];
  out.kkState = t.kkState[i];
  out.kkRaw = t.kkRaw[i];
  out.name = nameOf(t, i);
  out.birth = t.birth[i];
  out.sex = t.sex[i];
  out.region = t.regions[t.region[i]];
  out.address = addressOf(t, i);
  out.program = t.programs[t.program[i]];
  out.status = t.status[i];
  out.amount = t.amount[i];
  out.recordId = t.recordId.get(i);
  return out;
}

/** Builds a table from plain rows: for tests and small programmatic inputs. */
export function tableFromRows(rows: Partial<RowValues>[]): RecordTable {
  const b = new RecordTableBuilder(rows.length);
  for (const row of rows) b.push({ ...emptyRow(), ...row });
  return b.finish();
}
