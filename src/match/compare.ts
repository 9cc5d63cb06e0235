import { distance as levenshtein } from 'fastest-levenshtein';
import { birthText } from '../domain/ids.js';
import { idDigitsOf, type Features, type Vocab } from './features.js';
import { addressOf, nameOf, type RecordTable } from '../domain/table.js';
import { IdEdit, idEdit, idEditHalves, jaroWinkler, lastFirstDiff } from './strings.js';

/**
 * The comparison library. Each comparator is named, parametrised, and maps a record pair to one of
 * an ordered list of levels: level 0 is always "null" (a value is missing, so the field says
 * nothing), then from the strongest agreement down to "else". The Fellegi-Sunter model learns one
 * weight per level, so every score is a sum of named, explainable parts.
 */
export interface Comparator {
  /** Canonical field name shown in explanations. */
  readonly field: string;
  /** Comparator kind and parameters, for the record (e.g. "name(close>=0.92, similar>=0.8)"). */
  readonly name: string;
  readonly levels: readonly string[];
  /** Starting m-probabilities for the non-null levels (EM refines them). */
  readonly mStart: readonly number[];
  /** Levels whose weight is adjusted by how common the agreeing value is (names). */
  readonly tfLevels?: readonly number[];
  /**
   * Household-level evidence (KK, region, address): shared by everyone in a family, so letting it
   * drive EM makes EM find "same household" instead of "same person". Such fields do not take part
   * in EM's E-step; their m/u are estimated from the posteriors of the person-level fields.
   */
  readonly household?: boolean;
  /**
   * Costly to compare (token similarities). Compared last, and only for a pair whose other fields
   * leave it a chance to reach the review threshold (see score() in index.ts).
   */
  readonly costly?: boolean;
  compare(f: Features, i: number, j: number, scratch: CompareScratch): number;
  display(f: Features, i: number): string;
}

/** Per-call side output: the frequency of the agreeing value for term-frequency levels. */
export interface CompareScratch {
  freq: number;
}

export function newScratch(): CompareScratch {
  return { freq: 0 };
}

/** Positions of a 16-digit NIK's DDMMYY part. */
const NIK_DATE_START = 6;
const NIK_DATE_END = 12;

/** True when a NIK's coded DD (women: DD + 40), MM and YY are the record's yyyymmdd birth date. */
function codedDateAgrees(dd: number, mm: number, yy: number, birth: number): boolean {
  if (birth <= 0) return false;
  return dd % 40 === birth % 100 && mm === Math.floor(birth / 100) % 100 && yy === Math.floor(birth / 10000) % 100;
}

/** True when a 16-digit NIK's DDMMYY (women: DD + 40) is the record's yyyymmdd birth date. */
export function nikDateAgrees(nik: string, birth: number): boolean {
  return codedDateAgrees(Number(nik.slice(6, 8)), Number(nik.slice(8, 10)), Number(nik.slice(10, 12)), birth);
}

/** nikDateAgrees for a NIK given as its two 8-digit halves (DD ends the first, MMYY opens the second). */
function nikHalvesDateAgrees(hi: number, lo: number, birth: number): boolean {
  return codedDateAgrees(hi % 100, Math.floor(lo / 1e6), Math.floor(lo / 1e4) % 100, birth);
}

/**
 * The cheap compared fields of each record packed into one row of ROW_WORDS int32 words
 * (Features.compareRows), so that comparing a pair reads one cache line per record: from nine
 * separate per-record arrays, a fuzzy-tier pair at 10M records took a cache miss for each.
 * Halves of unclean identifiers are stored but never read.
 */
export const ROW_WORDS = 8;
const W_NIK_HI = 0;
const W_NIK_LO = 1;
const W_KK_HI = 2;
const W_KK_LO = 3;
const W_BIRTH = 4;
/** 0 without a region, else 1 + a dense id of its digits (equal digits, equal id). */
const W_REGION = 5;
/** The region's first six digits, zero-padded, plus (digits known, 0/2/4/6) / 2 << 20. */
const W_REGION_PREFIX = 6;
const W_FLAGS = 7;
const NIK_CLEAN = 1;
const KK_CLEAN = 2;
/** The NIK / KK has digits to compare (clean, or its idText / kkText is not ''). */
const NIK_TEXT = 64;
const KK_TEXT = 128;
const SEX_SHIFT = 2;
const SCHEME_SHIFT = 4;
const PREFIX_BITS = 20;

export function packCompareRows(
  t: RecordTable,
  idClean: Uint8Array,
  kkClean: Uint8Array,
  birth: Int32Array,
  regionDigits: readonly string[],
  regionScheme: Uint8Array,
  idText: readonly string[],
  kkText: readonly string[],
): Int32Array {
  // Per region dictionary entry first (one Map entry per distinct code, not per record).
  const digitsId = new Map<string, number>();
  const regionKey = new Int32Array(regionDigits.length);
  const regionPrefix = new Int32Array(regionDigits.length);
  for (let r = 1; r < regionDigits.length; r++) {
    const d = regionDigits[r];
    let id = digitsId.get(d);
    if (id === undefined) digitsId.set(d, (id = digitsId.size + 1));
    regionKey[r] = id;
    const known = Math.min(6, d.length - (d.length % 2));
    regionPrefix[r] = Number(d.slice(0, known).padEnd(6, '0')) | ((known / 2) << PREFIX_BITS);
  }
  const n = t.size;
  const rows = new Int32Array(n * ROW_WORDS);
  for (let i = 0, o = 0; i < n; i++, o += ROW_WORDS) {
    rows[o + W_NIK_HI] = t.nikHi[i];
    rows[o + W_NIK_LO] = t.nikLo[i];
    rows[o + W_KK_HI] = t.kkHi[i];
    rows[o + W_KK_LO] = t.kkLo[i];
    rows[o + W_BIRTH] = birth[i];
    const r = t.region[i];
    rows[o + W_REGION] = regionKey[r];
    rows[o + W_REGION_PREFIX] = regionPrefix[r];
    rows[o + W_FLAGS] =
      idClean[i] | (kkClean[i] << 1) | (t.sex[i] << SEX_SHIFT) | (regionScheme[r] << SCHEME_SHIFT) | (idClean[i] === 1 || idText[i] !== '' ? NIK_TEXT : 0) | (kkClean[i] === 1 || kkText[i] !== '' ? KK_TEXT : 0);
  }
  return rows;
}

/** First position where two equal-length strings differ (-1 when equal). */
function firstDiff(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return -1;
}

/**
 * Identifier (NIK or No. KK) digits of any length: exact, one substitution, adjacent transposition,
 * one digit missing, else. For two 16-digit NIKs that differ in the birth-date digits, where each
 * NIK agrees with its own record's (different) birth date, the difference is explained: two people
 * born on different days in one district (serial 0001 is common), not a typo, so it is "else".
 */
export function idComparator(field: 'nik' | 'kk'): Comparator {
  return {
    field,
    name: `${field}: exact | one substitution | adjacent transposition | one digit missing`,
    levels: ['null', 'exact', 'substitution', 'transposition', 'missing digit', 'else'],
    mStart: field === 'nik' ? [0.85, 0.04, 0.02, 0.02, 0.07] : [0.65, 0.03, 0.01, 0.01, 0.3],
    household: field === 'kk',
    compare(f, i, j) {
      const row = f.compareRows;
      const x = i * ROW_WORDS;
      const y = j * ROW_WORDS;
      const cleanBit = field === 'nik' ? NIK_CLEAN : KK_CLEAN;
      if ((row[x + W_FLAGS] & row[y + W_FLAGS] & cleanBit) !== 0) {
        // Both clean 16-digit: decided from the halves, with no string read.
        const h = field === 'nik' ? W_NIK_HI : W_KK_HI;
        const l = field === 'nik' ? W_NIK_LO : W_KK_LO;
        const e = idEditHalves(row[x + h], row[x + l], row[y + h], row[y + l]);
        if (e === IdEdit.Exact) return 1;
        if (e === IdEdit.Other) return 5;
        if (field === 'nik' && lastFirstDiff >= NIK_DATE_START && lastFirstDiff < NIK_DATE_END) {
          const bi = row[x + W_BIRTH];
          const bj = row[y + W_BIRTH];
          if (bi !== bj && nikHalvesDateAgrees(row[x + h], row[x + l], bi) && nikHalvesDateAgrees(row[y + h], row[y + l], bj)) return 5;
        }
        return e === IdEdit.Substitution ? 2 : 3;
      }
      // Mostly a missing KK: no evidence, known without reading the texts.
      if ((row[x + W_FLAGS] & row[y + W_FLAGS] & (field === 'nik' ? NIK_TEXT : KK_TEXT)) === 0) return 0;
      const a = idDigitsOf(f, field, i);
      const b = idDigitsOf(f, field, j);
      if (a === '' || b === '') return 0;
      const e = idEdit(a, b);
      if ((e === IdEdit.Substitution || e === IdEdit.Transposition) && field === 'nik' && a.length === 16 && b.length === 16) {
        const p = firstDiff(a, b);
        const bi = f.compareRows[i * ROW_WORDS + W_BIRTH];
        const bj = f.compareRows[j * ROW_WORDS + W_BIRTH];
        if (p >= NIK_DATE_START && p < NIK_DATE_END && bi !== bj && nikDateAgrees(a, bi) && nikDateAgrees(b, bj)) return 5;
      }
      switch (e) {
        case IdEdit.Exact:
          return 1;
        case IdEdit.Substitution:
          return 2;
        case IdEdit.Transposition:
          return 3;
        case IdEdit.Indel:
          return 4;
        default:
          return 5;
      }
    },
    display: (f, i) => idDigitsOf(f, field, i),
  };
}

/** yyyymmdd day/month swap: 19800512 <-> 19801205. */
function swapDayMonth(d: number): number {
  const y = Math.floor(d / 10000);
  const m = Math.floor(d / 100) % 100;
  const day = d % 100;
  return y * 10000 + day * 100 + m;
}

/** Birth date: exact, day/month swapped, one digit off (or two adjacent digits swapped), same year. */
export function birthComparator(): Comparator {
  return {
    field: 'birth_date',
    name: 'birth_date: exact | day/month swapped | one digit off | same year',
    levels: ['null', 'exact', 'swap', 'typo', 'year', 'else'],
    mStart: [0.85, 0.02, 0.06, 0.03, 0.04],
    compare(f, i, j) {
      const a = f.compareRows[i * ROW_WORDS + W_BIRTH];
      const b = f.compareRows[j * ROW_WORDS + W_BIRTH];
      if (a === 0 || b === 0) return 0;
      if (a === b) return 1;
      if (swapDayMonth(a) === b) return 2;
      // Eight digits each (years 1000-9999): compared as numbers, with no string per pair.
      const typo = a >= 1e7 && a < 1e8 && b >= 1e7 && b < 1e8 ? idEditHalves(0, a, 0, b) : idEdit(String(a), String(b));
      if (typo !== IdEdit.Other) return 3;
      if (Math.floor(a / 10000) === Math.floor(b / 10000)) return 4;
      return 5;
    },
    display: (f, i) => birthText(f.birth[i]),
  };
}

export function sexComparator(): Comparator {
  return {
    field: 'sex',
    name: 'sex: exact',
    levels: ['null', 'exact', 'else'],
    mStart: [0.97, 0.03],
    compare(f, i, j) {
      const a = (f.compareRows[i * ROW_WORDS + W_FLAGS] >> SEX_SHIFT) & 3;
      const b = (f.compareRows[j * ROW_WORDS + W_FLAGS] >> SEX_SHIFT) & 3;
      if (a === 0 || b === 0) return 0;
      return a === b ? 1 : 2;
    },
    display: (f, i) => (f.sex[i] === 1 ? 'L' : f.sex[i] === 2 ? 'P' : ''),
  };
}

/**
 * Region code: the longest shared prefix at the Kemendagri boundaries (village, district 6,
 * regency 4, province 2). Codes from different schemes (BPS vs Kemendagri) are never compared.
 */
export function regionComparator(): Comparator {
  return {
    field: 'region',
    name: 'region: exact | same district | same regency | same province',
    levels: ['null', 'exact', 'district', 'regency', 'province', 'else'],
    mStart: [0.6, 0.15, 0.1, 0.05, 0.1],
    household: false,
    compare(f, i, j) {
      const row = f.compareRows;
      const x = i * ROW_WORDS;
      const y = j * ROW_WORDS;
      const ka = row[x + W_REGION];
      const kb = row[y + W_REGION];
      if (ka === 0 || kb === 0) return 0;
      if (((row[x + W_FLAGS] ^ row[y + W_FLAGS]) >> SCHEME_SHIFT) & 3) return 0;
      if (ka === kb) return 1;
      // Digits shared from the start, at the boundaries: both codes must have the digits.
      const pa = row[x + W_REGION_PREFIX];
      const pb = row[y + W_REGION_PREFIX];
      const known = Math.min(pa >> PREFIX_BITS, pb >> PREFIX_BITS);
      const da = pa & ((1 << PREFIX_BITS) - 1);
      const db = pb & ((1 << PREFIX_BITS) - 1);
      if (known >= 3 && da === db) return 2;
      if (known >= 2 && Math.floor(da / 100) === Math.floor(db / 100)) return 3;
      if (known >= 1 && Math.floor(da / 10000) === Math.floor(db / 10000)) return 4;
      return 5;
    },
    display: (f, i) => f.table.regions[f.table.region[i]],
  };
}

/** Similarity of two tokens: same word 1, same sound class 0.95, initial vs word 0.9, else JW. */
export function tokenSimilarity(v: Vocab, x: number, y: number): number {
  if (x === y) return 1;
  if (v.phon[x] === v.phon[y]) return 0.95;
  if (v.numeric[x] === 1 || v.numeric[y] === 1) return 0;
  const a = v.text[x];
  const b = v.text[y];
  if (a.length === 1 || b.length === 1) return a.charCodeAt(0) === b.charCodeAt(0) ? 0.9 : 0;
  // Jaro-Winkler dominates comparison time; the same word pairs recur (JALAN x JL, SITI x SRI).
  const lo = x < y ? x : y;
  const hi = x < y ? y : x;
  const key = lo * v.text.length + hi + 1;
  const slot = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) >>> (32 - 16);
  if (v.simKey[slot] === key) return v.simVal[slot];
  const s = jaroWinkler(a, b);
  v.simKey[slot] = key;
  v.simVal[slot] = s;
  return s;
}

/**
 * IDF-weighted Monge-Elkan from tokens [as, ae) towards [bs, be): how well A is covered by B.
 * With sameInitial, words with different first letters count as unrelated unless they sound the
 * same (addresses: ten words a side, where Jaro-Winkler on every pair would dominate run time).
 */
export function coverage(v: Vocab, tok: Uint32Array, as: number, ae: number, bs: number, be: number, sameInitial = false): number {
  let num = 0;
  let den = 0;
  for (let p = as; p < ae; p++) {
    const x = tok[p];
    let best = 0;
    const c0 = v.initial[x];
    for (let q = bs; q < be && best < 1; q++) {
      const y = tok[q];
      if (sameInitial && x !== y && v.initial[y] !== c0 && v.phon[x] !== v.phon[y]) continue;
      const s = tokenSimilarity(v, x, y);
      if (s > best) best = s;
    }
    const w = v.weight[x];
    num += w * best;
    den += w;
  }
  return den === 0 ? 0 : num / den;
}

function sameSequence(tok: Uint32Array, as: number, ae: number, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let k = 0; k < ae - as; k++) if (tok[as + k] !== tok[bs + k]) return false;
  return true;
}

function sameMultiset(tok: Uint32Array, as: number, ae: number, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  // Names have a handful of words: count matches instead of sorting copies.
  for (let p = as; p < ae; p++) {
    const x = tok[p];
    let ca = 0;
    let cb = 0;
    for (let q = as; q < ae; q++) if (tok[q] === x) ca++;
    for (let q = bs; q < be; q++) if (tok[q] === x) cb++;
    if (ca !== cb) return false;
  }
  return true;
}

/** Every token of the shorter name has a counterpart (same, same sound, initial) in the longer. */
function isSubset(v: Vocab, tok: Uint32Array, as: number, ae: number, bs: number, be: number): boolean {
  if (ae - as === be - bs) return false;
  const [ss, se, ls, le] = ae - as < be - bs ? [as, ae, bs, be] : [bs, be, as, ae];
  if (se === ss) return false;
  for (let p = ss; p < se; p++) {
    let ok = false;
    for (let q = ls; q < le && !ok; q++) ok = tokenSimilarity(v, tok[p], tok[q]) >= 0.9;
    if (!ok) return false;
  }
  return true;
}

export interface NameThresholds {
  /** Weighted token similarity for the "close" level (a typo or a variant in one word). */
  close: number;
  /** Weighted token similarity for the "similar" level. */
  similar: number;
}

export const NAME_LEVEL = { null: 0, exact: 1, reordered: 2, close: 3, subset: 4, similar: 5, else: 6 } as const;

/**
 * Names after matching normalisation: exact, same words in another order, close (weighted token
 * Jaro-Winkler >= close, or one edit on the joined letters), subset (a word dropped or written as an
 * initial), similar, else. Token weights are IDF from the data, so SITI or WAYAN agreeing counts
 * little. The bin/binti tail is compared only when both records carry one.
 */
export function nameComparator(th: NameThresholds = { close: 0.92, similar: 0.8 }): Comparator {
  return {
    field: 'name',
    name: `name: exact | reordered | close>=${th.close} or 1 edit | subset | similar>=${th.similar}`,
    levels: ['null', 'exact', 'reordered', 'close', 'subset', 'similar', 'else'],
    mStart: [0.6, 0.05, 0.15, 0.08, 0.07, 0.05],
    tfLevels: [1, 2, 4],
    costly: true,
    compare(f, i, j, scratch) {
      const as = f.nameStart[i];
      const bs = f.nameStart[j];
      let ae = f.nameMainEnd[i];
      let be = f.nameMainEnd[j];
      if (ae === as || be === bs) return 0;
      const tok = f.nameTok;
      const v = f.nameVocab;
      // Both carry a bin/binti tail: the father's name is evidence too.
      if (f.nameStart[i + 1] > ae && f.nameStart[j + 1] > be) {
        ae = f.nameStart[i + 1];
        be = f.nameStart[j + 1];
      }
      scratch.freq = Math.max(f.nameFreq[i], f.nameFreq[j]);
      if (sameSequence(tok, as, ae, bs, be)) return 1;
      if (sameMultiset(tok, as, ae, bs, be)) return 2;
      const ca = f.nameCompact[f.table.nameId[i]];
      const cb = f.nameCompact[f.table.nameId[j]];
      if (ca === cb) return 3;
      if (Math.min(ca.length, cb.length) >= 4 && Math.abs(ca.length - cb.length) <= 1 && levenshtein(ca, cb) <= 1) return 3;
      const sim = Math.min(coverage(v, tok, as, ae, bs, be), coverage(v, tok, bs, be, as, ae));
      if (sim >= th.close) return 3;
      if (isSubset(v, tok, as, ae, bs, be)) {
        // The chance that a random name contains all of the shorter name's words.
        const [ss, se] = ae - as < be - bs ? [as, ae] : [bs, be];
        let p = 1;
        for (let k = ss; k < se; k++) p *= v.df[tok[k]] / f.rows;
        scratch.freq = p;
        return 4;
      }
      if (sim >= th.similar) return 5;
      return 6;
    },
    display: (f, i) => nameOf(f.table, i),
  };
}

export interface AddressThresholds extends NameThresholds {
  /** Weighted word overlap for the "partial" level (same street, other details differ). */
  partial: number;
}

/** Address words (IDF-weighted, order-free): exact, close, similar, partial, else. */
export function addressComparator(th: AddressThresholds = { close: 0.9, similar: 0.7, partial: 0.4 }): Comparator {
  return {
    field: 'address',
    name: `address: exact | close>=${th.close} | similar>=${th.similar} | partial>=${th.partial}`,
    levels: ['null', 'exact', 'close', 'similar', 'partial', 'else'],
    mStart: [0.5, 0.2, 0.15, 0.1, 0.05],
    household: false,
    costly: true,
    compare(f, i, j) {
      const as = f.addrStart[i];
      const ae = f.addrStart[i + 1];
      const bs = f.addrStart[j];
      const be = f.addrStart[j + 1];
      if (as === ae || bs === be) return 0;
      if (f.addrKey[i] === f.addrKey[j]) return 1;
      const v = f.addrVocab;
      const sim = (coverage(v, f.addrTok, as, ae, bs, be, true) + coverage(v, f.addrTok, bs, be, as, ae, true)) / 2;
      if (sim >= th.close) return 2;
      if (sim >= th.similar) return 3;
      if (sim >= th.partial) return 4;
      return 5;
    },
    display: (f, i) => addressOf(f.table, i),
  };
}

/** The default comparison vector, in explanation order. */
export function defaultComparators(): Comparator[] {
  return [
    idComparator('nik'),
    nameComparator(),
    birthComparator(),
    idComparator('kk'),
    sexComparator(),
    regionComparator(),
    addressComparator(),
  ];
}
