import type { CanonicalField } from '../domain/fields.js';
import type { Severity } from '../domain/finding.js';

export interface CheckInfo {
  severity: Severity;
  /** The field the check looks at ('' for a whole row or source). */
  field: CanonicalField | '';
  /** Where the finding comes from: the loader (while reading) or validateTable. */
  stage: 'load' | 'validate';
}

const c = (severity: Severity, field: CanonicalField | '', stage: CheckInfo['stage'] = 'validate'): CheckInfo => ({ severity, field, stage });

/**
 * Every invalid-record check padan runs, by stable id. Severity `error` means the record cannot
 * be trusted as it is; `warning` means it may be right but deserves a look (a NIK is not reissued
 * when a birth date is corrected, so a NIK/birth-date disagreement is a warning).
 * Wording lives in src/messages/{en,id}.ts under the same ids.
 */
export const CHECKS = {
  // rows the loader could not turn into records
  'row.ragged': c('error', '', 'load'),
  'row.unterminated_quote': c('error', '', 'load'),
  'row.undecodable': c('error', '', 'load'),
  'row.parse_error': c('error', '', 'load'),
  // whole-source notes (line 0)
  'source.encoding_guessed': c('warning', '', 'load'),
  'source.region_scheme_bps': c('warning', 'region', 'load'),
  // values the loader could not read
  'birth_date.unparseable': c('error', 'birth_date', 'load'),
  'birth_date.impossible': c('error', 'birth_date', 'load'),
  'birth_date.incomplete': c('warning', 'birth_date', 'load'),
  'sex.unrecognised': c('warning', 'sex', 'load'),
  'status.unrecognised': c('warning', 'status', 'load'),
  'amount.unparseable': c('warning', 'amount', 'load'),
  'region.malformed': c('warning', 'region', 'load'),
  // NIK
  'nik.missing': c('error', 'nik'),
  'nik.malformed': c('error', 'nik'),
  'nik.scientific': c('error', 'nik'),
  'nik.excel_number': c('error', 'nik'),
  'nik.placeholder': c('error', 'nik'),
  'nik.province_unknown': c('error', 'nik'),
  'nik.regency_unknown': c('warning', 'nik'),
  'nik.district_unknown': c('warning', 'nik'),
  'nik.birth_date_impossible': c('error', 'nik'),
  'nik.serial_zero': c('error', 'nik'),
  'nik.equals_kk': c('error', 'nik'),
  'nik.sex_mismatch': c('warning', 'nik'),
  'nik.birth_date_mismatch': c('warning', 'nik'),
  // No. KK
  'kk.missing': c('warning', 'kk'),
  'kk.malformed': c('error', 'kk'),
  'kk.scientific': c('error', 'kk'),
  'kk.excel_number': c('error', 'kk'),
  'kk.placeholder': c('error', 'kk'),
  'kk.province_unknown': c('error', 'kk'),
  'kk.regency_unknown': c('warning', 'kk'),
  'kk.district_unknown': c('warning', 'kk'),
  'kk.date_impossible': c('warning', 'kk'),
  'kk.serial_zero': c('warning', 'kk'),
  // other fields
  'birth_date.future': c('error', 'birth_date'),
  'birth_date.implausible': c('warning', 'birth_date'),
  'name.missing': c('error', 'name'),
  'name.placeholder': c('error', 'name'),
  'name.has_digits': c('warning', 'name'),
  'region.unknown': c('warning', 'region'),
  'region.outside_source': c('warning', 'region'),
} as const satisfies Record<string, CheckInfo>;

export type CheckId = keyof typeof CHECKS;
