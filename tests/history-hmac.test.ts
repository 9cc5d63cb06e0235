import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
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
