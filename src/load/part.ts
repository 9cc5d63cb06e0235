import type { Finding, SourceAccounting } from '../domain/finding.js';
import { TextColumn, type TextColumnData } from '../domain/text-column.js';
import { rowTexts, type PackedRowTexts, type RecordTable, type SparseRawTable } from '../domain/table.js';
import type { SourceReadNotes } from './read-source.js';

/**
 * One source read on a worker, as it crosses to the main thread. Typed columns are transferred
 * (no copy); the raw NIK and KK texts (set only for a bad id) cross as the list of rows that have
 * one, because posting a string[] clones each of its strings; record ids are a few long texts.
 */
export interface SourcePart {
  table: PackedTable;
  rejections: Finding[];
  /** `index` is the record's row in this part's table. */
  fieldFindings: Finding[];
  accounting: SourceAccounting;
  notes: SourceReadNotes;
}

/**
 * A worker's parts share its dictionaries (TableDictionaries), so a part carries only the values
 * that are new since the worker's previous part; the main thread keeps each worker's dictionaries.
 */
export interface PackedTable extends Omit<RecordTable, DictionaryName | 'nikRaw' | 'kkRaw' | 'recordId'> {
  nikRaw: PackedRowTexts;
  kkRaw: PackedRowTexts;
  recordId: TextColumnData;
  newValues: WorkerDictionaries;
}

type DictionaryName = 'names' | 'addresses' | 'regions' | 'programs';
const DICTIONARIES: readonly DictionaryName[] = ['names', 'addresses', 'regions', 'programs'];
export type WorkerDictionaries = Record<DictionaryName, string[]>;

export function emptyDictionaries(): WorkerDictionaries {
  return { names: [], addresses: [], regions: [], programs: [] };
}

/**
 * The table as posted, and the buffers to transfer with it (the table must not be used after).
 * `sent`: how many values of each dictionary earlier parts carried (updated).
 */
export function packTable(t: RecordTable, sent: Record<DictionaryName, number>): { packed: PackedTable; transfer: ArrayBuffer[] } {
  const newValues = emptyDictionaries();
  for (const d of DICTIONARIES) {
    newValues[d] = t[d].slice(sent[d]);
    sent[d] = t[d].length;
  }
  const { names: _n, addresses: _a, regions: _r, programs: _p, ...columns } = t;
  const packed: PackedTable = { ...columns, nikRaw: rowTexts(t.nikRaw, t.size), kkRaw: rowTexts(t.kkRaw, t.size), recordId: t.recordId.data(), newValues };
  const transfer: ArrayBuffer[] = [];
  for (const v of Object.values(packed)) if (ArrayBuffer.isView(v)) transfer.push(v.buffer as ArrayBuffer);
  for (const v of [packed.nikRaw.at, packed.kkRaw.at, packed.recordId.ends]) transfer.push(v.buffer as ArrayBuffer);
  return { packed, transfer };
}

/** The part as a table (raw ids left sparse, for RecordTableBuilder.adopt) whose dictionaries are `known`, the worker's values so far (this part's new ones added). */
export function unpackTable(p: PackedTable, known: WorkerDictionaries): SparseRawTable {
  for (const d of DICTIONARIES) for (const v of p.newValues[d]) known[d].push(v);
  const { newValues: _, ...columns } = p;
  return { ...columns, ...known, recordId: new TextColumn(p.recordId) };
}
