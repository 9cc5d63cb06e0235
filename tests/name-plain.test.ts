import { describe, expect, it } from 'vitest';
import { parseName } from '../src/domain/name.js';

// parseName takes a shorter road for names of plain upper-case words; these pin that it lands
// where the full cosmetic step does.
describe('parseName on plain upper-case names', () => {
  it('drops leading titles but keeps a lone title and undotted H or degree letters', () => {
    expect(parseName('HJ SITI AMINAH').tokens).toEqual(parseName('Hj. Siti Aminah').tokens);
    expect(parseName('HJ SITI AMINAH').tokens).toEqual(['SITI', 'AMINAH']);
    expect(parseName('NY HJ SITI AMINAH').tokens).toEqual(['SITI', 'AMINAH']);
    expect(parseName('IBU').tokens).toEqual(['IBU']);
    expect(parseName('H AHMAD').tokens).toEqual(['H', 'AHMAD']);
    expect(parseName('H. AHMAD').tokens).toEqual(['AHMAD']);
    expect(parseName('SITI AMINAH SE').tokens).toEqual(['SITI', 'AMINAH', 'SE']);
    expect(parseName('SITI AMINAH, S.E.').tokens).toEqual(['SITI', 'AMINAH']);
  });

  it('keeps the bin/binti tail, Batak and Balinese rules', () => {
    expect(parseName('AHMAD BIN SALEH')).toEqual({ tokens: ['AHMAD'], patronym: ['SALEH'] });
    expect(parseName('RUSLAN BR SIREGAR').tokens).toEqual(parseName('Ruslan br. Siregar').tokens);
    expect(parseName('NI WYN SUKERTI').tokens).toEqual(['WAYAN', 'SUKERTI']);
  });

  it('spells a word by its own name\'s old or new style each time it recurs', () => {
    expect(parseName('JOKO JONO').tokens).toEqual(['JOKO', 'JONO']);
    expect(parseName('DJOKO JONO').tokens).toEqual(['JOKO', 'YONO']);
    expect(parseName('JOKO JONO').tokens).toEqual(['JOKO', 'JONO']);
    expect(parseName('MOCH NOER').tokens).toEqual(['MUHAMMAD', 'NUR']);
  });
});
