import { describe, expect, it } from 'vitest';
import { Sex, Status } from '../src/domain/fields.js';
import {
  cleanRange,
  cleanText,
  DATE_IMPOSSIBLE,
  DATE_INCOMPLETE,
  DATE_UNPARSEABLE,
  excelSerialToYmd,
  isJsSpace,
  normaliseRegionCode,
  parseAmount,
  parseDate,
  parseSex,
  parseStatus,
  RangeMemo,
  trimRange,
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

  it.each([
    ['17\u00a0Agustus\u20031945', 19450817],
    ['1 Mei. 1990', 19900501],
    ['1 mEi, 1990', 19900501],
    ['01-Sept-1999', 19990901],
    ['12-Agt-75', DATE_INCOMPLETE],
    ['12 Foo 1975', DATE_UNPARSEABLE],
    ['1 SEPTEMBERX 1990', DATE_UNPARSEABLE],
    ['123 Mei 1990', DATE_UNPARSEABLE],
    ['1 Mei 19901', DATE_UNPARSEABLE],
    ['1 Mei 1', DATE_UNPARSEABLE],
    ['Mei 1990', DATE_UNPARSEABLE],
    ['1 Mei 1990 x', DATE_UNPARSEABLE],
    ['31 Pebruari 1990', DATE_IMPOSSIBLE],
  ])('reads the month-name date %s as %i', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });

  it('reads a date inside a longer line as it reads the cut cell', () => {
    const cells = ['17-08-1945', ' 12 Agustus 1975 ', '19450817', '17081945', '27258.5', '1945-08-17 00:00:00', '', '-', '31-02-1980', '17-08-45', 'kemarin', '1975'];
    const line = cells.join(';');
    let at = 0;
    for (const cell of cells) {
      for (const format of [undefined, 'MM/DD/YYYY', 'YYYYMMDD'] as const) expect(parseDate(line, format, at, at + cell.length)).toBe(parseDate(cell, format));
      at += cell.length + 1;
    }
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

describe('cleanText and RangeMemo', () => {
  it('trims and collapses inner whitespace', () => {
    expect(cleanText('  SITI   AMINAH\t ')).toBe('SITI AMINAH');
    expect(cleanText('NI\u00a0MADE')).toBe('NI MADE');
    expect(cleanText('BUDI')).toBe('BUDI');
  });

  it('takes as white space exactly what String.prototype.trim takes', () => {
    const disagree: string[] = [];
    for (let c = 0; c < 0x10000; c++) if (isJsSpace(c) !== (`a${String.fromCharCode(c)}`.trim() === 'a')) disagree.push(c.toString(16));
    expect(disagree).toEqual([]);
  });

  it('reads a cell from a whole line as cleanText and trim read the cut cell', () => {
    const cells = ['  SITI   AMINAH\t ', 'NI\u00a0MADE', '\u3000ANDI\u2003', 'BUDI  ', ' ', '', 'A\tB', 'X  ', ' \ufeffDEWI\u2028', 'I WAYAN \u2003 MUDANA'];
    const line = cells.join(';');
    let at = 0;
    for (const cell of cells) {
      expect(cleanRange(line, at, at + cell.length)).toBe(cleanText(cell));
      expect(trimRange(line, at, at + cell.length)).toBe(cell.trim());
      at += cell.length + 1;
    }
  });

  it('RangeMemo answers as the function does, by the characters of the range', () => {
    let calls = 0;
    const memo = new RangeMemo((t: string) => {
      calls++;
      return parseStatus(t);
    }, 2);
    const line = 'AKTIF;PINDAH;AKTIF;MENINGGAL;x;AKTIF;AKTIF  ;;PINDAH';
    let at = 0;
    for (const cell of line.split(';')) {
      expect(memo.get(line, at, at + cell.length)).toBe(parseStatus(cell));
      at += cell.length + 1;
    }
    // AKTIF and PINDAH are kept (limit 2); MENINGGAL, x, 'AKTIF  ' and '' are computed each time
    expect(calls).toBe(6);
  });

  it('RangeMemo tells apart values that share a prefix or a hash slot', () => {
    const memo = new RangeMemo((t: string) => normaliseRegionCode(t), 16);
    const codes = ['61', '6171', '617101', '6171011002', '61.71', '61.71.01.1002', '6171011003', 'X61', '61 '];
    const line = [...codes, ...codes.slice().reverse()].join('|');
    let at = 0;
    for (const cell of line.split('|')) {
      expect(memo.get(line, at, at + cell.length)).toBe(normaliseRegionCode(cell));
      at += cell.length + 1;
    }
  });
});
