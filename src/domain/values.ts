import { Sex, Status } from './fields.js';
import { daysInMonth } from './nik.js';
import { detachString } from './text.js';

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

/** Month names keyed by their letters read as a base-27 number (A=1): looked up without a string. */
const MONTH_KEYS = new Map<number, number>();
for (const [name, n] of Object.entries(MONTHS)) MONTH_KEYS.set(letterKey(name, 0, name.length), n);
/** Longest month name: longer letter runs are no month (and would overflow the key). */
const MONTH_MAX_LETTERS = 9;

function letterKey(text: string, start: number, end: number): number {
  let key = 0;
  for (let k = start; k < end; k++) key = key * 27 + ((text.charCodeAt(k) & ~32) - 64);
  return key;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * What a JS regular expression's \s and String.prototype.trim take as white space (Unicode Zs,
 * line terminators, tab, VT, FF and the BOM).
 */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** A date separator in `12 Agustus 1975`: \s - / . (and , before the year). */
function isDateSpacer(c: number, commaToo: boolean): boolean {
  return c === 45 || c === 47 || c === 46 || (commaToo && c === 44) || isJsSpace(c);
}

/**
 * `12 Agustus 1975`, `12-Agt-75`, `1 Mei. 1990`: day (1-2 digits), month name, year (2-4 digits),
 * separated by any of \s - / . (and , before the year). Read by char codes over text[i, end).
 */
function monthNameDate(text: string, i: number, end: number): number {
  let p = i;
  let day = 0;
  while (p < end && text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57) day = day * 10 + (text.charCodeAt(p++) - 48);
  if (p === i || p - i > 2) return DATE_UNPARSEABLE;
  while (p < end && isDateSpacer(text.charCodeAt(p), false)) p++;
  const letters = p;
  while (p < end && isAsciiLetter(text.charCodeAt(p))) p++;
  const lettersEnd = p;
  if (lettersEnd === letters) return DATE_UNPARSEABLE;
  while (p < end && isDateSpacer(text.charCodeAt(p), true)) p++;
  const yearStart = p;
  let year = 0;
  while (p < end && text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57) year = year * 10 + (text.charCodeAt(p++) - 48);
  const yearDigits = p - yearStart;
  if (p !== end || yearDigits < 2 || yearDigits > 4) return DATE_UNPARSEABLE;
  const month = lettersEnd - letters > MONTH_MAX_LETTERS ? undefined : MONTH_KEYS.get(letterKey(text, letters, lettersEnd));
  if (month === undefined) return DATE_UNPARSEABLE;
  if (yearDigits !== 4) return DATE_INCOMPLETE;
  return ymd(year, month, day);
}

const TIME_OF_DAY = /^\d{1,2}[:.]\d{2}([:.]\d{2}(\.\d+)?)?( ?[AP]M)?$/i;

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
 * `from`/`to` read the cell from a whole line of text (the loader's fast path cuts no string).
 */
export function parseDate(text: string, format?: DateFormat, from = 0, to = text.length): number {
  let end = to;
  let i = from;
  while (i < end && text.charCodeAt(i) <= 32) i++;
  while (end > i && text.charCodeAt(end - 1) <= 32) end--;
  if (i === end) return 0;
  if (end - i === 1 && text.charCodeAt(i) === 45 /* - */) return 0;

  // Up to three digit groups separated by one of - / . and an optional time part after them.
  let g0 = 0;
  let g1 = 0;
  let g2 = 0;
  let len0 = 0;
  let len1 = 0;
  let len2 = 0;
  let n = 0;
  let p = i;
  let sep = -1;
  let numeric = true;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c >= 48 && c <= 57) {
      if (n === 0) {
        g0 = g0 * 10 + (c - 48);
        len0++;
      } else if (n === 1) {
        g1 = g1 * 10 + (c - 48);
        len1++;
      } else {
        g2 = g2 * 10 + (c - 48);
        len2++;
      }
      p++;
    } else if ((c === 45 || c === 47 || c === 46) && n < 2 && (n === 0 ? len0 : len1) > 0) {
      if (sep >= 0 && c !== sep) {
        numeric = false;
        break;
      }
      sep = c;
      n++;
      p++;
    } else if ((c === 32 || c === 84 /* T */) && n === 2 && len2 > 0) {
      // a time after a full date: 1975-08-17 00:00:00, 17/08/1975 0:00
      if (TIME_OF_DAY.test(text.slice(p + 1, end).trim())) break;
      numeric = false;
      break;
    } else {
      numeric = false;
      break;
    }
  }
  if (numeric) {
    const groups = n + 1;
    if (groups === 3 && len2 > 0) {
      if (len0 === 4 && len1 <= 2 && len2 <= 2) return ymd(g0, g1, g2);
      if (len2 === 4 && len0 <= 2 && len1 <= 2) {
        return format === 'MM/DD/YYYY' ? ymd(g2, g0, g1) : ymd(g2, g1, g0);
      }
      if (len2 === 2 && len0 <= 2 && len1 <= 2) return DATE_INCOMPLETE;
      return DATE_UNPARSEABLE;
    }
    if (groups === 1 && p === end) {
      if (len0 === 8) {
        // yyyymmdd, else ddmmyyyy
        const asYmd = ymd(Math.floor(g0 / 10000), Math.floor(g0 / 100) % 100, g0 % 100);
        if (format === 'YYYYMMDD' || asYmd > 0) return asYmd;
        return ymd(g0 % 10000, Math.floor(g0 / 10000) % 100, Math.floor(g0 / 1_000_000));
      }
      // a bare year is not a birth date; a bare 4-digit number in that range is read as a year
      if (len0 === 4 && g0 >= 1800 && g0 <= 2100) return DATE_INCOMPLETE;
      if (len0 <= 5) return excelSerialToYmd(g0);
      return DATE_UNPARSEABLE;
    }
    // 27258.5: an Excel serial with a time fraction
    if (groups === 2 && sep === 46 && p === end && len0 <= 5) return excelSerialToYmd(g0);
    return DATE_UNPARSEABLE;
  }
  return monthNameDate(text, i, end);
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
 * A small cache in front of a normaliser: the status, sex, program, amount and region columns of a
 * roster repeat a handful of values millions of times. The cell is given as a range of a longer
 * text (a whole line) and the cache is probed by its characters, so a repeated value costs no
 * string at all. Keys are copied out of the line (a cut cell would keep its whole decoded chunk
 * alive). Bounded: past `limit` distinct values, new ones are computed and not kept.
 */
export class RangeMemo<T> {
  private readonly keys: (string | undefined)[];
  private readonly hashes: Int32Array;
  private readonly values: T[];
  private readonly mask: number;
  private size = 0;
  private lastKey: string | null = null;
  private lastValue: T | undefined;

  constructor(
    private readonly fn: (text: string) => T,
    private readonly limit = 4096,
  ) {
    let cap = 16;
    while (cap < limit * 2) cap <<= 1;
    this.mask = cap - 1;
    this.keys = new Array<string | undefined>(cap).fill(undefined);
    this.hashes = new Int32Array(cap);
    this.values = new Array<T>(cap);
  }

  get(text: string, from: number, to: number): T {
    const len = to - from;
    const last = this.lastKey;
    // most rosters are sorted by region or program: the same value as the row before is common
    if (last !== null && last.length === len && text.startsWith(last, from)) return this.lastValue as T;
    let h = len;
    for (let k = from; k < to; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    const keys = this.keys;
    let slot = h & this.mask;
    for (;;) {
      const key = keys[slot];
      if (key === undefined) break;
      if (this.hashes[slot] === h && key.length === len && text.startsWith(key, from)) {
        this.lastKey = key;
        return (this.lastValue = this.values[slot]);
      }
      slot = (slot + 1) & this.mask;
    }
    const own = detachString(text.slice(from, to));
    const value = this.fn(own);
    if (this.size < this.limit) {
      keys[slot] = own;
      this.hashes[slot] = h;
      this.values[slot] = value;
      this.size++;
    }
    this.lastKey = own;
    return (this.lastValue = value);
  }
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
  return cleanRange(text, 0, text.length);
}

/** cleanText of text[from, to), with one string cut (the loader reads cells from the whole line). */
export function cleanRange(text: string, from: number, to: number): string {
  const s = trimRange(text, from, to);
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 9 || c === 10 || c === 13 || c === 160 || (c === 32 && s.charCodeAt(k + 1) === 32)) return s.replace(/\s+/g, ' ');
  }
  return s;
}

/** text[from, to).trim(), with one string cut. */
export function trimRange(text: string, from: number, to: number): string {
  let a = from;
  let b = to;
  while (a < b && isJsSpace(text.charCodeAt(a))) a++;
  while (b > a && isJsSpace(text.charCodeAt(b - 1))) b--;
  return text.slice(a, b);
}

/** Uppercased, single-spaced: programs are codes (PKH, BPNT) that sources write in any case. */
export function normaliseProgram(text: string): string {
  return cleanText(text).toUpperCase();
}
