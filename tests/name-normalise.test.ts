import { describe, expect, it } from 'vitest';
import { cosmeticName, hasDeceasedTitle, modernSpelling, nameTokens, parseName, phoneticKey, SPELLING_RULES } from '../src/domain/name.js';

describe('cosmeticName', () => {
  it('unifies case, spacing, punctuation and diacritics only', () => {
    expect(cosmeticName('  siti   aminah ')).toBe('SITI AMINAH');
    expect(cosmeticName("Ma'ruf Amin")).toBe('MARUF AMIN');
    expect(cosmeticName('NUR-AINI')).toBe('NUR AINI');
    expect(cosmeticName('André Wijaya')).toBe('ANDRE WIJAYA');
    // Spelling is not cosmetic: reconcile must still see Soeharto vs Suharto as a name difference.
    expect(cosmeticName('SOEHARTO')).toBe('SOEHARTO');
    expect(cosmeticName('MUHAMAD RIZKI')).toBe('MUHAMAD RIZKI');
  });

  it.each([
    ['H. AHMAD DAHLAN', 'AHMAD DAHLAN'],
    ['HJ. SITI AMINAH', 'SITI AMINAH'],
    ['Hj Siti Aminah', 'SITI AMINAH'],
    ['HAJI MUHAMMAD YUSUF', 'MUHAMMAD YUSUF'],
    ['DRS. BAMBANG SUTRISNO', 'BAMBANG SUTRISNO'],
    ['DR.H.AHMAD FAUZI', 'AHMAD FAUZI'],
    ['Prof. Dr. Ir. Hasan Basri', 'HASAN BASRI'],
    ['NY. SUMARNI', 'SUMARNI'],
    ['ALM. SUPARMAN', 'SUPARMAN'],
    ['ALMH. SUKINEM', 'SUKINEM'],
    ['KH. ABDUL HAMID', 'ABDUL HAMID'],
  ])('strips the prefix title in %s', (raw, want) => {
    expect(cosmeticName(raw)).toBe(want);
  });

  it.each([
    ['SITI AMINAH, S.Pd.', 'SITI AMINAH'],
    ['RINA WATI, S.Pd.I', 'RINA WATI'],
    ['AHMAD FAUZI, S.E., M.Si.', 'AHMAD FAUZI'],
    ['BUDI SANTOSO, S.H.', 'BUDI SANTOSO'],
    ['DEWI LESTARI, A.Md.', 'DEWI LESTARI'],
    ['YULI ASTUTI S.Kep.', 'YULI ASTUTI'],
    ['HENDRA S. Kom.', 'HENDRA'],
  ])('strips the degree in %s', (raw, want) => {
    expect(cosmeticName(raw)).toBe(want);
  });

  it('keeps words that only look like titles', () => {
    // A bare H can be a real initial; SE without dots is a name word; ST. in front is Siti.
    expect(cosmeticName('H SUPARMAN')).toBe('H SUPARMAN');
    expect(cosmeticName('AGUS SE')).toBe('AGUS SE');
    expect(cosmeticName('ST. AMINAH')).toBe('ST AMINAH');
    expect(cosmeticName('IBU')).toBe('IBU');
  });

  it('flags Alm./Almh. as a death signal', () => {
    expect(hasDeceasedTitle('ALM. SUPARMAN')).toBe(true);
    expect(hasDeceasedTitle('Almarhumah Sukinem')).toBe(true);
    expect(hasDeceasedTitle('ALMA DEWI')).toBe(false);
  });
});

describe('nameTokens', () => {
  it.each([
    ['MUHAMMAD RIZKI'],
    ['MUHAMAD RIZKI'],
    ['MOHAMMAD RIZKI'],
    ['MOCHAMMAD RIZKI'],
    ['MOCH. RIZKI'],
    ['MOH RIZKI'],
    ['MUH. RIZKI'],
    ['MHD RIZKI'],
    ['Mohd. Rizki'],
  ])('maps the Muhammad family: %s', (raw) => {
    expect(nameTokens(raw)).toEqual(['MUHAMMAD', 'RIZKI']);
  });

  it('keeps M. as an initial rather than guessing Muhammad', () => {
    expect(nameTokens('M. RIZKI')).toEqual(['M', 'RIZKI']);
  });

  it('maps Abdul, Nur and Siti families', () => {
    expect(nameTokens('ABD. MUIS')).toEqual(['ABDUL', 'MUIS']);
    expect(nameTokens('ABDOEL KADIR')).toEqual(['ABDUL', 'KADIR']);
    expect(nameTokens('NURUL HIDAYAH')).toEqual(['NUR', 'HIDAYAH']);
    expect(nameTokens('NOOR AINI')).toEqual(['NUR', 'AINI']);
    expect(nameTokens('St. Rohani')).toEqual(['SITI', 'ROHANI']);
    expect(nameTokens('SITTI ROHANI')).toEqual(['SITI', 'ROHANI']);
  });

  it('applies each spelling-reform rule', () => {
    const cases: Record<string, [string, string]> = {
      'oe-u': ['SOEHARTO', 'SUHARTO'],
      'dj-j': ['DJUMINAH', 'JUMINAH'],
      'tj-c': ['TJITRA', 'CITRA'],
      'sj-sy': ['SJAMSUDIN', 'SYAMSUDIN'],
      'nj-ny': ['NJOMAN', 'NYOMAN'],
      'ch-kh': ['CHAIRUL', 'KHAIRUL'],
    };
    for (const r of SPELLING_RULES) {
      const [old, modern] = cases[r.id];
      expect(nameTokens(old), r.id).toEqual(nameTokens(modern));
    }
  });

  it('turns j into y only when the name is in old spelling', () => {
    expect(nameTokens('TJAHJONO')).toEqual(['CAHYONO']);
    expect(nameTokens('DJOJO SOEWARNO')).toEqual(['JOYO', 'SUWARNO']);
    expect(nameTokens('DJOKO')).toEqual(nameTokens('JOKO'));
    // Modern spelling: Joko and Jumadi keep their j.
    expect(nameTokens('JOKO JUMADI')).toEqual(['JOKO', 'JUMADI']);
    expect(modernSpelling('JAJANG', false)).toBe('JAJANG');
  });

  it('collapses doubled letters', () => {
    expect(nameTokens('ABDULLAH')).toEqual(nameTokens('ABDULAH'));
    expect(nameTokens('ANNISA')).toEqual(nameTokens('ANISA'));
  });

  it('sets the bin/binti tail apart', () => {
    expect(nameTokens('AHMAD BIN SALEH')).toEqual(['AHMAD']);
    expect(parseName('SITI AISYAH BINTI ABDULLAH')).toEqual({ tokens: ['SITI', 'AISYAH'], patronym: ['ABDULAH'] });
    // "BIN" alone at the end is not a tail marker.
    expect(nameTokens('AHMAD BIN')).toEqual(['AHMAD', 'BIN']);
  });

  it('drops the Balinese I/NI prefix before a Balinese name word', () => {
    expect(nameTokens('I WAYAN SUDIRTA')).toEqual(['WAYAN', 'SUDIRTA']);
    expect(nameTokens('NI MADE SUARTINI')).toEqual(['MADE', 'SUARTINI']);
    expect(nameTokens('NI NJOMAN YASMINI')).toEqual(nameTokens('Ni Nyoman Yasmini'));
    expect(nameTokens('I MD SUDIRTA')).toEqual(['MADE', 'SUDIRTA']);
    // Not Balinese: an initial I stays.
    expect(nameTokens('I KURNIAWAN')).toEqual(['I', 'KURNIAWAN']);
  });

  it('drops the Batak BR./BORU/BERU connector and keeps the marga', () => {
    expect(nameTokens('RUGUN BR. SIMANJUNTAK')).toEqual(nameTokens('RUGUN SIMANJUNTAK'));
    expect(nameTokens('RUGUN BORU SIMANJUNTAK')).toHaveLength(2);
    expect(nameTokens('RIA BERU GINTING')).toEqual(['RIA', 'GINTING']);
    expect(nameTokens('NY. SIREGAR BORU NASUTION')).toEqual(['SIREGAR', 'NASUTION']);
    // A modern nj does not make the name "old style": Joko keeps its j.
    expect(nameTokens('JOKO SIMANJUNTAK')[0]).toBe('JOKO');
  });

  it('normalises a realistic roster name end to end', () => {
    expect(nameTokens('HJ. St. Noerhajati binti H. Moch. Soeparman, S.Pd.')).toEqual(['SITI', 'NURHAYATI']);
  });
});

describe('phoneticKey', () => {
  it.each([
    ['SYAMSUL', 'SAMSUL'],
    ['FATIMAH', 'PATIMAH'],
    ['ZAINAL', 'JAINAL'],
    ['KHADIJAH', 'HADIJAH'],
    ['TAUFIQ', 'TAUFIK'],
    ['YANTI', 'IANTI'],
    ['HASANAH', 'HASANA'],
    ['RAMADHAN', 'RAMADAN'],
  ])('puts %s and %s in one sound class', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
  });

  it('keeps different names apart', () => {
    expect(phoneticKey('HASAN')).not.toBe(phoneticKey('HUSIN'));
    expect(phoneticKey('RINA')).not.toBe(phoneticKey('RINI'));
  });
});
