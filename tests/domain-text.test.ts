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

  it('interns a batch to the same ids as one at a time, through repeats, empties and growth', () => {
    // family members share an address; a batch of 128 spans several rehashes of a fresh dictionary
    const texts: string[] = [];
    for (let i = 0; i < 5_000; i++) texts.push(i % 7 === 0 ? '' : `JL. MELATI NO. ${Math.floor(i / 3) % 1_500} RT 00${i % 4}`);
    const one = new StringDictionary();
    const expected = texts.map((t) => one.id(t));
    const batched = new StringDictionary();
    const out = new Uint32Array(texts.length);
    for (let at = 0; at < texts.length; at += 128) {
      const batch = texts.slice(at, at + 128);
      batched.idsInto(batch, batch.length, out, at);
    }
    expect(Array.from(out)).toEqual(expected);
    expect(batched.values).toEqual(one.values);
    expect(new Set(expected).size).toBeGreaterThan(1_000);
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

  it('interns rows pushed past a batch and rows left pending at finish alike', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ name: `WARGA ${i % 90}`, address: i % 5 === 0 ? '' : `DUSUN ${i % 40}` }));
    const t = tableFromRows(rows);
    expect(t.size).toBe(300);
    for (let i = 0; i < 300; i++) {
      expect(nameOf(t, i)).toBe(rows[i].name);
      expect(addressOf(t, i)).toBe(rows[i].address);
    }
    expect(t.names.length).toBe(91);
  });
});
