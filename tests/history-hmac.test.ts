import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdState } from '../src/domain/fields.js';
import type { Finding, RecordRef } from '../src/domain/finding.js';
import { tableFromRows, type RecordTable, type RowValues } from '../src/domain/table.js';
import { fingerprintMaterial, recordIdentity } from '../src/history/fingerprint.js';
import { HmacSha256 } from '../src/history/hmac.js';

// Fingerprints are stored in the history and in officers' baselines: the hand-written HMAC must give
// exactly node:crypto's bytes, or every finding would turn "new" and every acceptance stop applying.
const reference = (key: Uint8Array, text: string, bytes: number) => createHmac('sha256', key).update(text).digest().subarray(0, bytes).toString('base64url');

describe('HmacSha256', () => {
  it('matches createHmac on random keys and texts of every block boundary', () => {
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    // ASCII, Indonesian names, the separators fingerprints use, CJK, an emoji (surrogate pair), lone surrogates.
    const pieces = ['a', 'Z', '6171', ' ', '\u0000', '\u0001', '|', 'SITI ÄMINAH', 'é', '日', '😀', '\ud800', '\udfff'];
    for (const keyLength of [0, 1, 16, 32, 63, 64, 65, 100]) {
      const key = randomBytes(keyLength);
      const mac = new HmacSha256(key);
      for (let r = 0; r < 120; r++) {
        let text = '';
        for (let k = next() % 90; k > 0; k--) text += pieces[next() % pieces.length];
        expect(mac.base64url(text, 16)).toBe(reference(key, text, 16));
      }
    }
  });

  it('matches at the padding edges (55, 56, 63, 64 bytes) and on a long text, reusing one instance', () => {
    const key = Buffer.from('a'.repeat(64), 'hex');
    const mac = new HmacSha256(key);
    for (const n of [0, 55, 56, 57, 63, 64, 65, 119, 120, 128, 5000]) {
      const text = 'x'.repeat(n);
      expect(mac.base64url(text, 16)).toBe(reference(key, text, 16));
      expect(mac.base64url(text, 32)).toBe(reference(key, text, 32));
    }
  });
});

describe('fingerprint material', () => {
  // The text that is MACed, as first written (arrays, a default sort, a join): the concatenating
  // version must give the same text, or every fingerprint would change.
  function endpointRef(t: RecordTable, ref: RecordRef, f: Finding, isOther: boolean): string {
    let who = ref.index !== undefined ? recordIdentity(t, ref.index) : '';
    if (who === '' && ref.recordId !== '') who = `rid:${ref.recordId}`;
    if (who === '' && !isOther && ref.index === undefined && f.value) who = `val:${f.field ?? ''}=${f.value}`;
    if (who === '' && ref.line > 0) who = `line:${ref.line}`;
    return `${ref.source}\u0001${who}`;
  }
  function materialRef(f: Finding, t: RecordTable): string {
    const a = endpointRef(t, f, f, false);
    let ends: string[];
    if (f.other === undefined) ends = [a];
    else if (f.other.index !== undefined || f.other.line > 0) ends = [a, endpointRef(t, f.other, f, true)].sort();
    else ends = [a, `to\u0001${f.other.source}`];
    return ['v1', f.kind, f.code, f.program ?? '', f.field ?? '', ...ends].join('\u0000');
  }

  it('is the text the array-and-join version gave, for every kind of endpoint and pair order', () => {
    const people: Partial<RowValues>[] = [
      { nikHi: 61710545, nikLo: 8900903, nikState: IdState.Ok, name: 'SITI AMINAH', birth: 19900805 },
      { nikState: IdState.Malformed, nikRaw: '617105120379090', name: 'Joko  Widodo', birth: 19790312 },
      { name: 'DEWI LESTARI' },
      { recordId: 'P-0042' },
      { nikRaw: '61710' },
      {},
    ];
    const table = tableFromRows(people.map((p, i) => ({ ...p, source: i % 2, line: i + 2 })));
    const sources = ['kab_6171', 'kemensos_pkh', 'Kab_6171'];
    let seed = 17;
    const next = (m: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % m;
    for (let k = 0; k < 2000; k++) {
      const ref = (): RecordRef => {
        const r: RecordRef = { source: sources[next(3)], line: next(3), recordId: next(3) ? '' : 'R-9' };
        if (next(4)) r.index = next(people.length);
        return r;
      };
      const f: Finding = { kind: 'out_of_sync', code: next(2) ? 'out_of_sync.field' : 'missing.from_source', severity: 'warning', ...ref() };
      if (next(3)) f.other = ref();
      if (next(2)) f.program = 'PKH';
      if (next(2)) f.field = 'name';
      if (next(3) === 0) f.value = 'SITI';
      expect(fingerprintMaterial(f, table)).toBe(materialRef(f, table));
    }
  });
});
