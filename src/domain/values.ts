import { Sex, Status } from './fields.js';
import { daysInMonth } from './nik.js';

// Normalisers for the non-id fields of a roster row. Each is called once per row and cell, so the
// common shapes are read with char codes rather than regular expressions.

/** birth is yyyymmdd; these mark a value that was given but could not be read. */
export const DATE_UNPARSEABLE = -1;
/** Well-formed but no such day (31-02-1980). Stored as -1 in the table like any unreadable date. */
export const DATE_IMPOSSIBLE = -2;
/** Only a year, or a two-digit year: not enough to compare without guessing. */
export const DATE_INCOMPLETE = -3;

export type DateFormat = 'DD-MM-YYYY' | 'DD/MM/YYYY' | 'YYYY-MM-DD' | 'MM/DD/YYYY' | 'YYYYMMDD';

const MONTHS: Record<string, number> = {};
function months(n: number, ...names: string[]): void {
  for (const name of names) MONTHS[name] = n;
}
// Indonesian names (with the old spellings Pebruari/Nopember and common abbreviations) and English
// ones (Excel in an English locale writes 12-Aug-1975).
months(1, 'JANUARI', 'JAN', 'JANUARY');
months(2, 'FEBRUARI', 'PEBRUARI', 'FEB', 'PEB', 'FEBRUARY', 'PEBR', 'FEBR');
months(3, 'MARET', 'MAR', 'MARCH');
months(4, 'APRIL', 'APR');
months(5, 'MEI', 'MAY');
months(6, 'JUNI', 'JUN', 'JUNE');
months(7, 'JULI', 'JUL', 'JULY');
months(8, 'AGUSTUS', 'AGU', 'AGT', 'AGS', 'AGST', 'AGUS', 'AUG', 'AUGUST', 'AGUSTUS');
months(9, 'SEPTEMBER', 'SEP', 'SEPT');
months(10, 'OKTOBER', 'OKT', 'OCT', 'OCTOBER');
months(11, 'NOVEMBER', 'NOPEMBER', 'NOV', 'NOP');
months(12, 'DESEMBER', 'DES', 'DEC', 'DECEMBER');

const MONTH_NAME_DATE = /^(\d{1,2})[\s\-/.]*([A-Za-z]+)\.?[\s\-/.,]*(\d{2,4})$/;

function ymd(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || y < 1000 || y > 9999) return DATE_IMPOSSIBLE;
  if (d > daysInMonth(y, m)) return DATE_IMPOSSIBLE;
  return y * 10000 + m * 100 + d;
}

/** Days since 1970-01-01 -> yyyymmdd (proleptic Gregorian, UTC). */
function fromEpochDays(days: number): number {
  const dt = new Date(days * 86_400_000);
  return dt.getUTCFullYear() * 10000 + (dt.getUTCMonth() + 1) * 100 + dt.getUTCDate();
}

/**
 * Excel's 1900 date system: serial 1 = 1900-01-01, and Excel counts a 29 Feb 1900 that never
 * existed (serial 60), so serials from 61 on are one day ahead of a plain day count.
 */
export function excelSerialToYmd(serial: number): number {
  const whole = Math.floor(serial);
  if (whole < 1 || whole > 2_958_465) return DATE_UNPARSEABLE;
  if (whole === 60) return DATE_IMPOSSIBLE;
  // 1899-12-31 is epoch day -25568; from serial 61 on, 1899-12-30 (-25569) is the zero.
  return fromEpochDays(whole < 60 ? whole - 25568 : whole - 25569);
}

/**
 * Reads a birth date into yyyymmdd. Returns 0 for an empty cell, or one of DATE_UNPARSEABLE,
 * DATE_IMPOSSIBLE, DATE_INCOMPLETE. Accepts DD-MM-YYYY and DD/MM/YYYY (or MM/DD/YYYY when the source
 * says so), YYYY-MM-DD (with or without a time after it), YYYYMMDD, `12 Agustus 1975` and kin, and
 * Excel serial numbers. Two-digit years are refused rather than guessed.
 */
export function parseDate(text: string, format?: DateFormat): number {
  let end = text.length;
  let i = 0;
  while (i < end && text.charCodeAt(i) <= 32) i++;
  while (end > i && text.charCodeAt(end - 1) <= 32) end--;
  if (i === end) return 0;
  if (end - i === 1 && text.charCodeAt(i) === 45 /* - */) return 0;

  // Up to three digit groups separated by one of - / . and an optional time part after them.
  const g = [0, 0, 0];
  const len = [0, 0, 0];
  let n = 0;
  let p = i;
  let sep = -1;
  let numeric = true;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c >= 48 && c <= 57) {
      g[n] = g[n] * 10 + (c - 48);
      len[n]++;
      p++;
    } else if ((c === 45 || c === 47 || c === 46) && len[n] > 0 && n < 2) {
      if (sep >= 0 && c !== sep) {
        numeric = false;
        break;
      }
      sep = c;
      n++;
      p++;
    } else if ((c === 32 || c === 84 /* T */) && n === 2 && len[2] > 0) {
      // a time after a full date: 1975-08-17 00:00:00, 17/08/1975 0:00
      const rest = text.slice(p + 1, end).trim();
      if (/^\d{1,2}[:.]\d{2}([:.]\d{2}(\.\d+)?)?( ?[AP]M)?$/i.test(rest)) break;
      numeric = false;
      break;
    } else {
      numeric = false;
      break;
    }
  }
  if (numeric) {
    const groups = n + 1;
    if (groups === 3 && len[2] > 0) {
      if (len[0] === 4 && len[1] <= 2 && len[2] <= 2) return ymd(g[0], g[1], g[2]);
      if (len[2] === 4 && len[0] <= 2 && len[1] <= 2) {
        return format === 'MM/DD/YYYY' ? ymd(g[2], g[0], g[1]) : ymd(g[2], g[1], g[0]);
      }
      if (len[2] === 2 && len[0] <= 2 && len[1] <= 2) return DATE_INCOMPLETE;
      return DATE_UNPARSEABLE;
    }
    if (groups === 1 && p === end) {
      if (len[0] === 8) {
        const s = text.slice(i, end);
        const asYmd = ymd(+s.slice(0, 4), +s.slice(4, 6), +s.slice(6, 8));
        if (format === 'YYYYMMDD' || asYmd > 0) return asYmd;
        return ymd(+s.slice(4, 8), +s.slice(2, 4), +s.slice(0, 2));
      }
      // a bare year is not a birth date; a bare 4-digit number in that range is read as a year
      if (len[0] === 4 && g[0] >= 1800 && g[0] <= 2100) return DATE_INCOMPLETE;
      if (len[0] <= 5) return excelSerialToYmd(g[0]);
      return DATE_UNPARSEABLE;
    }
    // 27258.5: an Excel serial with a time fraction
    if (groups === 2 && sep === 46 && p === end && len[0] <= 5) return excelSerialToYmd(g[0]);
    return DATE_UNPARSEABLE;
  }
  const m = MONTH_NAME_DATE.exec(text.slice(i, end));
  if (m !== null) {
    const month = MONTHS[m[2].toUpperCase()];
    if (month === undefined) return DATE_UNPARSEABLE;
    if (m[3].length !== 4) return DATE_INCOMPLETE;
    return ymd(+m[3], month, +m[1]);
  }
  return DATE_UNPARSEABLE;
}

function squeezeUpper(text: string): string {
  // upper case without spaces, dots, dashes and underscores: "Laki - laki" -> "LAKILAKI"
  let s = text.trim();
  if (s === '') return s;
  s = s.toUpperCase();
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 32 || c === 46 || c === 45 || c === 95 || c === 9) return s.replace(/[\s.\-_]+/g, '');
  }
  return s;
}

const SEX_CODES = new Map<string, Sex>([
  ['L', Sex.Male],
  ['LK', Sex.Male],
  ['LAKI', Sex.Male],
  ['LAKILAKI', Sex.Male],
  ['PRIA', Sex.Male],
  ['1', Sex.Male],
  ['M', Sex.Male],
  ['MALE', Sex.Male],
  ['P', Sex.Female],
  ['PR', Sex.Female],
  ['PEREMPUAN', Sex.Female],
  ['WANITA', Sex.Female],
  ['W', Sex.Female],
  ['2', Sex.Female],
  ['F', Sex.Female],
  ['FEMALE', Sex.Female],
]);

/** Sex from L/P, LAKI-LAKI/PEREMPUAN, 1/2 (BPS/DTKS coding), M/F. null when given but unknown. */
export function parseSex(text: string): Sex | null {
  const k = squeezeUpper(text);
  if (k === '' || k === '-') return Sex.Unknown;
  return SEX_CODES.get(k) ?? null;
}

/**
 * Status from the words rosters use. Keywords rather than exact values, because a STATUS or
 * KETERANGAN cell often says more ("MENINGGAL DUNIA 2023"). NONAKTIF is tested before AKTIF.
 * Returns Status.None for an empty cell and Status.Other for text with none of the keywords.
 */
export function parseStatus(text: string): Status {
  const s = text.trim();
  if (s === '' || s === '-') return Status.None;
  const u = s.toUpperCase().replace(/[\s\-_.]+/g, ' ');
  if (/MENINGGAL|WAFAT|\bALM\b|ALMARHUM|\bMD\b|DECEASED|\bDEAD\b|\bMATI\b/.test(u)) return Status.Deceased;
  if (/PINDAH|MUTASI|\bMOVED\b/.test(u)) return Status.Moved;
  if (/NON ?AKTI[FP]|TIDAK AKTI[FP]|TDK AKTI[FP]|DINONAKTIFKAN|INACTIVE|GRADUASI|KELUAR|DIHAPUS|DICORET|TIDAK LAYAK/.test(u)) {
    return Status.Inactive;
  }
  if (/^(AKTI[FP]|ACTIVE|YA|Y|LAYAK)\b/.test(u)) return Status.Active;
  return Status.Other;
}

const DIGITS = /^\d+$/;
const FRACTION = /^\d{0,2}$/;
const GROUPED: Record<string, RegExp> = { '.': /^\d{1,3}(\.\d{3})*$/, ',': /^\d{1,3}(,\d{3})*$/ };
const GROUPED_ONLY: Record<string, RegExp> = { '.': /^\d{1,3}(\.\d{3})+$/, ',': /^\d{1,3}(,\d{3})+$/ };

/**
 * Rupiah amounts: 1.500.000, Rp 1.500.000,00, Rp1,500,000, 1500000, 1500000.00. In Indonesian
 * writing `.` groups thousands and `,` starts decimals; a database export uses `.` for decimals.
 * Returns NaN for an empty cell and null when given but unreadable.
 */
export function parseAmount(text: string): number | null {
  let s = text.trim();
  if (s === '' || s === '-') return Number.NaN;
  if (DIGITS.test(s)) return Number(s);
  s = s.replace(/^(RP|IDR)\.?\s*/i, '').replace(/\s+/g, '').replace(/,-$/, '');
  let sign = 1;
  if (s.startsWith('-')) {
    sign = -1;
    s = s.slice(1);
  }
  if (DIGITS.test(s)) return sign * Number(s);
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let intPart: string;
  let frac = '';
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? '.' : ',';
    const at = s.lastIndexOf(dec);
    intPart = s.slice(0, at);
    frac = s.slice(at + 1);
    const group = dec === '.' ? ',' : '.';
    if (!GROUPED[group].test(intPart)) return null;
    intPart = intPart.split(group).join('');
  } else {
    const mark = lastDot >= 0 ? '.' : ',';
    const parts = s.split(mark);
    if (parts.length > 2 || parts[parts.length - 1].length === 3) {
      // grouping only: 1.500.000 or 1,500,000 (a lone 1.500 is fifteen hundred rupiah, not 1.5)
      if (!GROUPED_ONLY[mark].test(s)) return null;
      intPart = parts.join('');
    } else {
      intPart = parts[0];
      frac = parts[1];
    }
  }
  if (!DIGITS.test(intPart) || !FRACTION.test(frac)) return null;
  return sign * Number(frac === '' ? intPart : `${intPart}.${frac}`);
}

/**
 * Wraps a normaliser with a small cache: the status, sex, program and amount columns of a roster
 * repeat a handful of values millions of times. Bounded, so a column of unique values costs
 * nothing beyond the first few thousand.
 */
export function memoise<T>(fn: (text: string) => T, limit = 4096): (text: string) => T {
  const cache = new Map<string, T>();
  let lastText: string | undefined;
  let lastValue: T | undefined;
  return (text: string): T => {
    // most rosters are sorted by region or program: the same value as the row before is common
    if (text === lastText) return lastValue as T;
    let v = cache.get(text);
    if (v === undefined && !cache.has(text)) {
      v = fn(text);
      if (cache.size < limit) cache.set(text, v);
    }
    lastText = text;
    lastValue = v;
    return v as T;
  };
}

export type RegionScheme = 'kemendagri' | 'bps';

/** Lengths of a whole code at province, regency, district and village level. */
const KEMENDAGRI_LENGTHS = new Set([2, 4, 6, 10]);
const BPS_LENGTHS = new Set([2, 4, 7, 10]);

/**
 * A region code as digits only ('61.71' -> '6171'); codes of a BPS source get a 'bps:' prefix so
 * they are never equal to a Kemendagri code. '' for an empty cell; null when the cell holds
 * something that is not a code at any level (a name, a code with a lost digit).
 */
export function normaliseRegionCode(text: string, scheme: RegionScheme = 'kemendagri'): string | null {
  const s = text.trim();
  if (s === '' || s === '-') return '';
  let digits = '';
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 48 && c <= 57) digits += s[k];
    else if (c !== 46 && c !== 32 && c !== 45) return null;
  }
  const ok = scheme === 'bps' ? BPS_LENGTHS : KEMENDAGRI_LENGTHS;
  // A Kemendagri source may still carry 7-digit BPS district codes: kept, so the scheme check sees them.
  if (!ok.has(digits.length) && !(scheme === 'kemendagri' && digits.length === 7)) return null;
  return scheme === 'bps' ? `bps:${digits}` : digits;
}

/** A name as written, trimmed, with inner runs of whitespace made one space. */
export function cleanText(text: string): string {
  const s = text.trim();
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 9 || c === 10 || c === 13 || c === 160 || (c === 32 && s.charCodeAt(k + 1) === 32)) {
      return s.replace(/\s+/g, ' ');
    }
  }
  return s;
}

/** Uppercased, single-spaced: programs are codes (PKH, BPNT) that sources write in any case. */
export function normaliseProgram(text: string): string {
  return cleanText(text).toUpperCase();
}
