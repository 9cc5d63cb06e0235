import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdState } from '../src/domain/fields.js';
import type { Finding, RecordRef } from '../src/domain/finding.js';
import { tableFromRows, type RecordTable, type RowValues } from '../src/domain/table.js';
import { fingerprintFindings, fingerprintMaterial, fingerprintOf } from '../src/history/fingerprint.js';
import { HmacSha256 } from '../src/history/hmac.js';
import { macMaterial, packMaterial, splitFingerprints } from '../src/history/job.js';

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
        // The same text already in UTF-8, somewhere inside a larger buffer (the history job's way).
        const utf8 = new TextEncoder().encode(text);
        const at = next() % 7;
        const buffer = new Uint8Array(at + utf8.length + 5).fill(0x41);
        buffer.set(utf8, at);
        expect(mac.base64urlOfBytes(buffer, at, at + utf8.length, 16)).toBe(reference(key, text, 16));
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

describe('fingerprints', () => {
  // Fingerprints already stored in histories and baselines were made by the first version: node:crypto
  // createHmac over the material built with arrays, a default sort and a join (commit 3597f7e). The
  // values below are what that version gave for these 2000 findings under KEY; the rewrite must keep
  // every one, whichever endpoint (NIK, name+birth, record id, raw NIK, value, line) and pair order.
  const KEY = new Uint8Array(32).map((_, i) => i * 7 + 1);
  const FIRST = ['01MqTktuuA42SzirWIp9AA', 'FdeIXzoFYFEM7s5dK-JhTQ', 'adJNuVvjlFjpjdeiT1dX6g', 'adJNuVvjlFjpjdeiT1dX6g', '2qzeeIjVDtlm0OlMidX15w', 'd11pDPe54G6Vk5N269AJ2Q'];
  const ALL_SHA256 = '380ef3f5404b409fbaad5caeafc41c969208a6806f897f22d928662a7f7ceaf6';

  function sample(): { table: RecordTable; findings: Finding[] } {
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
    const findings: Finding[] = [];
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
      findings.push(f);
    }
    return { table, findings };
  }

  it('are the ones the first (createHmac, array-and-join) version gave, for every kind of endpoint and pair order', () => {
    const { table, findings } = sample();
    const fps = fingerprintFindings(findings, table, KEY);
    expect(fps.slice(0, FIRST.length)).toEqual(FIRST);
    expect(createHash('sha256').update(fps.join('\n')).digest('hex')).toBe(ALL_SHA256);
  });

  it('are the same through the history job (materials packed as UTF-8, MACed elsewhere)', () => {
    const { table, findings } = sample();
    const packed = packMaterial(findings, table);
    expect(packed.ends.length).toBe(findings.length);
    const fps = macMaterial({ key: KEY, ...packed });
    expect(fps).toEqual(fingerprintFindings(findings, table, KEY));
    expect(createHash('sha256').update(fps.join('\n')).digest('hex')).toBe(ALL_SHA256);
    expect(splitFingerprints(fps.join(''))).toEqual(fps);
  });

  it('are createHmac of the material, 128 bits, one at a time or in bulk', () => {
    const { table, findings } = sample();
    const bulk = fingerprintFindings(findings, table, KEY);
    findings.forEach((f, k) => {
      expect(bulk[k]).toBe(reference(KEY, fingerprintMaterial(f, table), 16));
      if (k % 50 === 0) expect(fingerprintOf(f, table, KEY)).toBe(bulk[k]);
    });
  });
});
