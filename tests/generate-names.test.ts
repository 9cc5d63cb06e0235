import { describe, expect, it } from 'vitest';
import { cosmeticName } from '../src/domain/name.js';
import { Rng } from '../src/domain/rng.js';
import {
  BALINESE_BIRTH_ORDER,
  BATAK_MARGA,
  cosmeticVariant,
  ETHNICITIES,
  MUHAMMAD_VARIANTS,
  nameVariant,
  OLD_SPELLING_PAIRS,
  personName,
  type Sex,
} from '../src/generate/names.js';

function samples(n: number, seed = 1): { name: string; sex: Sex; rng: Rng }[] {
  const rng = new Rng(seed);
  const out: { name: string; sex: Sex; rng: Rng }[] = [];
  for (let i = 0; i < n; i++) {
    const sex: Sex = rng.chance(0.5) ? 'L' : 'P';
    out.push({ name: personName(rng, { ethnicity: rng.pick(ETHNICITIES), sex, birthYear: rng.int(1935, 2020) }), sex, rng });
  }
  return out;
}

describe('generated names', () => {
  it('are upper-case Latin words within the 60-character limit', () => {
    for (const { name } of samples(3000)) {
      expect(name).toMatch(/^[A-Z][A-Z.' -]*[A-Z.]$/);
      expect(name.length).toBeLessThanOrEqual(60);
    }
  });

  it('follow Balinese and Batak conventions', () => {
    const rng = new Rng(9);
    const orderWords = new Set(BALINESE_BIRTH_ORDER.flat());
    for (let i = 0; i < 300; i++) {
      const order = rng.int(1, 8);
      const bali = personName(rng, { ethnicity: 'balinese', sex: 'P', birthOrder: order }).split(' ');
      // The 5th child starts the cycle again (Wayan/Putu/Gede).
      expect(bali.some((w) => BALINESE_BIRTH_ORDER[(order - 1) % 4].includes(w))).toBe(true);
      expect(bali.filter((w) => orderWords.has(w)).length).toBe(1);
      const woman = personName(rng, { ethnicity: 'batak', sex: 'P', marga: 'SIREGAR' });
      expect(woman).toMatch(/ (BR\.|BR|BORU) SIREGAR$/);
      expect(personName(rng, { ethnicity: 'batak', sex: 'P', marga: 'GINTING' })).toMatch(/ BERU GINTING$/);
      expect(BATAK_MARGA).toContain(personName(rng, { ethnicity: 'batak', sex: 'L' }).split(' ').pop());
    }
  });

  it('keep old spellings only for people born before 1972', () => {
    const old = new Set(OLD_SPELLING_PAIRS.map(([o]) => o));
    const rng = new Rng(4);
    let oldSeen = 0;
    for (let i = 0; i < 4000; i++) {
      const young = personName(rng, { ethnicity: 'javanese', sex: 'L', birthYear: 1990 });
      expect(young.split(' ').some((w) => old.has(w) && w !== 'DJOKO'), young).toBe(false); // DJOKO is also in the modern list
      if (personName(rng, { ethnicity: 'javanese', sex: 'L', birthYear: 1950 }).split(' ').some((w) => old.has(w))) oldSeen++;
    }
    expect(oldSeen).toBeGreaterThan(50);
  });

  it('cosmetic variants normalise to the same name; spelling variants do not', () => {
    for (const { name, sex, rng } of samples(2000, 3)) {
      const cosmetic = cosmeticVariant(rng, name, sex);
      expect(cosmeticName(cosmetic), `${name} / ${cosmetic}`).toBe(cosmeticName(name));
      const variant = nameVariant(rng, name);
      expect(cosmeticName(variant), `${name} / ${variant}`).not.toBe(cosmeticName(name));
    }
  });

  it('spell Muhammad many ways when retyped', () => {
    const rng = new Rng(2);
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) seen.add(nameVariant(rng, 'MUHAMMAD YUSUF').split(' ')[0]);
    expect([...seen].filter((w) => (MUHAMMAD_VARIANTS as readonly string[]).includes(w)).length).toBeGreaterThan(8);
  });
});
