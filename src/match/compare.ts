import { distance as levenshtein } from 'fastest-levenshtein';
import { birthText } from '../domain/ids.js';
import type { Features, Vocab } from './features.js';
import { addressOf, nameOf } from '../domain/table.js';
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

/** True when a 16-digit NIK's DDMMYY (women: DD + 40) is the record's yyyymmdd birth date. */
export function nikDateAgrees(nik: string, birth: number): boolean {
  if (birth <= 0) return false;
  const dd = Number(nik.slice(6, 8)) % 40;
  const mm = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  return dd === birth % 100 && mm === Math.floor(birth / 100) % 100 && yy === Math.floor(birth / 10000) % 100;
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
  const text = (f: Features): string[] => (field === 'nik' ? f.idText : f.kkText);
  return {
    field,
    name: `${field}: exact | one substitution | adjacent transposition | one digit missing`,
    levels: ['null', 'exact', 'substitution', 'transposition', 'missing digit', 'else'],
    mStart: field === 'nik' ? [0.85, 0.04, 0.02, 0.02, 0.07] : [0.65, 0.03, 0.01, 0.01, 0.3],
    household: field === 'kk',
    compare(f, i, j) {
      const clean = field === 'nik' ? f.idClean : f.kkClean;
      if (clean[i] === 1 && clean[j] === 1) {
        // Both clean 16-digit: decide from the halves; only a one-digit slip in the NIK's
        // birth-date part needs the text (to check it against each record's birth date).
        const hi = field === 'nik' ? f.table.nikHi : f.table.kkHi;
        const lo = field === 'nik' ? f.table.nikLo : f.table.kkLo;
        const e = idEditHalves(hi[i], lo[i], hi[j], lo[j]);
        if (e === IdEdit.Exact) return 1;
        if (e === IdEdit.Other) return 5;
        if (field === 'kk' || lastFirstDiff < NIK_DATE_START || lastFirstDiff >= NIK_DATE_END) return e === IdEdit.Substitution ? 2 : 3;
      }
      const ts = text(f);
      const a = ts[i];
      const b = ts[j];
      if (a === '' || b === '') return 0;
      const e = idEdit(a, b);
      if ((e === IdEdit.Substitution || e === IdEdit.Transposition) && field === 'nik' && a.length === 16 && b.length === 16) {
        const p = firstDiff(a, b);
        const bi = f.birth[i];
        const bj = f.birth[j];
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
    display: (f, i) => text(f)[i],
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
      const a = f.birth[i];
      const b = f.birth[j];
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
      const a = f.sex[i];
      const b = f.sex[j];
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
      const ra = f.table.region[i];
      const rb = f.table.region[j];
      if (ra === 0 || rb === 0) return 0;
      if (f.regionScheme[ra] !== f.regionScheme[rb]) return 0;
      if (ra === rb) return 1;
      const a = f.regionDigits[ra];
      const b = f.regionDigits[rb];
      if (a === b) return 1;
      let p = 0;
      const max = Math.min(a.length, b.length);
      while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
      if (p >= 6) return 2;
      if (p >= 4) return 3;
      if (p >= 2) return 4;
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
