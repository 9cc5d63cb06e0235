import { describe, expect, it } from 'vitest';
import { IdState } from '../src/domain/fields.js';
import { idToString } from '../src/domain/ids.js';
import { idDistrict, idProvince, idRegency, idSerial, isPlaceholderId, nikBirth, parseId } from '../src/domain/nik.js';

// Synthetic NIKs: real region codes (61.71.01 Pontianak Selatan, 91.71 Kota Jayapura), made-up rest.

describe('parseId', () => {
  it('splits 16 digits into two exact 8-digit halves', () => {
    const p = parseId('6171014508750001');
    expect(p).toEqual({ state: IdState.Ok, hi: 61710145, lo: 8750001, raw: '' });
    expect(idToString(p.hi, p.lo)).toBe('6171014508750001');
  });

  it('keeps Papua NIKs above 2^53 exact (a JS number would round them)', () => {
    const text = '9171011708450001';
    expect(String(Number(text))).not.toBe(text);
    const p = parseId(text);
    expect(p.state).toBe(IdState.Ok);
    expect(idToString(p.hi, p.lo)).toBe(text);
  });

  it.each([
    ["'6171014508750001", 'leading apostrophe typed to keep Excel off'],
    ['6171 0145 0875 0001', 'spaces'],
    ['61.71.01.450875.0001', 'dots'],
    ['6171-0145-0875-0001', 'dashes'],
    ['  6171014508750001  ', 'padding'],
    ['="6171014508750001"', "Excel's text guard formula"],
  ])('cleans %s (%s)', (text) => {
    const p = parseId(text);
    expect(p.state).toBe(IdState.Ok);
    expect(idToString(p.hi, p.lo)).toBe('6171014508750001');
  });

  it.each(['6.17101E+15', '6,17101E+15', '6.17101e+15', '3.27301E+15', '6E+15', "'6.17101E+15"])(
    'detects Excel scientific notation %s and keeps the text',
    (text) => {
      const p = parseId(text);
      expect(p.state).toBe(IdState.Scientific);
      expect(p.raw).toBe(text.trim());
    },
  );

  it.each([
    ['617101450875001', '15 digits'],
    ['61710145087500011', '17 digits'],
    ['6171O14508750001', 'letter O for zero'],
    ['0', 'a lone zero'],
    ['NIK BELUM ADA', 'words'],
    ['6171014508750001.0', 'float export'],
  ])('marks %s as malformed (%s)', (text) => {
    const p = parseId(text);
    expect(p.state).toBe(IdState.Malformed);
    expect(p.raw).toBe(text);
  });

  it('treats empty cells and a lone dash as missing', () => {
    expect(parseId('').state).toBe(IdState.Missing);
    expect(parseId('   ').state).toBe(IdState.Missing);
    expect(parseId('-').state).toBe(IdState.Missing);
  });

  it('reuses the output object without stale values', () => {
    const out = parseId('6171014508750001');
    parseId('6.17101E+15', out);
    expect(out).toEqual({ state: IdState.Scientific, hi: 0, lo: 0, raw: '6.17101E+15' });
  });
});

describe('NIK structure', () => {
  const { hi, lo } = parseId('6171014508750001');

  it('reads province, regency, district and serial', () => {
    expect(idProvince(hi)).toBe(61);
    expect(idRegency(hi)).toBe(6171);
    expect(idDistrict(hi)).toBe(617101);
    expect(idSerial(lo)).toBe(1);
  });

  it('reads the coded birth date, +40 for women', () => {
    expect(nikBirth(hi, lo)).toEqual({ day: 5, month: 8, yy: 75, female: true });
    const m = parseId('6171011708600002');
    expect(nikBirth(m.hi, m.lo)).toEqual({ day: 17, month: 8, yy: 60, female: false });
  });

  it.each([
    ['6171010008600002', 'day 00'],
    ['6171013508600002', 'day 35 (neither 01-31 nor 41-71)'],
    ['6171017208600002', 'day 72'],
    ['6171011700600002', 'month 00'],
    ['6171011713600002', 'month 13'],
    ['6171013102600002', '31 February'],
    ['6171012902010002', '29 February 01 (neither 1901 nor 2001 is a leap year)'],
  ])('refuses an impossible embedded date: %s (%s)', (nik) => {
    const p = parseId(nik);
    expect(nikBirth(p.hi, p.lo)).toBeNull();
  });

  it('accepts 29 February when some century makes it real (00 -> 2000)', () => {
    const p = parseId('6171016902000002');
    expect(nikBirth(p.hi, p.lo)).toEqual({ day: 29, month: 2, yy: 0, female: true });
  });

  it.each(['0000000000000000', '1111111111111111', '1234567890123456', '9876543210987654'])('flags placeholder %s', (text) => {
    const p = parseId(text);
    expect(isPlaceholderId(p.hi, p.lo)).toBe(true);
  });

  it.each(['8901234567890123', '3210987654321098', '7777777777777777'])('flags a run that wraps or repeats: %s', (text) => {
    const p = parseId(text);
    expect(isPlaceholderId(p.hi, p.lo)).toBe(true);
  });

  it.each(['1234567890123457', '0000000000000001', '6171014508750123', '9876543210987655'])('does not flag a near-placeholder %s', (text) => {
    const p = parseId(text);
    expect(isPlaceholderId(p.hi, p.lo)).toBe(false);
  });

  it('does not flag real-looking NIKs as placeholders', () => {
    const p = parseId('6171014508750001');
    expect(isPlaceholderId(p.hi, p.lo)).toBe(false);
  });
});

describe('parseId over a range of a line', () => {
  it('reads each cell of a line as it reads the cut cell, raw text included', () => {
    const cells = ['6171014508750001', "  '6171011708600002 ", '="6171011708600003"', '6.17101E+15', '', '-', '61710145087500X1', '617101450875'];
    const line = cells.join(';');
    let at = 0;
    for (const cell of cells) {
      expect(parseId(line, undefined, at, at + cell.length)).toEqual(parseId(cell));
      at += cell.length + 1;
    }
  });
});
