import { IdState, Sex, Status } from './fields.js';
import { grown } from './grow.js';
import { StringDictionary } from './text.js';

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
  readonly recordId: string[];

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

/** Growable builder; `finish()` trims the typed arrays to size. */
export class RecordTableBuilder {
  private cap: number;
  private n = 0;
  private t: Mutable<RecordTable>;
  private regionIndex = new Map<string, number>([['', 0]]);
  private programIndex = new Map<string, number>([['', 0]]);
  private names = new StringDictionary();
  private addresses = new StringDictionary();

  constructor(initialCapacity = 1024) {
    this.cap = Math.max(16, initialCapacity);
    const c = this.cap;
    this.t = {
      size: 0,
      source: new Uint16Array(c),
      line: new Uint32Array(c),
      nikHi: new Uint32Array(c),
      nikLo: new Uint32Array(c),
      nikState: new Uint8Array(c),
      nikRaw: [],
      kkHi: new Uint32Array(c),
      kkLo: new Uint32Array(c),
      kkState: new Uint8Array(c),
      kkRaw: [],
      nameId: new Uint32Array(c),
      names: [],
      birth: new Int32Array(c),
      sex: new Uint8Array(c),
      region: new Uint32Array(c),
      addressId: new Uint32Array(c),
      addresses: [],
      program: new Uint16Array(c),
      status: new Uint8Array(c),
      amount: new Float64Array(c),
      recordId: [],
      regions: [''],
      programs: [''],
    };
  }

  get size(): number {
    return this.n;
  }

  /** Appends a record and returns its index. */
  push(r: RowValues): number {
    if (this.n === this.cap) this.grow(this.cap * 2);
    const i = this.n++;
    const t = this.t;
    t.source[i] = r.source;
    t.line[i] = r.line;
    t.nikHi[i] = r.nikHi;
    t.nikLo[i] = r.nikLo;
    t.nikState[i] = r.nikState;
    t.nikRaw.push(r.nikRaw);
    t.kkHi[i] = r.kkHi;
    t.kkLo[i] = r.kkLo;
    t.kkState[i] = r.kkState;
    t.kkRaw.push(r.kkRaw);
    t.nameId[i] = this.names.id(r.name);
    t.birth[i] = r.birth;
    t.sex[i] = r.sex;
    t.region[i] = this.intern(this.regionIndex, t.regions, r.region);
    t.addressId[i] = this.addresses.id(r.address);
    t.program[i] = this.intern(this.programIndex, t.programs, r.program);
    t.status[i] = r.status;
    t.amount[i] = r.amount;
    t.recordId.push(r.recordId);
    return i;
  }

  /** Appends every record of another table (e.g. a worker's part), keeping dictionaries consistent. */
  append(other: RecordTable): void {
    const r = emptyRow();
    for (let i = 0; i < other.size; i++) {
      readRow(other, i, r);
      this.push(r);
    }
  }

  finish(): RecordTable {
    const n = this.n;
    const t = this.t;
    return {
      size: n,
      source: t.source.slice(0, n),
      line: t.line.slice(0, n),
      nikHi: t.nikHi.slice(0, n),
      nikLo: t.nikLo.slice(0, n),
      nikState: t.nikState.slice(0, n),
      nikRaw: t.nikRaw,
      kkHi: t.kkHi.slice(0, n),
      kkLo: t.kkLo.slice(0, n),
      kkState: t.kkState.slice(0, n),
      kkRaw: t.kkRaw,
      nameId: t.nameId.slice(0, n),
      names: this.names.values,
      birth: t.birth.slice(0, n),
      sex: t.sex.slice(0, n),
      region: t.region.slice(0, n),
      addressId: t.addressId.slice(0, n),
      addresses: this.addresses.values,
      program: t.program.slice(0, n),
      status: t.status.slice(0, n),
      amount: t.amount.slice(0, n),
      recordId: t.recordId,
      regions: t.regions,
      programs: t.programs,
    };
  }

  private intern(index: Map<string, number>, dict: string[], value: string): number {
    let k = index.get(value);
    if (k === undefined) {
      k = dict.length;
      dict.push(value);
      index.set(value, k);
    }
    return k;
  }

  private grow(cap: number): void {
    const t = this.t;
    const g = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(a: T): T => grown(a, cap);
    t.source = g(t.source);
    t.line = g(t.line);
    t.nikHi = g(t.nikHi);
    t.nikLo = g(t.nikLo);
    t.nikState = g(t.nikState);
    t.kkHi = g(t.kkHi);
    t.kkLo = g(t.kkLo);
    t.kkState = g(t.kkState);
    t.birth = g(t.birth);
    t.sex = g(t.sex);
    t.region = g(t.region);
    t.nameId = g(t.nameId);
    t.addressId = g(t.addressId);
    t.program = g(t.program);
    t.status = g(t.status);
    t.amount = g(t.amount);
    this.cap = cap;
  }
}

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
  out.recordId = t.recordId[i];
  return out;
}

/** Builds a table from plain rows: for tests and small programmatic inputs. */
export function tableFromRows(rows: Partial<RowValues>[]): RecordTable {
  const b = new RecordTableBuilder(rows.length);
  for (const row of rows) b.push({ ...emptyRow(), ...row });
  return b.finish();
}
