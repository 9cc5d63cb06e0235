import { describe, expect, it } from 'vitest';
import { createDecoder } from '../src/load/decode.js';

describe('windows-1252 decoding', () => {
  it('maps bytes 0x80-0x9F to their windows-1252 characters (Node 20 TextDecoder does not)', () => {
    const d = createDecoder('windows-1252');
    // SYAFI’I  ANDRÉ  €  “ ”
    const bytes = Uint8Array.from([0x53, 0x59, 0x41, 0x46, 0x49, 0x92, 0x49, 0x20, 0x41, 0x4e, 0x44, 0x52, 0xc9, 0x20, 0x80, 0x20, 0x93, 0x94]);
    expect(d.decode(bytes)).toBe('SYAFI\u2019I ANDR\u00c9 \u20ac \u201c\u201d');
  });

  it('decodes latin1-labelled files the same way, chunk by chunk', () => {
    const d = createDecoder('latin1');
    expect(d.decode(Uint8Array.from([0x4e, 0x55, 0x52, 0x92]), { stream: true }) + d.decode(Uint8Array.from([0x41, 0x49, 0x4e, 0x49]))).toBe('NUR\u2019AINI');
  });

  it('keeps unassigned bytes (0x81) as they are rather than inventing a character', () => {
    expect(createDecoder('windows-1252').decode(Uint8Array.from([0x81]))).toBe('\u0081');
  });
});
