import { describe, expect, it } from 'vitest';
import { Sex, Status } from '../src/domain/fields.js';
import {
  cleanText,
  DATE_IMPOSSIBLE,
  DATE_INCOMPLETE,
  DATE_UNPARSEABLE,
  excelSerialToYmd,
  memoise,
  normaliseRegionCode,
  parseAmount,
  parseDate,
  parseSex,
  parseStatus,
} from '../src/domain/values.js';

describe('parseDate', () => {
  it.each([
    ['17-08-1945', 19450817],
    ['17/08/1945', 19450817],
    ['7/8/1945', 19450807],
    ['17.08.1945', 19450817],
    ['1945-08-17', 19450817],
    ['1945/8/17', 19450817],
    ['1945-08-17 00:00:00', 19450817],
    ['1945-08-17T00:00:00', 19450817],
    ['17/08/1945 0:00', 19450817],
    ['19450817', 19450817],
    ['17081945', 19450817],
    ['12 Agustus 1975', 19750812],
    ['12 Agt 1975', 19750812],
    ['12-Agu-1975', 19750812],
    ['1 Pebruari 1980', 19800201],
    ['30 Nopember 1980', 19801130],
    ['30 NOVEMBER 1980', 19801130],
    ['5 Mei 1990', 19900505],
    ['12-Aug-1975', 19750812],
    ['01 Des. 1999', 19991201],
    ['  05-08-1975 ', 19750805],
  ])('reads %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });

  it('reads Excel serial numbers in the 1900 date system', () => {
    expect(parseDate('27258')).toBe(19740817);
    expect(parseDate('27258.5')).toBe(19740817);
    expect(excelSerialToYmd(1)).toBe(19000101);
    expect(excelSerialToYmd(59)).toBe(19000228);
    expect(excelSerialToYmd(60)).toBe(DATE_IMPOSSIBLE); // Excel's 29-02-1900 never existed
    expect(excelSerialToYmd(61)).toBe(19000301);
    expect(excelSerialToYmd(45658)).toBe(20250101);
  });

  it('follows the source dateFormat where the order is ambiguous', () => {
    expect(parseDate('08/17/1975', 'MM/DD/YYYY')).toBe(19750817);
    expect(parseDate('08/07/1975', 'MM/DD/YYYY')).toBe(19750807);
    expect(parseDate('08/07/1975')).toBe(19750708);
    // an unambiguous ISO date is read whatever the format says
    expect(parseDate('1975-08-17', 'DD-MM-YYYY')).toBe(19750817);
  });

  it('returns 0 for an empty cell', () => {
    expect(parseDate('')).toBe(0);
    expect(parseDate('  ')).toBe(0);
    expect(parseDate('-')).toBe(0);
  });

  it.each(['31-02-1980', '29-02-1981', '00-01-1980', '15-13-1980', '1980-02-30'])('calls %s impossible', (text) => {
    expect(parseDate(text)).toBe(DATE_IMPOSSIBLE);
  });

  it.each(['17-08-45', '12 Agustus 75', '1975'])('refuses to guess the century or day of %s', (text) => {
    expect(parseDate(text)).toBe(DATE_INCOMPLETE);
  });

  it.each(['kemarin', '17 08 1945', '17-08/1945', 'Agustus 1975', '12 Agustos 1975', '1234567', '017-08-1945'])(
    'cannot read %s',
    (text) => {
      expect(parseDate(text)).toBe(DATE_UNPARSEABLE);
    },
  );
});

describe('parseSex', () => {
  it.each([
    ['L', Sex.Male],
    ['l', Sex.Male],
    ['LK', Sex.Male],
    ['LAKI-LAKI', Sex.Male],
    ['Laki - laki', Sex.Male],
    ['LAKI LAKI', Sex.Male],
    ['1', Sex.Male],
    ['M', Sex.Male],
    ['P', Sex.Female],
    ['PR', Sex.Female],
    ['PEREMPUAN', Sex.Female],
    ['Perempuan', Sex.Female],
    ['WANITA', Sex.Female],
    ['2', Sex.Female],
    ['F', Sex.Female],
    ['', Sex.Unknown],
    ['-', Sex.Unknown],
  ])('%s', (text, expected) => {
    expect(parseSex(text)).toBe(expected);
  });

  it('returns null for a code it does not know', () => {
    expect(parseSex('X')).toBeNull();
    expect(parseSex('3')).toBeNull();
  });
});

describe('parseAmount', () => {
  it.each([
    ['1.500.000', 1500000],
    ['Rp 1.500.000,00', 1500000],
    ['Rp1.500.000', 1500000],
    ['RP. 600.000', 600000],
    ['IDR 200.000', 200000],
    ['1500000', 1500000],
    ['1,500,000', 1500000],
    ['1500000.00', 1500000],
    ['1.500', 1500],
    ['Rp 750.000,-', 750000],
    ['1.234.567,5', 1234567.5],
    ['-200.000', -200000],
  ])('%s -> %d', (text, expected) => {
    expect(parseAmount(text)).toBe(expected);
  });

  it('is NaN for an empty cell and null for text it cannot read', () => {
    expect(parseAmount('')).toBeNaN();
    expect(parseAmount('-')).toBeNaN();
    expect(parseAmount('dua ratus ribu')).toBeNull();
    expect(parseAmount('1.50.000')).toBeNull();
  });
});

describe('parseStatus', () => {
  it.each([
    ['AKTIF', Status.Active],
    ['Aktif', Status.Active],
    ['YA', Status.Active],
    ['NONAKTIF', Status.Inactive],
    ['NON AKTIF', Status.Inactive],
    ['Non-Aktif', Status.Inactive],
    ['TIDAK AKTIF', Status.Inactive],
    ['GRADUASI', Status.Inactive],
    ['MENINGGAL', Status.Deceased],
    ['MENINGGAL DUNIA 2023', Status.Deceased],
    ['Wafat', Status.Deceased],
    ['PINDAH', Status.Moved],
    ['PINDAH DOMISILI', Status.Moved],
    ['', Status.None],
    ['catatan petugas', Status.Other],
  ])('%s', (text, expected) => {
    expect(parseStatus(text)).toBe(expected);
  });
});

describe('normaliseRegionCode', () => {
  it('keeps digits only for Kemendagri codes at every level', () => {
    expect(normaliseRegionCode('61')).toBe('61');
    expect(normaliseRegionCode('61.71')).toBe('6171');
    expect(normaliseRegionCode('61.71.01')).toBe('617101');
    expect(normaliseRegionCode('61.71.01.1002')).toBe('6171011002');
    expect(normaliseRegionCode(' 6171011002 ')).toBe('6171011002');
  });

  it('marks BPS codes so they never equal a Kemendagri code', () => {
    expect(normaliseRegionCode('6171010', 'bps')).toBe('bps:6171010');
    expect(normaliseRegionCode('61.71', 'bps')).toBe('bps:6171');
    expect(normaliseRegionCode('61.71', 'bps')).not.toBe(normaliseRegionCode('61.71'));
  });

  it('is empty for an empty cell and null for something that is no code', () => {
    expect(normaliseRegionCode('')).toBe('');
    expect(normaliseRegionCode('KOTA PONTIANAK')).toBeNull();
    expect(normaliseRegionCode('11.1')).toBeNull(); // 11.10 with its last zero lost
  });
});

describe('cleanText and memoise', () => {
  it('trims and collapses inner whitespace', () => {
    expect(cleanText('  SITI   AMINAH\t ')).toBe('SITI AMINAH');
    expect(cleanText('NI\u00a0MADE')).toBe('NI MADE');
    expect(cleanText('BUDI')).toBe('BUDI');
  });

  it('memoise returns the same answers as the function', () => {
    const m = memoise(parseStatus, 2);
    for (const s of ['AKTIF', 'PINDAH', 'AKTIF', 'MENINGGAL', 'x', 'AKTIF']) expect(m(s)).toBe(parseStatus(s));
  });
});
