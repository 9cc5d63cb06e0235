import { IdState } from '../domain/fields.js';
import { parseName, type ParsedName } from '../domain/name.js';
import type { RecordTable } from '../domain/table.js';
import { type TextColumn, TextColumnBuilder } from '../domain/text-column.js';
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
  // Each row's compared fields packed side by side: the check of a run of equal hashes then reads
  // one or two cache lines per row instead of thirteen columns at random.
  const packed = new Int32Array(n * WORDS);
  const h1 = new Uint32Array(n);
  const h2 = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    // h1 = 0 marks a row that is not folded (hashMix never returns 0).
    if (named[t.nameId[i]] === 0 || (t.nikState[i] !== IdState.Ok && !(t.birth[i] > 0))) continue;
    const raw = (t.nikRaw[i] !== '' ? 1 << 24 : 0) | (t.kkRaw[i] !== '' ? 1 << 25 : 0);
    const o = i * WORDS;
    packed[o] = t.nikHi[i];
    packed[o + 1] = t.nikLo[i];
    packed[o + 2] = t.kkHi[i];
    packed[o + 3] = t.kkLo[i];
    packed[o + 4] = t.nameId[i];
    packed[o + 5] = t.birth[i];
    packed[o + 6] = t.region[i];
    packed[o + 7] = t.addressId[i];
    packed[o + 8] = t.nikState[i] | (t.kkState[i] << 8) | (t.sex[i] << 16) | raw;
    let x = hashMix(hashMix(hashMix(0x3b9aca07, t.nikHi[i]), t.nikLo[i]), packed[o + 8]);
    x = hashMix(hashMix(hashMix(x, t.kkHi[i]), t.kkLo[i]), t.addressId[i]);
    if (raw & (1 << 24)) x = hashMix(x, hash32(t.nikRaw[i]));
    let y = hashMix(hashMix(hashMix(0x27d4eb2f, t.birth[i]), t.region[i]), t.nameId[i]);
    if (raw & (1 << 25)) y = hashMix(y, hash32(t.kkRaw[i]));
    h1[i] = x;
    h2[i] = y;
  }
  const of = classHeads(h1, h2, (head, i) => samePacked(t, packed, head, i));
  // Number the heads in row order; rows point at their head's number.
  const weight32 = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (of[i] === i) of[i] = m++;
    else of[i] = of[of[i]];
    weight32[of[i]]++;
  }
  const row = new Uint32Array(m);
  for (let i = n - 1; i >= 0; i--) row[of[i]] = i;
  return { table: m === n ? t : subTable(t, row), row, of, weight: weight32.slice(0, m), parsedNames };
}

/** Words per row in distinctRecords' packed copy of the compared fields. */
const WORDS = 9;

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

function samePacked(t: RecordTable, packed: Int32Array, i: number, j: number): boolean {
  const a = i * WORDS;
  const b = j * WORDS;
  for (let k = 0; k < WORDS; k++) if (packed[a + k] !== packed[b + k]) return false;
  // The raw text of a damaged NIK or KK, when there is one (the flags above say both have it).
  if ((packed[a + 8] & (3 << 24)) === 0) return true;
  return t.nikRaw[i] === t.nikRaw[j] && t.kkRaw[i] === t.kkRaw[j];
}

/** The given rows of t as a table of their own, sharing t's dictionaries. */
function subTable(t: RecordTable, rows: Uint32Array): RecordTable {
  const pick = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(col: T): T => {
    const out = new (col.constructor as new (n: number) => T)(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = col[rows[k]];
    return out;
  };
  const pickText = (col: string[]): string[] => {
    const out = new Array<string>(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = col[rows[k]];
    return out;
  };
  const pickColumn = (col: TextColumn): TextColumn => {
    const out = new TextColumnBuilder();
    for (let k = 0; k < rows.length; k++) out.push(col.get(rows[k]));
    return out.finish();
  };
  return {
    size: rows.length,
    source: pick(t.source),
    line: pick(t.line),
    nikHi: pick(t.nikHi),
    nikLo: pick(t.nikLo),
    nikState: pick(t.nikState),
    nikRaw: pickText(t.nikRaw),
    kkHi: pick(t.kkHi),
    kkLo: pick(t.kkLo),
    kkState: pick(t.kkState),
    kkRaw: pickText(t.kkRaw),
    nameId: pick(t.nameId),
    names: t.names,
    birth: pick(t.birth),
    sex: pick(t.sex),
    region: pick(t.region),
    addressId: pick(t.addressId),
    addresses: t.addresses,
    program: pick(t.program),
    status: pick(t.status),
    amount: pick(t.amount),
    recordId: pickColumn(t.recordId),
    regions: t.regions,
    programs: t.programs,
  };
}
