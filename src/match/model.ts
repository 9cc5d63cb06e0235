import { Rng } from '../domain/rng.js';
import type { PairScope } from './block.js';
import { type Comparator, type CompareScratch, NAME_LEVEL, newScratch, ROW_WORDS } from './compare.js';
import { idDigitsOf, type Features } from './features.js';

/**
 * Fellegi-Sunter scoring with m/u probabilities estimated from the data by EM over comparison
 * patterns (as fastLink and Splink do). u starts from random record pairs; EM then fits m, u and
 * the share of matches among the candidate pairs. Names also get a term-frequency adjustment:
 * agreeing on a rare name is stronger evidence than agreeing on SITI AMINAH.
 */
export interface FieldParams {
  field: string;
  comparator: string;
  levels: readonly string[];
  /** P(level | match), index 0 (null) unused. */
  m: number[];
  /** P(level | non-match among candidates). */
  u: number[];
  /** P(level | two random records): the u EM starts from. */
  uRandom: number[];
}

export interface ModelParams {
  /** Share of candidate pairs that are matches (the prior). */
  lambda: number;
  fields: FieldParams[];
  iterations: number;
  converged: boolean;
  randomPairs: number;
  patterns: number;
}

export interface Compared {
  /** Comparison pattern per pair (mixed radix of the level per comparator). */
  pattern: Uint32Array;
  /** Per comparator with term-frequency levels: the agreeing value's frequency per pair. */
  freq: (Float64Array | null)[];
  /** How many pairs each compared pair stands for (a weighted sample); 1 each when absent. */
  weight?: Float64Array;
}

export function radices(comps: readonly Comparator[]): number[] {
  const r: number[] = [];
  let mult = 1;
  for (const c of comps) {
    r.push(mult);
    mult *= c.levels.length;
  }
  if (mult > 2 ** 31) throw new Error('too many comparison levels');
  return r;
}

export function levelOf(pattern: number, comps: readonly Comparator[], k: number, rad: number[]): number {
  return Math.floor(pattern / rad[k]) % comps[k].levels.length;
}

/** Compares one pair; writes levels and returns the pattern. */
export function comparePair(
  f: Features,
  comps: readonly Comparator[],
  rad: number[],
  i: number,
  j: number,
  levels: Uint8Array,
  freqs: Float64Array,
  scratch: CompareScratch,
): number {
  let pattern = 0;
  for (let k = 0; k < comps.length; k++) {
    scratch.freq = 0;
    const l = comps[k].compare(f, i, j, scratch);
    levels[k] = l;
    freqs[k] = scratch.freq;
    pattern += l * rad[k];
  }
  return pattern;
}

/** Every pair compared on every field. */
export function compareAll(
  f: Features,
  comps: readonly Comparator[],
  a: Uint32Array,
  b: Uint32Array,
  length: number,
  onProgress?: (done: number, total: number) => void,
): Compared {
  const { pattern, freq } = compareBounded(f, comps, a, b, length, () => true, onProgress);
  return { pattern, freq };
}

/**
 * Compares pairs that may be cut short: the cheap comparators first, then `worthIt` (given their
 * levels) decides whether the costly ones run. A pruned pair keeps level 0 (null) for the costly
 * fields and is flagged in `pruned`.
 */
export function compareBounded(
  f: Features,
  comps: readonly Comparator[],
  a: Uint32Array,
  b: Uint32Array,
  length: number,
  worthIt: (levels: Uint8Array, i: number, j: number) => boolean,
  onProgress?: (done: number, total: number) => void,
): Compared & { pruned: Uint8Array } {
  const rad = radices(comps);
  const pattern = new Uint32Array(length);
  const pruned = new Uint8Array(length);
  const freq = comps.map((c) => (c.tfLevels ? new Float64Array(length) : null));
  const cheap = comps.filter((c) => c.costly !== true);
  const costly = comps.filter((c) => c.costly === true);
  const cheapAt = comps.flatMap((c, k) => (c.costly === true ? [] : [k]));
  const costlyAt = comps.flatMap((c, k) => (c.costly === true ? [k] : []));
  const levels = new Uint8Array(comps.length);
  const scratch = newScratch();
  const rows = f.compareRows;
  for (let start = 0; start < length; start += PAIR_CHUNK) {
    const end = Math.min(length, start + PAIR_CHUNK);
    // Pairs come sorted by a, so b's rows are the cold ones: loading them in a loop of independent
    // reads keeps many cache misses in flight, where the compare loop below waits for each in turn.
    let touched = 0;
    for (let p = start; p < end; p++) touched |= rows[b[p] * ROW_WORDS];
    sink ^= touched;
    for (let p = start; p < end; p++) {
      const i = a[p];
      const j = b[p];
      let pat = 0;
      for (let q = 0; q < cheap.length; q++) {
        const k = cheapAt[q];
        scratch.freq = 0;
        const l = cheap[q].compare(f, i, j, scratch);
        levels[k] = l;
        const fr = freq[k];
        if (fr !== null) fr[p] = scratch.freq;
        pat += l * rad[k];
      }
      if (!worthIt(levels, i, j)) {
        pruned[p] = 1;
      } else {
        for (let q = 0; q < costly.length; q++) {
          const k = costlyAt[q];
          scratch.freq = 0;
          const l = costly[q].compare(f, i, j, scratch);
          const fr = freq[k];
          if (fr !== null) fr[p] = scratch.freq;
          pat += l * rad[k];
        }
      }
      pattern[p] = pat;
    }
    if ((start & 0xffff) === 0) onProgress?.(start, length);
  }
  onProgress?.(length, length);
  return { pattern, freq, pruned };
}

/** Pairs per prefetch pass: their b rows (one cache line each) stay in L2. */
const PAIR_CHUNK = 1024;
/** Where the prefetch pass's reads go, so that they are not optimised away. */
let sink = 0;

/** Level frequencies over random record pairs (within the scope), smoothed. */
export function sampleRandomLevels(
  f: Features,
  comps: readonly Comparator[],
  scope: PairScope,
  side: Uint16Array | Uint8Array | undefined,
  samples: number,
  seed: number,
  /** When records are folded copies (distinct.ts): the record of each row. Random pairs are pairs
   *  of rows, as if every copy were there. */
  recordOfRow?: Uint32Array,
): { uRandom: number[][]; pairs: number } {
  const counts = comps.map((c) => new Float64Array(c.levels.length));
  const rng = new Rng(seed);
  const rad = radices(comps);
  const levels = new Uint8Array(comps.length);
  const freqs = new Float64Array(comps.length);
  const scratch = newScratch();
  let taken = 0;
  const rows = recordOfRow ? recordOfRow.length : f.n;
  if (rows >= 2) {
    for (let tries = 0; taken < samples && tries < samples * 20; tries++) {
      let i = rng.int(0, rows - 1);
      let j = rng.int(0, rows - 1);
      if (i === j) continue;
      if (recordOfRow) {
        i = recordOfRow[i];
        j = recordOfRow[j];
      }
      if (side && scope !== 'all' && (side[i] === side[j]) !== (scope === 'within')) continue;
      comparePair(f, comps, rad, i, j, levels, freqs, scratch);
      for (let k = 0; k < comps.length; k++) counts[k][levels[k]]++;
      taken++;
    }
  }
  const uRandom = counts.map((c) => {
    // Smoothing: a level never seen among random pairs still has a small chance.
    let total = 0;
    for (let l = 1; l < c.length; l++) total += c[l] + 0.5;
    const u = [0];
    for (let l = 1; l < c.length; l++) u.push((c[l] + 0.5) / total);
    return u;
  });
  return { uRandom, pairs: taken };
}

export interface EmOptions {
  maxIterations: number;
  tolerance: number;
  lambdaStart: number;
}

/**
 * EM over the distinct comparison patterns of the candidate pairs. Person-level fields drive the
 * E-step; household-level fields are fitted in the M-step from those posteriors only.
 */
export function fitEm(
  comps: readonly Comparator[],
  compared: Compared,
  uRandom: number[][],
  randomPairs: number,
  opts: EmOptions,
): ModelParams {
  const rad = radices(comps);
  const K = comps.length;
  // Distinct patterns and their counts (sort-free: patterns are small integers).
  const total = rad[K - 1] * comps[K - 1].levels.length;
  const counts = total <= 1 << 22 ? new Float64Array(total) : null;
  const sparse = counts ? null : new Map<number, number>();
  const wt = compared.weight;
  for (let q = 0; q < compared.pattern.length; q++) {
    const p = compared.pattern[q];
    const w = wt ? wt[q] : 1;
    if (counts) counts[p] += w;
    else sparse!.set(p, (sparse!.get(p) ?? 0) + w);
  }
  const pats: number[] = [];
  const cnt: number[] = [];
  if (counts) {
    for (let p = 0; p < total; p++) if (counts[p] > 0) {
      pats.push(p);
      cnt.push(counts[p]);
    }
  } else {
    for (const [p, c] of sparse!) {
      pats.push(p);
      cnt.push(c);
    }
  }
  const P = pats.length;
  const lv = new Uint8Array(P * K);
  for (let q = 0; q < P; q++) for (let k = 0; k < K; k++) lv[q * K + k] = levelOf(pats[q], comps, k, rad);

  const m = comps.map((c) => [0, ...c.mStart]);
  const household = comps.map((c) => c.household === true);
  const u = uRandom.map((x) => x.slice());
  let lambda = opts.lambdaStart;
  let it = 0;
  let converged = false;
  const sumM = comps.map((c) => new Float64Array(c.levels.length));
  const sumU = comps.map((c) => new Float64Array(c.levels.length));
  const eps = 1e-6;
  for (; it < opts.maxIterations; it++) {
    for (let k = 0; k < K; k++) {
      sumM[k].fill(0);
      sumU[k].fill(0);
    }
    let g = 0;
    let n = 0;
    for (let q = 0; q < P; q++) {
      let lm = lambda;
      let lu = 1 - lambda;
      for (let k = 0; k < K; k++) {
        const l = lv[q * K + k];
        if (l === 0 || household[k]) continue;
        lm *= m[k][l];
        lu *= u[k][l];
      }
      const post = lm / (lm + lu);
      const c = cnt[q];
      g += c * post;
      n += c;
      for (let k = 0; k < K; k++) {
        const l = lv[q * K + k];
        if (l === 0) continue;
        sumM[k][l] += c * post;
        sumU[k][l] += c * (1 - post);
      }
    }
    let change = Math.abs(g / n - lambda);
    lambda = Math.min(1 - eps, Math.max(eps, g / n));
    for (let k = 0; k < K; k++) {
      let tm = 0;
      let tu = 0;
      for (let l = 1; l < m[k].length; l++) {
        tm += sumM[k][l] + eps;
        tu += sumU[k][l] + eps;
      }
      for (let l = 1; l < m[k].length; l++) {
        const nm = (sumM[k][l] + eps) / tm;
        // Non-matches among candidates agree at least as often as random pairs do: flooring u at
        // the random-pair rate stops EM from turning a rare level into a near-certain match.
        const nu = Math.max((sumU[k][l] + eps) / tu, uRandom[k][l]);
        change = Math.max(change, Math.abs(nm - m[k][l]), Math.abs(nu - u[k][l]));
        m[k][l] = nm;
        u[k][l] = nu;
      }
    }
    if (change < opts.tolerance) {
      converged = true;
      it++;
      break;
    }
  }
  return {
    lambda,
    iterations: it,
    converged,
    randomPairs,
    patterns: P,
    fields: comps.map((c, k) => ({ field: c.field, comparator: c.name, levels: c.levels, m: m[k], u: u[k], uRandom: uRandom[k] })),
  };
}

/** Why a pair must not link whatever its score: the traps of domain.md §1 and §5. */
export type GuardReason = 'twins' | 'shared-nik' | 'generation' | '';

export interface FieldIndex {
  nik: number;
  name: number;
  birth: number;
  kk: number;
  sex: number;
}

export function fieldIndex(comps: readonly Comparator[]): FieldIndex {
  const at = (f: string): number => comps.findIndex((c) => c.field === f);
  return { nik: at('nik'), name: at('name'), birth: at('birth_date'), kk: at('kk'), sex: at('sex') };
}

/** Twins are registered together: their serials are consecutive or nearly so. */
const TWIN_SERIAL_GAP = 5;

/**
 * For two 16-digit NIKs with the same district and the same coded birth date (DD mod 40, so twins
 * of either sex), the distance between their serials; -1 otherwise.
 */
export function serialGapSameDay(a: string, b: string): number {
  if (a.length !== 16 || b.length !== 16) return -1;
  if (a.slice(0, 6) !== b.slice(0, 6) || a.slice(8, 12) !== b.slice(8, 12)) return -1;
  if (Number(a.slice(6, 8)) % 40 !== Number(b.slice(6, 8)) % 40) return -1;
  return Math.abs(Number(a.slice(12)) - Number(b.slice(12)));
}

const lvl = (levels: Uint8Array, k: number): number => (k < 0 ? 0 : levels[k]);

/**
 * - twins: two clean, different NIKs with the same district and coded birth date (either sex) and
 *   names that are not the same words, where the serials are within TWIN_SERIAL_GAP (registered
 *   together) and the birth dates do not disagree, or the names are wholly different (neighbours
 *   born the same day).
 * - shared-nik: the same clean NIK, but wholly different names and birth dates that do not agree
 *   (or are missing): a NIK typed for another family member.
 * - generation: birth dates 12 or more years apart that are not a typo of each other, with either
 *   two clean NIKs that are not a typo of each other or the same KK: a parent and a child with the
 *   same name.
 */
export function guardReason(f: Features, fi: FieldIndex, levels: Uint8Array, i: number, j: number): GuardReason {
  const nik = lvl(levels, fi.nik);
  const name = lvl(levels, fi.name);
  const birth = lvl(levels, fi.birth);
  if (f.idClean[i] && f.idClean[j]) {
    if (nik !== 1 && nik !== 0 && name !== NAME_LEVEL.null && name !== NAME_LEVEL.exact && name !== NAME_LEVEL.reordered) {
      const gap = serialGapSameDay(idDigitsOf(f, 'nik', i), idDigitsOf(f, 'nik', j));
      // Registered on the same day in the same district: twins (close serials, any other name) or
      // neighbours (any serial, a different name).
      if (gap >= 0 && ((gap <= TWIN_SERIAL_GAP && (birth === 1 || birth === 0)) || name === NAME_LEVEL.else)) return 'twins';
    }
    if (nik === 1 && name === NAME_LEVEL.else && birth !== 1 && birth !== 2 && birth !== 3) return 'shared-nik';
  }
  const identityDiffers = f.idClean[i] === 1 && f.idClean[j] === 1 && nik === 5;
  const sameFamily = f.kkClean[i] === 1 && f.kkClean[j] === 1 && lvl(levels, fi.kk) === 1;
  if (birth === 5 && nik !== 1 && (identityDiffers || sameFamily)) {
    const ya = Math.floor(f.birth[i] / 10000);
    const yb = Math.floor(f.birth[j] / 10000);
    if (Math.abs(ya - yb) >= 12) return 'generation';
  }
  return '';
}

/** Baselines for the term-frequency adjustment: the average frequency of an agreeing value. */
export interface TfBaseline {
  /** Mean share of records with the same sorted name: P(two random records agree exactly). */
  exact: number;
  /** Mean chance that a random name contains all words of a random record's name. */
  subset: number;
}

export function tfBaseline(f: Features): TfBaseline {
  let e = 0;
  let s = 0;
  let named = 0;
  for (let i = 0; i < f.n; i++) {
    if (f.nameSortedKey[i] === 0) continue;
    // Each row counts: a record standing for w rows adds its share w times.
    const w = f.weight ? f.weight[i] : 1;
    named += w;
    e += w * f.nameFreq[i];
    let p = 1;
    for (let k = f.nameStart[i]; k < f.nameMainEnd[i]; k++) p *= f.nameVocab.df[f.nameTok[k]] / f.rows;
    s += w * p;
  }
  return { exact: named ? e / named : 0, subset: named ? s / named : 0 };
}

export const TF_CLAMP = 8;

/** Term-frequency adjustment in bits for a name level and the agreeing value's frequency. */
export function tfAdjustment(level: number, freq: number, base: TfBaseline, n: number): number {
  const b = level === NAME_LEVEL.subset ? base.subset : base.exact;
  if (b <= 0 || freq <= 0) return 0;
  const adj = Math.log2(b / Math.max(freq, 1 / n));
  return Math.max(-TF_CLAMP, Math.min(TF_CLAMP, adj));
}

/** log2 Bayes factor of one field at one level (0 for null). */
export function levelWeight(p: ModelParams, k: number, level: number): number {
  if (level === 0) return 0;
  const fp = p.fields[k];
  return Math.log2(fp.m[level] / fp.u[level]);
}

export function probabilityFromWeight(weight: number, lambda: number): number {
  const logit = weight + Math.log2(lambda / (1 - lambda));
  return 1 / (1 + 2 ** -logit);
}
