import { describe, expect, it } from 'vitest';
import { TextDecoder } from 'node:util';
import { createDecoder, type ReadEncoding } from '../src/load/decode.js';

/** Decodes `bytes` cut into pieces of the given sizes (cycled), as the loader does chunk by chunk. */
function decodeInPieces(encoding: ReadEncoding, bytes: Uint8Array, sizes: number[]): string {
  const d = createDecoder(encoding);
  let out = '';
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    out += d.decode(bytes.subarray(at, at + n), { stream: true });
    at += n;
  }
  return out + d.decode();
}

describe('chunk decoding with all-ASCII chunks read directly', () => {
  // ASCII runs long enough to make whole ASCII chunks, with a BOM, two- and three-byte letters and
  // bytes that are not UTF-8 between them
  const ascii = 'NIK;NAMA;ALAMAT\n6171011708600001;SITI AMINAH;JL. MAWAR 1\n'.repeat(3);
  const parts = [
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(ascii),
    Buffer.from('SU\u00d1ARTI;SYAFI\u2019I\n'),
    Buffer.from(ascii),
    Buffer.from([0xd1, 0x41, 0xe2, 0x80]),
    Buffer.from(ascii),
    Buffer.from('\ufeffAND\u00c9'),
    Buffer.from(ascii),
    Buffer.from([0xe2, 0x80, 0x99]),
  ];
  const bytes = new Uint8Array(Buffer.concat(parts));
  const whole = new TextDecoder('utf-8').decode(bytes);

  it('gives the same UTF-8 text for every cut, a BOM dropped only at the start', () => {
    expect(whole.startsWith('NIK')).toBe(true);
    expect(whole).toContain('\ufeffAND\u00c9'); // a U+FEFF inside the file is text
    expect(whole).toContain('\ufffd');
    for (let size = 1; size <= 64; size++) expect(decodeInPieces('utf-8', bytes, [size]), `pieces of ${size}`).toBe(whole);
    for (const sizes of [[2, 200], [181, 1], [3, 60, 5, 181], [bytes.length]]) expect(decodeInPieces('utf-8', bytes, sizes)).toBe(whole);
  });

  it('gives the same windows-1252 text for every cut', () => {
    const cp = new Uint8Array(Buffer.concat([Buffer.from(ascii), Buffer.from([0x92, 0xd1, 0x80]), Buffer.from(ascii), Buffer.from([0x81])]));
    const expected = decodeInPieces('windows-1252', cp, [cp.length]);
    expect(expected).toContain('\u2019\u00d1\u20ac');
    for (let size = 1; size <= 40; size++) expect(decodeInPieces('windows-1252', cp, [size]), `pieces of ${size}`).toBe(expected);
  });
});
