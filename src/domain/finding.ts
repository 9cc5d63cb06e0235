import type { CanonicalField } from './fields.js';

export const FINDING_KINDS = ['invalid', 'duplicate', 'missing', 'out_of_sync'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export type Severity = 'error' | 'warning';

/** Where a record came from. `index` is its row in the RecordTable (absent for rejected rows). */
export interface RecordRef {
  source: string;
  line: number;
  recordId: string;
  index?: number;
}

/**
 * A finding is data; wording lives in the message catalogue (src/report/messages.ts), keyed by
 * `code`. Values are kept unmasked here: every renderer masks NIK/KK unless told otherwise.
 */
export interface Finding extends RecordRef {
  kind: FindingKind;
  /** Stable check id, e.g. `nik.length`, `row.ragged`, `duplicate.within_source`. */
  code: string;
  severity: Severity;
  /** Duplicate group id (duplicate findings only). */
  group?: string;
  other?: RecordRef;
  field?: CanonicalField;
  value?: string;
  otherValue?: string;
  /** Link score in [0,1] where a link was involved. */
  score?: number;
  program?: string;
  /** Region code (digits) the record belongs to, for per-regency counts. */
  region?: string;
  /** Extra values the message needs (expected value, column name, ...). */
  args?: Record<string, string | number>;
}

/** Per source: every data line is a record or a rejection. */
export interface SourceAccounting {
  source: string;
  path: string;
  dataLines: number;
  records: number;
  rejections: number;
  /** xlsx: the sheet that was read; lines are its row numbers (kab_6171.xlsx!Data:57). */
  sheet?: string;
}
