import { describe, expect, it } from 'vitest';
import { IdState } from '../src/domain/fields.js';
import { idToString } from '../src/domain/ids.js';
import { tableFromRows, type RowValues } from '../src/domain/table.js';
import { addressTokens, buildFeatures, hasIdDigits, idDigitsOf } from '../src/match/features.js';

const base: Partial<RowValues> = { name: 'SITI AMINAH', birth: 19850105, sex: 2, region: '6171010001' };

describe('buildFeatures identifiers and address keys', () => {
  it('numbers clean NIKs by value, shares their digits, and keeps the digits of damaged ones', () => {
    const niks: [number, number][] = [];
    for (let k = 0; k < 3000; k++) niks.push([61710141 + ((k * 37) % 50), (k * 7919) % 1000]);
    const rows: Partial<RowValues>[] = niks.map(([hi, lo], k) => ({
      ...base,
      nikState: IdState.Ok,
      nikHi: hi,
      nikLo: lo,
      kkState: k % 4 === 0 ? IdState.Malformed : IdState.Ok,
      kkHi: k % 4 === 0 ? 0 : 61710100 + (k % 7),
      kkLo: k % 4 === 0 ? 0 : 42,
      kkRaw: k % 4 === 0 ? `6171-01-${k}` : '',
    }));
    rows.push({ ...base, nikState: IdState.Malformed, nikRaw: '61710141-0585', recordId: 'x' });
    const f = buildFeatures(tableFromRows(rows));
    const values = [...new Set(niks.map(([hi, lo]) => idToString(hi, lo)))].sort();
    for (let i = 0; i < niks.length; i++) {
      const text = idToString(niks[i][0], niks[i][1]);
      // Clean ids keep no text (their halves are the digits); idDigitsOf spells them.
      expect(f.idText[i]).toBe('');
      expect(idDigitsOf(f, 'nik', i)).toBe(text);
      expect(hasIdDigits(f, 'nik', i)).toBe(true);
      expect(f.nikGroup[i]).toBe(values.indexOf(text) + 1);
      expect(idDigitsOf(f, 'kk', i)).toBe(i % 4 === 0 ? `617101${i}` : idToString(61710100 + (i % 7), 42));
      expect(f.kkText[i]).toBe(i % 4 === 0 ? `617101${i}` : '');
    }
    expect(f.idText[niks.length]).toBe('617101410585');
    expect(f.nikGroup[niks.length]).toBe(0);
    expect(idToString(7, 12)).toBe('0000000700000012');
  });

  it('gives addresses with the same normalised words the same key, numbered by first sight', () => {
    const addresses = ['JL. MERDEKA NO. 7', 'Jalan Merdeka 7', '', 'JL MERDEKA 07', 'GANG MAWAR RT 003', 'NO.', 'GG MAWAR RT 3', 'JL MERDEKA 7 A'];
    const f = buildFeatures(tableFromRows(addresses.map((address) => ({ ...base, address }))));
    expect(addressTokens('Jalan Merdeka 07')).toEqual(['JL', 'MERDEKA', '7']);
    expect(Array.from(f.addrKey)).toEqual([1, 1, 0, 1, 2, 0, 2, 3]);
  });
});
