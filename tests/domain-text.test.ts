import { describe, expect, it } from 'vitest';
import { StringDictionary } from '../src/domain/text.js';
import { addressOf, nameOf, tableFromRows } from '../src/domain/table.js';

describe('StringDictionary', () => {
  it('gives one dense id per distinct text, 0 for empty', () => {
    const d = new StringDictionary();
    const names = ['SITI AMINAH', 'Siti Aminah', 'SITI AMINAH', '', 'MUHAMMAD RIZKI BIN ABDULLAH', 'SITI AMINAH'];
    const ids = names.map((n) => d.id(n));
    expect(ids).toEqual([1, 2, 1, 0, 3, 1]);
    expect(d.values).toEqual(['', 'SITI AMINAH', 'Siti Aminah', 'MUHAMMAD RIZKI BIN ABDULLAH']);
  });

  it('keeps ids apart for many distinct texts spread over its shards', () => {
    const d = new StringDictionary();
    for (let i = 0; i < 50_000; i++) expect(d.id(`WARGA ${i} DESA SUKAMAJU`)).toBe(i + 1);
    for (let i = 0; i < 50_000; i += 997) expect(d.id(`WARGA ${i} DESA SUKAMAJU`)).toBe(i + 1);
    expect(d.values.length).toBe(50_001);
  });
});

describe('RecordTable interning', () => {
  it('stores each distinct name and address once and indexes it per row', () => {
    const t = tableFromRows([
      { name: 'SITI AMINAH', address: 'JL. MERDEKA NO. 5' },
      { name: 'BUDI SANTOSO', address: 'JL. MERDEKA NO. 5' },
      { name: 'SITI AMINAH', address: '' },
    ]);
    expect(Array.from(t.nameId)).toEqual([1, 2, 1]);
    expect(Array.from(t.addressId)).toEqual([1, 1, 0]);
    expect(t.names).toEqual(['', 'SITI AMINAH', 'BUDI SANTOSO']);
    expect([0, 1, 2].map((i) => nameOf(t, i))).toEqual(['SITI AMINAH', 'BUDI SANTOSO', 'SITI AMINAH']);
    expect(addressOf(t, 2)).toBe('');
  });
});
