import { IdState } from '../domain/fields.js';
import { parseName, type ParsedName } from '../domain/name.js';
import { keepReads, ROWS_AHEAD as AHEAD } from '../domain/read-ahead.js';
import type { RecordTable } from '../domain/table.js';
import { TextColumn, type TextColumnData, TextColumnBuilder } from '../domain/text-column.js';
import { argsortU32 } from './sort.js';
import { hash32, hashMix } from './strings.js';

/**
 * The records the matcher works on: rows that agree on every field it reads (NIK and KK with their
 * state and raw text, name, birth date, sex, region, address) are one record to it. Most rows of a
 * province's rosters are such copies (the same family sent unchanged by PKH, BPNT, PBP and the
 * regency), so features, keys and clusters are built once per distinct record, and each record
 * carries how many rows it stands for wherever the model counts rows (term frequencies, the EM
 * sample, the chain guard).
 */
export interface DistinctRecords {
  /** One row per distinct record (its first row), in row order, sharing the dictionaries. */
  table: RecordTable;
  /** Row index of each distinct record: ascending, so the smallest row of a cluster is a record's. */
  row: Uint32Array;
  /** Distinct record of each row. */
  of: Uint32Array;
  /** Rows each distinct record stands for. */
  weight: Uint32Array;
  /** Each distinct name of the dictionary parsed (buildFeatures needs them too). */
  parsedNames: ParsedName[];
}

/**
 * Rows are folded only when the matcher would call them exact copies anyway (its own test, on
 * parsed names, runs again on the distinct records): a name with words, and a clean NIK or a birth
 * date. Anything else stays a record of its own.
 */
export function distinctRecords(t: RecordTable): DistinctRecords {
  const n = t.size;
  const named = new Uint8Array(t.names.length);
  const parsedNames = t.names.map((name, d) => {
    const p = parseName(name);
    named[d] = p.tokens.length + p.patronym.length > 0 ? 1 : 0;
    return p;
  });
  // One pass in row order with an open-addressing table of the records seen so far, instead of
  // sorting every row by hash: records come out numbered in row order, each row meets its record's
  // first row, and nothing per row is kept but `of`. Each record's compared fields are packed side
  // by side, so checking a row against it reads one or two cache lines instead of thirteen columns.
  const of = new Uint32Array(n);
  // Rosters of one province hold each record about three times: room for a third of the rows
  // is seldom outgrown (growing copies every array).
  let capacity = Math.max(1024, Math.ceil(n / 3));
  let fields = new Int32Array(capacity * WORDS);
  let firstRow = new Uint32Array(capacity);
  let weight = new Uint32Array(capacity);
  let hashOf = new Uint32Array(capacity);
  let bits = 10;
  while (1 << bits < n >>> 1) bits++;
  // slots[2s] = hash, slots[2s + 1] = record + 1 (0 = empty): the hash is checked before the record is read.
  let slots = new Int32Array(2 << bits);
  let mask = (1 << bits) - 1;
  let inTable = 0;
  const nikState = t.nikState;
  // Row i + AHEAD's hash is computed, and its slot read, while row i is worked on: that read
  // does not wait on anything, so its cache miss overlaps the rows before it (the probe for the
  // row's slot was a third of this function at 10M rows).
  const ahead = new Int32Array(AHEAD * 2);
  let touched = 0;
  for (let i = 0; i < Math.min(n, AHEAD); i++) ahead[i] = foldHash(t, i);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (i + AHEAD < n) {
      const hh = foldHash(t, i + AHEAD);
      ahead[(i + AHEAD) & (2 * AHEAD - 1)] = hh;
      touched ^= slots[2 * (hh & mask) + 1];
    }
    if (m === capacity) {
      capacity = Math.ceil(capacity * 1.5);
      fields = grownTo(fields, capacity * WORDS);
      firstRow = grownTo(firstRow, capacity);
      weight = grownTo(weight, capacity);
      hashOf = grownTo(hashOf, capacity);
    }
    const ns = nikState[i];
    if (named[t.nameId[i]] === 0 || (ns !== IdState.Ok && !(t.birth[i] > 0))) {
      // Not folded: a record of its own.
      firstRow[m] = i;
      weight[m] = 1;
      of[i] = m++;
      continue;
    }
    const flags = flagsWord(t, i);
    const raw = flags & RAW_BITS;
    // The row's fields go where a new record's would: compared from there, kept if it is new.
    const o = m * WORDS;
    fields[o] = t.nikHi[i];
    fields[o + 1] = t.nikLo[i];
    fields[o + 2] = t.kkHi[i];
    fields[o + 3] = t.kkLo[i];
    fields[o + 4] = t.nameId[i];
    fields[o + 5] = t.birth[i];
    fields[o + 6] = t.region[i];
    fields[o + 7] = t.addressId[i];
    fields[o + 8] = flags;
    // Rosters list families in much the same order, and a roster often repeats a row: the record
    // after the previous row's, or that record itself, is worth one comparison before the table
    // (40% of the copies in the bench, each a random read of the table saved). Equal fields are
    // the same record whatever the hash says; a record of its own (hashOf 0) has no fields kept.
    if (i > 0) {
      const prev = of[i - 1];
      let guess = prev + 1 < m && hashOf[prev + 1] !== 0 ? prev + 1 : -1;
      if (guess >= 0 && !(sameFields(fields, guess * WORDS, o) && (raw === 0 || sameRaw(t, firstRow[guess], i, raw)))) guess = -1;
      if (guess < 0 && hashOf[prev] !== 0 && sameFields(fields, prev * WORDS, o) && (raw === 0 || sameRaw(t, firstRow[prev], i, raw))) guess = prev;
      if (guess >= 0) {
        weight[guess]++;
        of[i] = guess;
        continue;
      }
    }
    const h = ahead[i & (2 * AHEAD - 1)];
    let s = h & mask;
    let record = -1;
    for (;;) {
      const r = slots[2 * s + 1] - 1;
      if (r < 0) break;
      if (slots[2 * s] === (h | 0) && sameFields(fields, r * WORDS, o) && (raw === 0 || sameRaw(t, firstRow[r], i, raw))) {
        record = r;
        break;
      }
      s = (s + 1) & mask;
    }
    if (record >= 0) {
      weight[record]++;
      of[i] = record;
      continue;
    }
    slots[2 * s] = h;
    slots[2 * s + 1] = m + 1;
    hashOf[m] = h;
    firstRow[m] = i;
    weight[m] = 1;
    of[i] = m++;
    if (++inTable > mask >>> 1) {
      // Over half full: twice the slots, every record placed again by its hash.
      bits++;
      mask = (1 << bits) - 1;
      slots = new Int32Array(2 << bits);
      for (let r = 0; r < m; r++) {
        if (hashOf[r] === 0) continue;
        let q = hashOf[r] & mask;
        while (slots[2 * q + 1] !== 0) q = (q + 1) & mask;
        slots[2 * q] = hashOf[r];
        slots[2 * q + 1] = r + 1;
      }
    }
  }
  const row = firstRow.slice(0, m);
  keepReads(touched);
  return { table: m === n ? t : subTable(t, row), row, of, weight: weight.slice(0, m), parsedNames };
}

const NIK_RAW = 1 << 24;
const KK_RAW = 1 << 25;
const RAW_BITS = NIK_RAW | KK_RAW;

/**
 * The ninth compared word of row i: NIK and KK states, sex, and whether a raw NIK / KK text is
 * compared too (it exists only for an identifier that did not arrive clean, RecordTable.nikRaw).
 */
function flagsWord(t: RecordTable, i: number): number {
  const ns = t.nikState[i];
  const ks = t.kkState[i];
  const nikRaw = ns !== IdState.Ok && t.nikRaw[i] !== '' ? NIK_RAW : 0;
  const kkRaw = ks !== IdState.Ok && t.kkRaw[i] !== '' ? KK_RAW : 0;
  return ns | (ks << 8) | (t.sex[i] << 16) | nikRaw | kkRaw;
}

/** Row i's hash over the fields distinctRecords compares (and the raw text of a damaged NIK or KK). */
function foldHash(t: RecordTable, i: number): number {
  const flags = flagsWord(t, i);
  let h = hashMix(hashMix(hashMix(0x3b9aca07, t.nikHi[i]), t.nikLo[i]), flags);
  h = hashMix(hashMix(hashMix(h, t.kkHi[i]), t.kkLo[i]), t.addressId[i]);
  h = hashMix(hashMix(hashMix(h, t.birth[i]), t.region[i]), t.nameId[i]);
  if (flags & NIK_RAW) h = hashMix(h, hash32(t.nikRaw[i]));
  if (flags & KK_RAW) h = hashMix(h, hash32(t.kkRaw[i]));
  return h;
}

/** Words per record in distinctRecords' packed copy of the compared fields. */
const WORDS = 9;

function sameFields(fields: Int32Array, a: number, b: number): boolean {
  for (let k = 0; k < WORDS; k++) if (fields[a + k] !== fields[b + k]) return false;
  return true;
}

/** The raw text of a damaged NIK or KK, where the flags (equal on both rows) say there is one. */
function sameRaw(t: RecordTable, i: number, j: number, raw: number): boolean {
  if (raw & NIK_RAW && t.nikRaw[i] !== t.nikRaw[j]) return false;
  return !(raw & KK_RAW) || t.kkRaw[i] === t.kkRaw[j];
}

function grownTo<T extends Uint32Array | Int32Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}

/**
 * The first (smallest) index of each element's class: elements with equal hashes (h1, h2) that
 * `same` confirms against the run's first. h1 = 0 keeps an element in a class of its own.
 */
export function classHeads(h1: Uint32Array, h2: Uint32Array, same: (head: number, i: number) => boolean): Uint32Array {
  const n = h1.length;
  const order = argsortU32(h1, argsortU32(h2));
  const head = new Uint32Array(n);
  for (let i = 0; i < n; i++) head[i] = i;
  let h = -1;
  for (let q = 0; q < n; q++) {
    const i = order[q];
    if (h1[i] === 0) continue;
    // Sorted by hash, stable by index: the first of a run of equal elements is its smallest index.
    if (h >= 0 && h1[h] === h1[i] && h2[h] === h2[i] && same(h, i)) head[i] = h;
    else h = i;
  }
  return head;
}

/** The given rows of t as a table of their own, sharing t's dictionaries. */
function subTable(t: RecordTable, rows: Uint32Array): RecordTable {
  // One gather per element type: a single generic one sees five array types and reads them all slowly.
  const pick8 = (col: Uint8Array): Uint8Array => {
    const out = new Uint8Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = col[rows[k]];
    return out;
  };
  const pick16 = (col: Uint16Array): Uint16Array => {
    const out = new Uint16Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = col[rows[k]];
    return out;
  };
  const pick32 = (col: Uint32Array): Uint32Array => {
    const out = new Uint32Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = col[rows[k]];
    return out;
  };
  const pickInt32 = (col: Int32Array): Int32Array => {
    const out = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = col[rows[k]];
    return out;
  };
  const pick64 = (col: Float64Array): Float64Array => {
    const out = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = col[rows[k]];
    return out;
  };
  const pickText = (col: string[]): string[] => {
    const out = new Array<string>(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = col[rows[k]];
    return out;
  };
  return {
    size: rows.length,
    source: pick16(t.source),
    line: pick32(t.line),
    nikHi: pick32(t.nikHi),
    nikLo: pick32(t.nikLo),
    nikState: pick8(t.nikState),
    nikRaw: pickText(t.nikRaw),
    kkHi: pick32(t.kkHi),
    kkLo: pick32(t.kkLo),
    kkState: pick8(t.kkState),
    kkRaw: pickText(t.kkRaw),
    nameId: pick32(t.nameId),
    names: t.names,
    birth: pickInt32(t.birth),
    sex: pick8(t.sex),
    region: pick32(t.region),
    addressId: pick32(t.addressId),
    addresses: t.addresses,
    program: pick16(t.program),
    status: pick8(t.status),
    amount: pick64(t.amount),
    recordId: new PickedTextColumn(t.recordId, rows),
    regions: t.regions,
    programs: t.programs,
  };
}

/**
 * Rows of another text column, read through (the matcher never reads the records' ids, and a copy
 * would slice and join a string per record).
 */
class PickedTextColumn extends TextColumn {
  constructor(
    private readonly base: TextColumn,
    private readonly rows: Uint32Array,
  ) {
    super({ size: rows.length, texts: [], firstRow: [], ends: new Uint32Array(0) });
  }

  override get(i: number): string {
    return this.base.get(this.rows[i]);
  }

  override data(): TextColumnData {
    const out = new TextColumnBuilder();
    for (let k = 0; k < this.rows.length; k++) out.push(this.base.get(this.rows[k]));
    return out.finish().data();
  }
}
