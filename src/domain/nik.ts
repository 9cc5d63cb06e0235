import { IdState } from './fields.js';

/**
 * NIK and No. KK: 16 digits, never a JS number (Papua NIKs pass 2^53). Held as two exact halves of
 * 8 decimal digits: hi = PPKKCCDD (province, regency, district, birth day), lo = MMYYSSSS
 * (birth month, year, serial). For a KK, hi = PPKKCC + the registration day, lo = month, year, serial.
 */
export interface ParsedId {
  state: IdState;
  hi: number;
  lo: number;
  /** The text as written when state is not Ok; '' otherwise. */
  raw: string;
}

export function emptyParsedId(): ParsedId {
  return { state: IdState.Missing, hi: 0, lo: 0, raw: '' };
}

const C_0 = 48;
const C_9 = 57;

function isSeparator(c: number): boolean {
  // space, tab, no-break space, dot, dash, and the apostrophe Excel users type to force text
  return c === 32 || c === 9 || c === 160 || c === 46 || c === 45 || c === 39;
}

/** `6.17101E+15` / `6,17101E+15` / `6.17101e15`: what Excel writes for a NIK held as a number. */
const SCIENTIFIC = /^'?\s*\d(?:[.,]\d+)?\s*[eE]\s*\+?\s*\d{1,2}$/;

/**
 * Reads a NIK or No. KK cell into `out` (reused per row: no allocation on the clean path).
 * Strips a leading `'`, spaces, dots and dashes, and Excel's `="..."` text guard. 16 digits -> Ok;
 * scientific notation -> Scientific (digits are lost for good); empty or only separators ->
 * Missing; anything else -> Malformed. Non-Ok states keep the text as written.
 * `from`/`to` read the cell from a whole line of text (the loader's fast path cuts no string).
 */
export function parseId(text: string, out: ParsedId = emptyParsedId(), from = 0, to = text.length): ParsedId {
  out.hi = 0;
  out.lo = 0;
  out.raw = '';
  let start = from;
  let end = to;
  // ="6171..." (a formula that keeps Excel from turning the id into a number)
  if (end - start >= 3 && text.charCodeAt(start) === 61 /* = */ && text.charCodeAt(start + 1) === 34 && text.charCodeAt(end - 1) === 34) {
    start += 2;
    end -= 1;
  }
  let digits = 0;
  let hi = 0;
  let lo = 0;
  let other = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= C_0 && c <= C_9) {
      if (digits < 8) hi = hi * 10 + (c - C_0);
      else if (digits < 16) lo = lo * 10 + (c - C_0);
      digits++;
    } else if (!isSeparator(c)) {
      other = true;
      break;
    }
  }
  if (!other && digits === 16) {
    out.state = IdState.Ok;
    out.hi = hi;
    out.lo = lo;
    return out;
  }
  const trimmed = (from === 0 && to === text.length ? text : text.slice(from, to)).trim();
  if (!other && digits === 0) {
    out.state = IdState.Missing;
    out.raw = trimmed;
    return out;
  }
  out.raw = trimmed;
  out.state = SCIENTIFIC.test(trimmed) ? IdState.Scientific : IdState.Malformed;
  return out;
}

/** Parts of a clean id held as halves. */
export function idProvince(hi: number): number {
  return Math.floor(hi / 1_000_000);
}
/** PPKK as a number, e.g. 6171. */
export function idRegency(hi: number): number {
  return Math.floor(hi / 10_000);
}
/** PPKKCC as a number, e.g. 617101. */
export function idDistrict(hi: number): number {
  return Math.floor(hi / 100);
}
/** DD as coded (women: day + 40 in a NIK). */
export function idDay(hi: number): number {
  return hi % 100;
}
export function idMonth(lo: number): number {
  return Math.floor(lo / 1_000_000);
}
/** Two-digit year. */
export function idYear2(lo: number): number {
  return Math.floor(lo / 10_000) % 100;
}
export function idSerial(lo: number): number {
  return lo % 10_000;
}

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : DAYS_IN_MONTH[month];
}

/**
 * Whether day/month/yy is a real date in 19yy or 20yy (the century is not coded: 29-02-00 exists
 * in 2000, 29-02-01 in neither).
 */
export function isDateInSomeCentury(day: number, month: number, yy: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(1900 + yy, month) || day <= daysInMonth(2000 + yy, month);
}

/** The birth date coded in a NIK: day with the +40 for women removed; null when impossible. */
export function nikBirth(hi: number, lo: number): { day: number; month: number; yy: number; female: boolean } | null {
  const dd = idDay(hi);
  const female = dd > 40;
  const day = female ? dd - 40 : dd;
  const month = idMonth(lo);
  const yy = idYear2(lo);
  if (dd > 71 || (dd > 31 && dd < 41)) return null;
  if (!isDateInSomeCentury(day, month, yy)) return null;
  return { day, month, yy, female };
}

/** hi -> lo of each placeholder id; built once so the check per record is one lookup. */
const PLACEHOLDER_LO = buildPlaceholders();
/** Last two digits a placeholder can end with; most real ids are ruled out by this alone. */
const PLACEHOLDER_TAIL = new Uint8Array(100);
for (const lo of PLACEHOLDER_LO.values()) PLACEHOLDER_TAIL[lo % 100] = 1;

function buildPlaceholders(): Map<number, number> {
  const out = new Map<number, number>();
  for (let first = 0; first < 10; first++) {
    for (const step of [0, 1, 9]) {
      let text = '';
      for (let k = 0; k < 16; k++) text += String((first + step * k) % 10);
      out.set(Number(text.slice(0, 8)), Number(text.slice(8)));
    }
  }
  return out;
}

/**
 * Placeholder ids typed when the real one was not at hand: all one digit (0000000000000000,
 * 1111111111111111) or a counting run up or down, wrapping 9 -> 0 (1234567890123456).
 */
export function isPlaceholderId(hi: number, lo: number): boolean {
  if (PLACEHOLDER_TAIL[lo % 100] === 0) return false;
  const placeholderLo = PLACEHOLDER_LO.get(hi);
  return placeholderLo !== undefined && placeholderLo === lo;
}
