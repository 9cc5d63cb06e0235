import { IdState } from './fields.js';
import type { RecordTable } from './table.js';

/** The 16-digit text of an identifier held as two 8-digit halves. */
export function idToString(hi: number, lo: number): string {
  return String(hi).padStart(8, '0') + String(lo).padStart(8, '0');
}

/** Record i's NIK as text: the 16 digits when clean, else what the roster held ('' if none). */
export function nikText(t: RecordTable, i: number): string {
  return t.nikState[i] === IdState.Ok ? idToString(t.nikHi[i], t.nikLo[i]) : t.nikRaw[i];
}

/** Record i's No. KK as text, like nikText. */
export function kkText(t: RecordTable, i: number): string {
  return t.kkState[i] === IdState.Ok ? idToString(t.kkHi[i], t.kkLo[i]) : t.kkRaw[i];
}

/** yyyymmdd -> YYYY-MM-DD ('' for absent or unparseable). */
export function birthText(yyyymmdd: number): string {
  if (yyyymmdd <= 0) return '';
  const s = String(yyyymmdd).padStart(8, '0');
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
