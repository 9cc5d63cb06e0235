/**
 * Indonesian name normalisation (see shared/domain.md §5), table-driven so each rule is one row
 * that a test names. Two layers:
 *
 * - cosmeticName: what an officer would not call a different name (case, spacing, punctuation,
 *   diacritics, titles and degrees). Reconcile uses it to decide "the name differs between rosters".
 * - nameTokens: the full matching normalisation (Muhammad/Abdul/Nur/Siti families, pre-1972
 *   spelling, doubled letters, bin/binti tail, Balinese and Batak markers). Matching only.
 *
 * phoneticKey goes one step coarser (y/i, f/p/v, z/j, kh/h, sy/s, final -h) for token similarity
 * and blocking keys.
 */

/** Honorifics and titles written before a name. Compared without dots, upper case. */
export const PREFIX_TITLES: ReadonlySet<string> = new Set([
  'HJ', 'HAJI', 'HAJJAH', 'HAJAH', 'KH', 'KYAI', 'UST', 'USTADZ', 'USTAD', 'USTADZAH', 'PROF', 'DR',
  'DRS', 'DRA', 'IR', 'NY', 'NYONYA', 'TN', 'TUAN', 'SDR', 'SDRI', 'BPK', 'BAPAK', 'IBU', 'ALM',
  'ALMH', 'ALMARHUM', 'ALMARHUMAH',
]);

/**
 * Titles that are only stripped when written with a dot ("H. AHMAD"): bare "H" or "M" can be a real
 * initial, so the dot is the evidence.
 */
export const DOTTED_ONLY_TITLES: ReadonlySet<string> = new Set(['H']);

/** Titles marking a deceased person (a death signal for reconcile). */
export const DECEASED_TITLES: ReadonlySet<string> = new Set(['ALM', 'ALMH', 'ALMARHUM', 'ALMARHUMAH']);

/** Academic degrees written after a name, compared without dots. */
export const DEGREES: ReadonlySet<string> = new Set([
  'SPD', 'SPDI', 'SPDSD', 'SE', 'SH', 'SHI', 'SSOS', 'SKOM', 'ST', 'SAG', 'SKEP', 'SKM', 'SSI', 'SIP',
  'SFARM', 'SPSI', 'SKED', 'SPT', 'SSTP', 'STP', 'SHUT', 'SAB', 'SIKOM', 'SSN', 'SPSI', 'SGZ', 'STR',
  'SKEB', 'SAK', 'AMD', 'AMK', 'AMKEB', 'AMAPK', 'MSI', 'MM', 'MPD', 'MKES', 'MH', 'MAG', 'MT', 'MKOM',
  'MAP', 'MA', 'MSC', 'MBA', 'MHUM', 'MPDI', 'PHD', 'BSC', 'BA', 'SPOG', 'SPA', 'SPPD',
]);

/** Markers that start a patronymic tail ("AHMAD BIN SALEH"): the tail is optional evidence. */
export const PATRONYM_MARKERS: ReadonlySet<string> = new Set(['BIN', 'BINTI', 'BINT', 'BTE', 'BINTE']);

/** Batak words before a woman's marga (BR./BORU/BERU): dropped, the marga itself is kept. */
export const BATAK_CONNECTORS: ReadonlySet<string> = new Set(['BR', 'BORU', 'BERU']);

/** Balinese gender prefixes (I male, NI female), dropped when followed by a Balinese name word. */
export const BALINESE_GENDER_PREFIXES: ReadonlySet<string> = new Set(['I', 'NI']);

/** Balinese birth-order, gender and caste words (low information; frequency weighting handles them). */
export const BALINESE_WORDS: ReadonlySet<string> = new Set([
  'WAYAN', 'PUTU', 'GEDE', 'MADE', 'KADEK', 'NENGAH', 'NYOMAN', 'KOMANG', 'KETUT', 'LUH', 'GUSTI',
  'DEWA', 'DESAK', 'IDA', 'ANAK', 'AGUNG', 'AYU', 'BAGUS', 'COKORDA', 'TJOKORDA',
]);

/** Balinese abbreviations, applied only in a Balinese context (after I/NI). */
export const BALINESE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  MD: 'MADE', WYN: 'WAYAN', NYM: 'NYOMAN', KT: 'KETUT', KMG: 'KOMANG', GST: 'GUSTI', GD: 'GEDE', PT: 'PUTU',
};

/**
 * Variant spellings and abbreviations mapped to one canonical token. Keys are compared after the
 * cosmetic step (no dots), and again after the spelling reform rules.
 */
export const TOKEN_CANON: Readonly<Record<string, string>> = {
  // Muhammad family
  MUHAMMAD: 'MUHAMMAD', MUHAMAD: 'MUHAMMAD', MUHAMMAT: 'MUHAMMAD', MUHAMAT: 'MUHAMMAD',
  MOHAMMAD: 'MUHAMMAD', MOHAMAD: 'MUHAMMAD', MOHAMMED: 'MUHAMMAD', MOHAMED: 'MUHAMMAD',
  MUHAMMED: 'MUHAMMAD', MOCHAMMAD: 'MUHAMMAD', MOCHAMAD: 'MUHAMMAD', MOKHAMMAD: 'MUHAMMAD',
  MOKHAMAD: 'MUHAMMAD', MOEHAMMAD: 'MUHAMMAD', MOCH: 'MUHAMMAD', MOKH: 'MUHAMMAD', MOH: 'MUHAMMAD',
  MOHD: 'MUHAMMAD', MUH: 'MUHAMMAD', MUHD: 'MUHAMMAD', MHD: 'MUHAMMAD', MD: 'MUHAMMAD', MHMD: 'MUHAMMAD',
  MAMAD: 'MUHAMMAD',
  // Abdul family
  ABDUL: 'ABDUL', ABD: 'ABDUL', ABDOEL: 'ABDUL', ABDOL: 'ABDUL', ABDL: 'ABDUL',
  // Nur family
  NUR: 'NUR', NOOR: 'NUR', NOER: 'NUR', NURUL: 'NUR', NOORUL: 'NUR', NUUR: 'NUR',
  // Siti
  SITI: 'SITI', ST: 'SITI', SITTI: 'SITI', SITIH: 'SITI',
  // Ahmad
  AHMAD: 'AHMAD', ACHMAD: 'AHMAD', AKHMAD: 'AHMAD', AHMED: 'AHMAD', ACHMED: 'AHMAD', AHMD: 'AHMAD',
};

/**
 * Pre-1947 (Van Ophuijsen) and pre-1972 (Soewandi/EYD) spellings, in the order they are applied.
 * 'j' -> 'y' is only safe when one of the old markers oe/dj/tj/sj occurs in the same name (Djojo ->
 * Joyo, but modern Joko stays Joko), so it is a separate rule. nj -> ny also rewrites modern words
 * such as SIMANJUNTAK, but the same way on both sides of a comparison.
 */
export const SPELLING_RULES: readonly { id: string; from: string; to: string }[] = [
  { id: 'oe-u', from: 'OE', to: 'U' },
  { id: 'dj-j', from: 'DJ', to: 'J' },
  { id: 'tj-c', from: 'TJ', to: 'C' },
  { id: 'sj-sy', from: 'SJ', to: 'SY' },
  { id: 'nj-ny', from: 'NJ', to: 'NY' },
  { id: 'ch-kh', from: 'CH', to: 'KH' },
];
// NJ is not a marker: modern names keep it (PANJI, SIMANJUNTAK).
const OLD_MARKERS = /OE|DJ|TJ|SJ/;

/**
 * Coarser sound classes for phoneticKey (common-knowledge Indonesian variants, domain.md §5):
 * applied in order after spelling reform and doubled-letter collapse.
 */
export const PHONETIC_RULES: readonly { id: string; from: RegExp; to: string }[] = [
  { id: 'kh-h', from: /KH/g, to: 'H' },
  { id: 'sy-s', from: /SY/g, to: 'S' },
  { id: 'dz-z', from: /DZ/g, to: 'Z' },
  { id: 'th-t', from: /TH/g, to: 'T' },
  { id: 'dh-d', from: /DH/g, to: 'D' },
  { id: 'ph-f', from: /PH/g, to: 'F' },
  { id: 'q-k', from: /Q/g, to: 'K' },
  { id: 'x-ks', from: /X/g, to: 'KS' },
  { id: 'v-f-p', from: /[VF]/g, to: 'P' },
  { id: 'z-j', from: /Z/g, to: 'J' },
  { id: 'y-i', from: /Y/g, to: 'I' },
  { id: 'final-h', from: /([AEIOU])H$/, to: '$1' },
];

interface RawToken {
  text: string; // upper case, may contain dots and other punctuation
  afterComma: boolean;
}

function stripDiacritics(s: string): string {
  // Latin letters with accents (é, ü) come from Windows-1252 files; compare them as plain letters.
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

function compact(tok: string): string {
  return tok.replace(/[^A-Z0-9]/g, '');
}

function rawTokens(input: string): RawToken[] {
  const s = stripDiacritics(input)
    .toUpperCase()
    // "DR.H.AHMAD" and "M.RIZKI": a dot glued to the next word separates tokens.
    .replace(/\.(?=[A-Z])/g, '. ');
  const out: RawToken[] = [];
  let afterComma = false;
  for (const part of s.split(/(,)/)) {
    if (part === ',') {
      afterComma = true;
      continue;
    }
    for (const t of part.split(/[\s/]+/)) if (t !== '') out.push({ text: t, afterComma });
  }
  return out;
}

/** True when raw tokens from `start` (1..3 of them) spell a known degree such as S.Pd.I or A.Md. */
function degreeSpan(toks: RawToken[], start: number, end: number): boolean {
  const joined = toks
    .slice(start, end)
    .map((t) => compact(t.text))
    .join('');
  if (!DEGREES.has(joined)) return false;
  // Without a comma, a degree must carry its dots ("S.E."), so a name word such as "SE" survives.
  return toks[start].afterComma || toks.slice(start, end).some((t) => t.text.includes('.'));
}

/** Removes titles in front and degrees behind; returns the remaining raw tokens. */
function stripTitles(toks: RawToken[]): RawToken[] {
  let end = toks.length;
  // Degrees, from the end ("SITI AMINAH, S.Pd., M.Pd.").
  for (let guard = 0; guard < 8 && end > 1; guard++) {
    let cut = 0;
    for (let k = Math.min(3, end - 1); k >= 1; k--) {
      if (degreeSpan(toks, end - k, end)) {
        cut = k;
        break;
      }
    }
    if (cut === 0) break;
    end -= cut;
  }
  let start = 0;
  while (start < end - 1) {
    const t = toks[start].text;
    const c = compact(t);
    if (PREFIX_TITLES.has(c) || (DOTTED_ONLY_TITLES.has(c) && t.endsWith('.'))) start++;
    else break;
  }
  return toks.slice(start, end);
}

function cleanWords(toks: RawToken[]): string[] {
  const words: string[] = [];
  for (const t of toks) {
    // Apostrophes join (MA'RUF -> MARUF); hyphens and other marks separate (NUR-AINI -> NUR AINI).
    const parts = t.text
      .replace(/['`’‘]/g, '')
      .split(/[^A-Z]+/)
      .filter((p) => p !== '');
    words.push(...parts);
  }
  return words;
}

/**
 * The name without cosmetic differences: upper case, no diacritics, punctuation and digits removed,
 * known titles and degrees removed, single spaces. Nothing else changes (spelling is kept).
 */
export function cosmeticName(s: string): string {
  return cleanWords(stripTitles(rawTokens(s))).join(' ');
}

/** True when the written name carries Alm./Almh. (deceased). */
export function hasDeceasedTitle(s: string): boolean {
  return rawTokens(s).some((t) => DECEASED_TITLES.has(compact(t.text)));
}

/** Applies the spelling-reform rules to one upper-case word. */
export function modernSpelling(word: string, oldStyle: boolean): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const two = word.slice(i, i + 2);
    const rule = SPELLING_RULES.find((r) => r.from === two);
    if (rule) {
      out += rule.to;
      i++;
    } else if (oldStyle && word[i] === 'J') out += 'Y';
    else out += word[i];
  }
  return out;
}

function collapseDoubles(w: string): string {
  return w.replace(/([A-Z])\1+/g, '$1');
}

function canonicalToken(word: string, oldStyle: boolean): string {
  const direct = TOKEN_CANON[word];
  if (direct) return direct;
  const modern = modernSpelling(word, oldStyle);
  const viaModern = TOKEN_CANON[modern];
  if (viaModern) return viaModern;
  return collapseDoubles(modern);
}

/**
 * Most names arrive as upper-case letters and single spaces (PUTU AYU LESTARI). For those the
 * cosmetic step has nothing to do but drop leading titles: no diacritics, dots, commas or
 * apostrophes, and a degree is only one when written with dots or after a comma.
 */
const PLAIN_NAME = /^[A-Z]+(?: [A-Z]+)*$/;

function plainWords(s: string): string[] {
  const words = s.split(' ');
  let start = 0;
  while (start < words.length - 1 && PREFIX_TITLES.has(words[start])) start++;
  return start === 0 ? words : words.slice(start);
}

/**
 * canonicalToken remembered per word: a province's names reuse a few tens of thousands of words,
 * and the spelling rules walk each word letter by letter. Bounded, so a long-lived process does
 * not keep every word it has seen.
 */
const canonicalMemo = [new Map<string, string>(), new Map<string, string>()];
const CANONICAL_MEMO_SIZE = 1 << 16;

function canonicalTokenOf(word: string, oldStyle: boolean): string {
  const memo = canonicalMemo[oldStyle ? 1 : 0];
  let c = memo.get(word);
  if (c === undefined) {
    if (memo.size >= CANONICAL_MEMO_SIZE) memo.clear();
    c = canonicalToken(word, oldStyle);
    memo.set(word, c);
  }
  return c;
}

/** A name split for matching: main tokens and the optional bin/binti tail. */
export interface ParsedName {
  tokens: string[];
  patronym: string[];
}

/** Full matching normalisation, keeping the bin/binti tail apart. */
export function parseName(s: string): ParsedName {
  const words = PLAIN_NAME.test(s) ? plainWords(s) : cleanWords(stripTitles(rawTokens(s)));
  const oldStyle = OLD_MARKERS.test(words.join(' '));
  const main: string[] = [];
  const patronym: string[] = [];
  let inTail = false;
  for (let i = 0; i < words.length; i++) {
    let w = words[i];
    if (!inTail && i > 0 && PATRONYM_MARKERS.has(w) && i < words.length - 1) {
      inTail = true;
      continue;
    }
    const target = inTail ? patronym : main;
    if (BATAK_CONNECTORS.has(w) && target.length > 0 && i < words.length - 1) continue;
    const prev = i > 0 ? words[i - 1] : '';
    const balineseContext = BALINESE_GENDER_PREFIXES.has(prev) || BALINESE_WORDS.has(prev);
    if (balineseContext && BALINESE_ABBREVIATIONS[w]) w = BALINESE_ABBREVIATIONS[w];
    if (
      BALINESE_GENDER_PREFIXES.has(w) &&
      target.length === 0 &&
      i < words.length - 1 &&
      (BALINESE_WORDS.has(modernSpelling(words[i + 1], oldStyle)) || BALINESE_ABBREVIATIONS[words[i + 1]] !== undefined)
    ) {
      continue;
    }
    target.push(balineseContext && BALINESE_WORDS.has(w) ? w : canonicalTokenOf(w, oldStyle));
  }
  return { tokens: main, patronym };
}

/** Matching tokens: cosmetic step, then canonical families, modern spelling, no doubled letters,
 *  no bin/binti tail, no Balinese I/NI prefix, no Batak BR/BORU connector. */
export function nameTokens(s: string): string[] {
  return parseName(s).tokens;
}

/** A coarse sound key for one matching token (SYAMSUL ~ SAMSUL, FATIMAH ~ PATIMA, ZAINAL ~ JAINAL). */
export function phoneticKey(token: string): string {
  let k = token;
  for (const r of PHONETIC_RULES) k = k.replace(r.from, r.to);
  return collapseDoubles(k);
}
