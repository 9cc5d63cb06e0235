import type { Finding } from '../domain/finding.js';
import type { Catalogue } from './catalogue.js';

// English wording of the invalid-record checks (src/validate/checks.ts). `v` is the value as it
// may be shown: a masked NIK/KK unless --show-nik. Digits the mask hides are only spelled out
// when the value is shown in full.

const shownInFull = (f: Finding, v: string): boolean => v === (f.value ?? '');
const sexWord = (s: unknown): string => (s === 'P' ? 'a woman' : 'a man');

function idChecks(label: 'NIK' | 'No. KK'): Catalogue['findings'] {
  const key = label === 'NIK' ? 'nik' : 'kk';
  return {
    [`${key}.malformed`]: (f, v) =>
      /^[\d\s.\-']*$/.test(f.value ?? '')
        ? `${label} "${v}" has ${f.args?.digits} digits; a ${label} has exactly 16 digits`
        : `${label} "${v}" contains letters or signs; a ${label} is 16 digits`,
    [`${key}.scientific`]: (_f, v) =>
      `${label} "${v}" was turned into a number by Excel (scientific notation) and its last digits are lost for good; ` +
      'export again with the column formatted as Text',
    [`${key}.placeholder`]: (_f, v) => `${label} ${v} is a placeholder (one repeated digit or a counting run), not a real number`,
    [`${key}.province_unknown`]: (f, v) => `${label} ${v} starts with ${f.args?.code}, which is not a province code; expected a code such as 61 (Kalimantan Barat)`,
    [`${key}.regency_unknown`]: (f, v) =>
      `${label} ${v}: regency/city code ${f.args?.code} is in neither the current nor the former Kemendagri lists; check the first 4 digits`,
    [`${key}.district_unknown`]: (f, v) =>
      shownInFull(f, v)
        ? `${label} ${v}: district code ${f.args?.code} is in neither the current nor the former Kemendagri lists (codes older than 2015 are not listed); check digits 5-6`
        : `${label} ${v}: the district code (digits 5-6) is in neither the current nor the former Kemendagri lists (codes older than 2015 are not listed); check digits 5-6`,
  };
}

export const validateFindingsEn: Catalogue['findings'] = {
  'source.encoding_guessed': (f) =>
    `the file is not valid UTF-8, so it was read as ${f.args?.encoding}; if names look wrong, set "encoding" for this source`,
  'source.region_scheme_bps': (f) =>
    `${f.args?.unresolved} of ${f.args?.total} region codes are not Kemendagri codes but look like BPS codes; if this roster uses BPS codes, ` +
    'set "regionScheme": "bps" for this source (BPS and Kemendagri number regions differently, so padan never compares them)',
  'birth_date.unparseable': (f, v) =>
    `birth date "${v}" is not a date; expected a date such as ${f.args?.format === 'MM/DD/YYYY' ? '08/17/1975' : '17-08-1975'}`,
  'birth_date.impossible': (_f, v) => `birth date "${v}" does not exist (that month has no such day)`,
  'birth_date.incomplete': (_f, v) => `birth date "${v}" is incomplete (only a year, or a two-digit year); expected a full date such as 17-08-1975`,
  'birth_date.future': (_f, v) => `birth date ${v} is in the future`,
  'birth_date.implausible': (f, v) => `birth date ${v} means an age above ${f.args?.maxAge} years; check the year`,
  'sex.unrecognised': (_f, v) => `sex "${v}" is not a known code; expected L or P (also LAKI-LAKI/PEREMPUAN, 1/2)`,
  'status.unrecognised': (_f, v) => `status "${v}" is not a known status; expected AKTIF, NONAKTIF, MENINGGAL or PINDAH`,
  'amount.unparseable': (_f, v) => `amount "${v}" is not a rupiah amount; expected a number such as 1.500.000 or Rp 1.500.000,00`,
  'region.malformed': (_f, v) => `region code "${v}" is not a code; expected digits such as 61.71.01.1001 or 6171`,
  'region.unknown': (_f, v) => `region code ${v} is not a Kemendagri code (current or former)`,
  'region.outside_source': (f, v) => `region code ${v} is outside the area this roster covers (${f.args?.expected})`,
  'nik.missing': () => 'NIK is empty; every beneficiary needs a 16-digit NIK',
  ...idChecks('NIK'),
  'nik.birth_date_impossible': (f, v) =>
    shownInFull(f, v)
      ? `NIK ${v}: digits 7-12 are not a birth date (day ${f.args?.day}, month ${f.args?.month}); expected day 01-31 (women 41-71) and month 01-12`
      : `NIK ${v}: digits 7-12 are not a birth date; expected day 01-31 (women 41-71) and month 01-12`,
  'nik.serial_zero': (_f, v) => `NIK ${v} ends in 0000; the serial number starts at 0001`,
  'nik.equals_kk': (_f, v) => `NIK ${v} is the same as the No. KK; the NIK column probably holds the family card number`,
  'nik.sex_mismatch': (f, v) =>
    `NIK ${v} is coded for ${sexWord(f.args?.nikSex)} (women have 40 added to the birth day), but the row says ${sexWord(f.args?.sex)}; check the sex or the NIK`,
  'nik.birth_date_mismatch': (f, v, ov) =>
    (shownInFull(f, v)
      ? `NIK ${v} codes the birth date ${f.args?.nikDate}, but the row says ${ov}`
      : `the birth date coded in NIK ${v} differs from the row's birth date`) +
    '; Dukcapil does not change a NIK when a birth date is corrected, so check which one is right',
  'kk.missing': () => 'No. KK is empty although this roster has a No. KK column',
  ...idChecks('No. KK'),
  'kk.date_impossible': (_f, v) => `No. KK ${v}: digits 7-12 are not a registration date (day 01-31, month 01-12)`,
  'kk.serial_zero': (_f, v) => `No. KK ${v} ends in 0000; the serial number starts at 0001`,
  'name.missing': () => 'name is empty',
  'name.placeholder': (_f, v) => `name "${v}" is a placeholder, not a person's name`,
  'name.has_digits': (_f, v) => `name "${v}" contains digits; a name on a KTP has letters only`,
};

export const validateUiEn: Record<string, string> = {
  'validate.checks': 'findings by check',
  'validate.first_problems': 'first problems',
  'validate.more': 'more; --out DIR writes every finding to findings.csv',
  'validate.clean': 'no problems found',
  'validate.errors': 'errors',
  'validate.warnings': 'warnings',
  'validate.files': 'files',
  'validate.source_notes': 'about the whole file',
};
