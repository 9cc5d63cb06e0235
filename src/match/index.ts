import { RecordTableBuilder, type RecordTable } from '../domain/table.js';
import { Rng } from '../domain/rng.js';
import { type BlockingOptions, type BlockingRule, type PairSample, sharedBlocks, candidatePairs, birthRegionRule, DEFAULT_RULES, kkRule, nameRule, nikRule, nikTypoRule, regionNameRule, type PairList, type PairScope, rulePairs, unionOfSorted, blockingView, releaseBlockScratch, type RuleRunner, type RuleStats } from './block.js';
import { clusterLinks, UnionFind } from './cluster.js';
import { type Comparator, defaultComparators, newScratch } from './compare.js';
import { classHeads, distinctRecords, type DistinctRecords } from './distinct.js';
import { buildFeatures, hasIdDigits, type Features } from './features.js';
import {
  comparePair,
  compareAll,
  type Compared,
  fieldIndex,
  fitEm,
  guardReason,
  type GuardReason,
  levelWeight,
  type ModelParams,
  probabilityFromWeight,
  radices,
  sampleRandomLevels,
  compareBounded,
  TF_CLAMP,
  tfAdjustment,
  tfBaseline,
} from './model.js';
import { argsortU32, PairBuffer, releaseSortScratch } from './sort.js';
import { hash32, hashMix } from './strings.js';
import { NAME_LEVEL } from './compare.js';

export type { BlockingRule, RuleStats } from './block.js';
export type { Comparator } from './compare.js';
export type { ModelParams, GuardReason } from './model.js';


/** Level 1 of every comparator is "exact" (level 0 is "null"). */
const EXACT = 1;
/** The most a region or address disagreement may take off a pair whose identity is confirmed. */
const SOFT_FLOOR = -2;

export interface MatchOptions {
  /** Posterior match probability at or above which two records are linked (default 0.5: the Bayes decision). */
  linkThreshold?: number;
  /** At or above this but below linkThreshold: a possible link for review, never merged (default 0.2). */
  reviewThreshold?: number;
  /** Blocks larger than this are compared by a sorted-neighbourhood window (default 400). */
  maxBlockSize?: number;
  /** Window for oversized blocks (default 12). */
  window?: number;
  /** Blocking rules, unioned (default: nik, nik-typo, kk, birth+name, region+name, name). */
  rules?: readonly BlockingRule[];
  /** The comparison vector (default: nik, name, birth_date, kk, sex, region, address). */
  comparators?: readonly Comparator[];
  /** Random pairs sampled to seed u (default 10,000). */
  randomPairs?: number;
  /** Seed for the random-pair sample; the same seed gives the same links. */
  seed?: number;
  emIterations?: number;
  /** Candidate pairs sampled to fit the model on (default 100,000). */
  emSample?: number;
  /** Refuse links the trap guards flag (twins, shared NIK, parent/child). Default true. */
  guards?: boolean;
  /** Skip the costly fields of fuzzy pairs that cannot reach reviewThreshold (default true; the
   *  links, reviews and persons are the same either way, only slower without). */
  prune?: boolean;
  /**
   * Keep at most one link per record and side, best first. linkTables defaults to true (each side
   * lists a person once, as in FEBRL4); matchRecords ignores it (within-source duplicates matter).
   */
  oneToOne?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Runs some fuzzy blocking rules on another thread meanwhile (see RuleRunner); the result is
   *  the same wherever a rule runs. */
  ruleRunner?: RuleRunner;
}

/** One field's part in a pair's score. a/b are display values, unmasked: the caller masks. */
export interface FieldContribution {
  field: string;
  level: string;
  weight: number;
  a: string;
  b: string;
}

export interface PairExplanation {
  probability: number;
  /** Sum of the field weights in bits (log2 Bayes factors), before the prior. -Infinity when a guard vetoes. */
  weight: number;
  fields: FieldContribution[];
}

export interface MatchStats {
  rules: RuleStats[];
  /** Records linked straight to an identical earlier record (same values in every compared field). */
  exactCopies: number;
  comparedPairs: number;
  /** Of comparedPairs, those whose costly fields (name, address) were not compared: their other
   *  fields kept them below the review threshold whatever the names said. */
  prunedPairs: number;
  em: ModelParams;
}

export interface MatchResult {
  /** Person (cluster) id per record index: the smallest record index in its cluster. */
  person: Uint32Array;
  /** Accepted links, a < b, sorted by (a, b). Exact copies of a record are not linked pair by pair:
   *  they share its person (stats.exactCopies counts them). */
  links: { a: Uint32Array; b: Uint32Array; probability: Float64Array; length: number };
  /** Pairs between reviewThreshold and linkThreshold, or refused by the cluster guard: not merged. */
  review: { a: Uint32Array; b: Uint32Array; probability: Float64Array; length: number };
  /** Same clean NIK, but judged different people (e.g. a NIK typed for another family member).
   *  For each NIK, one pair per extra person: (first record of the first person, first record of the other). */
  conflicts: { a: Uint32Array; b: Uint32Array; length: number };
  explain(a: number, b: number): PairExplanation;
  /** explain(a, b).probability, without building the explanation (reconcile scores every finding). */
  pairProbability(a: number, b: number): number;
  stats: MatchStats;
}

/** Every compared candidate pair with its score; `linked` marks the accepted links. */
export interface ScoredPairs {
  /** Record index in the first table (linkTables) or in the table (findDuplicates). */
  a: Uint32Array;
  /** Record index in the second table (linkTables) or in the table (findDuplicates). */
  b: Uint32Array;
  probability: Float64Array;
  weight: Float64Array;
  linked: Uint8Array;
  length: number;
  /** findDuplicates only: person id per record (smallest record index in its cluster). */
  person?: Uint32Array;
  explain(a: number, b: number): PairExplanation;
  stats: MatchStats;
}

const GUARD_CODES: GuardReason[] = ['', 'twins', 'shared-nik', 'generation'];

interface Scored {
  f: Features;
  comps: readonly Comparator[];
  a: Uint32Array;
  b: Uint32Array;
  length: number;
  probability: Float64Array;
  weight: Float64Array;
  guard: Uint8Array;
  params: ModelParams;
  rules: RuleStats[];
  exactCopies: number;
  /** Pairs compared, pruned ones included (the arrays may leave those out). */
  comparedPairs: number;
  prunedPairs: number;
  copies?: Uint32Array;
  copyOf?: Uint32Array;
  explain(i: number, j: number): PairExplanation;
  pairProbability(i: number, j: number): number;
  conflict(i: number, j: number): boolean;
}

function defaults(opts: MatchOptions) {
  return {
    linkThreshold: opts.linkThreshold ?? 0.5,
    reviewThreshold: opts.reviewThreshold ?? 0.2,
    maxBlockSize: opts.maxBlockSize ?? 400,
    window: opts.window ?? 12,
    rules: opts.rules ?? DEFAULT_RULES,
    comparators: opts.comparators ?? defaultComparators(),
    randomPairs: opts.randomPairs ?? 10_000,
    seed: opts.seed ?? 20240601,
    emIterations: opts.emIterations ?? 200,
    emSample: opts.emSample ?? 100_000,
    guards: opts.guards ?? true,
    prune: opts.prune ?? true,
    ruleRunner: opts.ruleRunner,
  };
}

interface CandidatesCompared {
  rules: RuleStats[];
  exactCopies: number;
  /** Pairs compared in full: every candidate, or on the tiered path the identifier tier. */
  full: PairList & { compared: Compared };
  /** The fuzzy tier, not compared yet: score() compares it once the model is fitted, so that it
   *  can skip the costly fields of pairs that cannot reach the review threshold. */
  deferred?: PairList;
  /** What EM is fitted on: the compared pairs, or a weighted sample of the plain rules' pairs. */
  emData: Compared;
  /** How many pairs the plain rules would propose (the EM prior's denominator). */
  plainPairs: number;
  /** Records each record stands for as the first of its exact copies (0 for a copy); absent when copies were not looked for. */
  copies?: Uint32Array;
  /** The first record of each record's class of exact copies. Copies are not compared or linked:
   *  they take their first record's person after clustering. */
  copyOf?: Uint32Array;
}

/**
 * Candidate pairs and their comparison patterns, in two tiers. Tier 1 compares every pair inside
 * each exact-identifier block (this is also where "same NIK, different person" shows). Records
 * that agree there on name and birth date form a group already known to be one person; tier 2
 * (the fuzzy rules) then sees each group once per block and never pairs a group with itself, so
 * the many copies of one person across rosters do not multiply the fuzzy comparisons.
 * Clustering joins the rest through the group's tier-1 links.
 */
function candidatesCompared(
  f: Features,
  comps: readonly Comparator[],
  o: ReturnType<typeof defaults>,
  scope: PairScope,
  side: Uint8Array | Uint16Array | undefined,
  progress: MatchOptions['onProgress'],
): CandidatesCompared {
  const fi = fieldIndex(comps);
  const base: BlockingOptions = { maxBlockSize: o.maxBlockSize, window: o.window, scope, side };
  const idRule = o.rules.find((r) => r === nikRule);
  if (scope !== 'all' || !idRule || fi.nik < 0 || fi.name < 0 || fi.birth < 0) {
    const cand = candidatePairs(f, o.rules, base, (d, n) => progress?.('blocking', d, n));
    const compared = compareAll(f, comps, cand.a, cand.b, cand.length, (d, n) => progress?.('compare', d, n));
    return { rules: cand.rules, exactCopies: 0, full: { ...cand, compared }, emData: compared, plainPairs: cand.length };
  }
  const rules: RuleStats[] = [];
  // Exact copies (the same person sent unchanged by several rosters) compare as one record: each
  // copy links to its class's first record, and only the first takes part in the identifier block.
  progress?.('copies', 0, f.n);
  const cls = identicalClasses(f);
  // Rows that are copies of an earlier row: all rows but one per class (records may stand for several rows).
  let exactCopies = f.rows;
  for (let i = 0; i < f.n; i++) if (cls[i] === i) exactCopies--;
  const weight = (i: number): number => (f.weight ? f.weight[i] : 1);
  const copies = new Uint32Array(f.n);
  for (let i = 0; i < f.n; i++) copies[cls[i]] += weight(i);
  progress?.('identifier', 0, f.n);
  const capped = new Uint8Array(f.n);
  const sample: PairSample = { perRule: Math.ceil(o.emSample / o.rules.length), rng: new Rng(o.seed ^ 0x5bd1e995), pairs: new PairBuffer(1024), weight: [] };
  const p1 = rulePairs(f, idRule, { ...base, group: cls, copies }, capped, sample);
  const c1 = compareAll(f, comps, p1.a, p1.b, p1.length);
  const rad = radices(comps);
  const uf = new UnionFind(f.n);
  for (let i = 0; i < f.n; i++) if (cls[i] !== i) uf.union(cls[i], i);
  const level = (pat: number, k: number) => Math.floor(pat / rad[k]) % comps[k].levels.length;
  for (let p = 0; p < p1.length; p++) {
    const pat = c1.pattern[p];
    const name = level(pat, fi.name);
    const birth = level(pat, fi.birth);
    // Same identifier, same or nearly the same name, birth dates not in conflict: one person.
    const strongName = name === NAME_LEVEL.exact || name === NAME_LEVEL.reordered || name === NAME_LEVEL.close;
    if (level(pat, fi.nik) === 1 && strongName && birth <= 3) uf.union(p1.a[p], p1.b[p]);
  }
  const group = new Uint32Array(f.n);
  const idKey = new Uint32Array(f.n);
  const idCompared = new Uint8Array(f.n);
  for (let i = 0; i < f.n; i++) {
    group[i] = uf.find(i);
    if (hasIdDigits(f, 'nik', i)) {
      idKey[i] = idHash(f.idClean[i], f.table.nikHi[i], f.table.nikLo[i], f.idText[i], 0x811c9dc5);
      idCompared[i] = capped[cls[i]] ? 0 : 1;
    }
  }
  const groupSize = new Uint32Array(f.n);
  for (let i = 0; i < f.n; i++) groupSize[group[i]] += weight(i);
  const resolved = new Uint8Array(f.n);
  for (let i = 0; i < f.n; i++) resolved[i] = groupSize[group[i]] > 1 ? 1 : 0;
  // Settled: found by identifier, or carrying both a clean NIK and a birth date. A short or
  // malformed identifier (FEBRL's 7-digit soc_sec_id) does not settle a record: it is too often
  // damaged together with the birth date.
  const settled = new Uint8Array(f.n);
  for (let i = 0; i < f.n; i++) settled[i] = resolved[i] === 1 || (f.idClean[i] === 1 && f.birth[i] !== 0) ? 1 : 0;
  const fuzzy: BlockingOptions = { ...base, group, idCompared, idKey, copies };
  const fuzzyOptions = (rule: BlockingRule): BlockingOptions => {
    // A typo'd NIK copied into two rosters forms a group of its own, so the NIK typo rule pairs
    // groups too; but neighbours' NIKs (same district and birthday, next serial) are one typo
    // apart as well, so it asks for a shared name sound.
    if (rule === nikTypoRule) return { ...fuzzy, copies: undefined, requireNameSound: true, keysPerGroup: true };
    // A KK block is a family: two members whose clean NIKs are not one typo apart, whose names
    // share no word sound and whose birth dates differ are two people; most KK pairs are such.
    if (rule === kkRule) return { ...fuzzy, resolved, requireNameSound: true, passSameBirth: true, passNikTypo: true };
    // Everyone born on one day in one district: two clean NIKs more than a typo apart with names
    // that share no word sound are two neighbours (NIK and name both "else"), not one person.
    // (Not on birth + name: in a trial it cost 0.0001 recall on the quality bench, since names that
    // share a first-letters key but no word sound can still be one person with a typo in every word.)
    if (rule === birthRegionRule) return { ...fuzzy, resolved, requireNameSound: true, passNikTypo: true };
    // The weak rules (name alone, region + name) matter only when the identifier and the birth
    // date both fail; a pair of records that each carry both is left to the other rules.
    if (rule === nameRule || rule === regionNameRule) return { ...fuzzy, resolved: settled };
    // Two groups that each found their records by identifier need no fuzzy pair.
    return { ...fuzzy, resolved };
  };

  // The first fuzzy rule may run on the runner's thread, meanwhile the others run here and draw
  // their shares of the sample once its share is in: the sample is the one a single thread draws.
  const runner = o.ruleRunner;
  const firstFuzzy = o.rules.findIndex((r) => r !== idRule);
  const away = firstFuzzy >= 0 && runner && DEFAULT_RULES.includes(o.rules[firstFuzzy]) && runner.rules.has(o.rules[firstFuzzy].name) ? firstFuzzy : -1;
  const awayResult =
    away >= 0 ? runner!.start({ rule: o.rules[away].name, f: blockingView(f, o.rules[away]), opts: fuzzyOptions(o.rules[away]), perRule: sample.perRule, rngState: sample.rng.state }) : null;
  const here = o.rules.map((rule, r) => {
    if (rule === idRule || r === away) return null;
    progress?.(`blocking ${rule.name}`, r, o.rules.length);
    return rulePairs(f, rule, fuzzyOptions(rule), undefined, sample, away >= 0);
  });
  const lists: PairList[] = [];
  o.rules.forEach((rule, r) => {
    if (rule === idRule) {
      rules.push({ rule: rule.name, candidatePairs: p1.length, cappedBlocks: p1.cappedBlocks });
      progress?.('blocking', r + 1, o.rules.length);
      return;
    }
    let p: PairList & { cappedBlocks: number };
    if (r === away) {
      progress?.(`blocking ${rule.name}`, r, o.rules.length);
      const res = awayResult!();
      for (let k = 0; k < res.sample.length; k++) {
        sample.pairs.push(res.sample.a[k], res.sample.b[k]);
        sample.weight.push(res.sample.weight[k]);
      }
      sample.rng = Rng.resume(res.rngState);
      p = res;
    } else {
      p = here[r]!;
      here[r]!.drawSample?.(sample);
    }
    rules.push({ rule: rule.name, candidatePairs: p.length, cappedBlocks: p.cappedBlocks });
    lists.push(p);
    progress?.('blocking', r + 1, o.rules.length);
  });
  const p2 = unionOfSorted(lists);
  // The sample stands for the distinct plain pairs: a pair that several rules propose was drawn
  // through each of them, so it counts once in all.
  progress?.('em sample', 0, sample.weight.length);
  const perGroup = o.rules.map((r) => fuzzyOptions(r).keysPerGroup === true);
  const kx = new Uint32Array(32);
  const ky = new Uint32Array(32);
  const sw = new Float64Array(sample.weight.length);
  let plainPairs = 0;
  for (let q = 0; q < sw.length; q++) {
    const c = sharedBlocks(f, o.rules, perGroup, group, sample.pairs.a[q], sample.pairs.b[q], kx, ky);
    sw[q] = sample.weight[q] / Math.max(1, c);
    plainPairs += sw[q];
  }
  const cs = compareAll(f, comps, sample.pairs.a, sample.pairs.b, sw.length);
  const emData: Compared = { pattern: cs.pattern, freq: cs.freq, weight: sw };
  return { rules, exactCopies, full: { ...p1, compared: c1 }, deferred: p2, emData, plainPairs, copies, copyOf: cls };
}

/**
 * The two tiers as one list sorted by (a, b) (they are disjoint), with each pair's pattern, term
 * frequencies and pruned flag carried along.
 */
function mergeTiers(t1: PairList & { compared: Compared }, t2: PairList & { compared: Compared }, pruned2: Uint8Array) {
  const n = t1.length + t2.length;
  // Both tiers are sorted by (a, b): one linear merge, each output slot naming its source.
  const from = new Int32Array(n);
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  let p = 0;
  let q = 0;
  for (let o = 0; o < n; o++) {
    const first = q >= t2.length || (p < t1.length && (t1.a[p] < t2.a[q] || (t1.a[p] === t2.a[q] && t1.b[p] <= t2.b[q])));
    if (first) {
      a[o] = t1.a[p];
      b[o] = t1.b[p];
      from[o] = p++;
    } else {
      a[o] = t2.a[q];
      b[o] = t2.b[q];
      from[o] = ~q++;
    }
  }
  const gather = <T extends Uint8Array | Uint32Array | Float64Array>(out: T, x1: T | null, x2: T): T => {
    for (let o = 0; o < n; o++) {
      const k = from[o];
      if (k < 0) out[o] = x2[~k];
      else if (x1) out[o] = x1[k];
    }
    return out;
  };
  const freq = t1.compared.freq.map((x, k) => (x ? gather(new Float64Array(n), x, t2.compared.freq[k]!) : null));
  return {
    cand: { a, b, length: n },
    compared: { pattern: gather(new Uint32Array(n), t1.compared.pattern, t2.compared.pattern), freq },
    pruned: gather(new Uint8Array(n), null, pruned2),
  };
}

/** The fuzzy tier without its pruned pairs (they score 0 and can be neither links nor reviews). */
function withoutPruned(d: PairList, c: Compared & { pruned: Uint8Array }, kept: number) {
  const a = new Uint32Array(kept);
  const b = new Uint32Array(kept);
  const pattern = new Uint32Array(kept);
  const freq = c.freq.map((x) => (x ? new Float64Array(kept) : null));
  let q = 0;
  for (let p = 0; p < d.length; p++) {
    if (c.pruned[p] === 1) continue;
    a[q] = d.a[p];
    b[q] = d.b[p];
    pattern[q] = c.pattern[p];
    for (let k = 0; k < freq.length; k++) {
      const out = freq[k];
      if (out) out[q] = c.freq[k]![p];
    }
    q++;
  }
  return { list: { a, b, length: kept, compared: { pattern, freq } }, pruned: new Uint8Array(kept) };
}

/** Identifier digits as a 32-bit hash: clean ones from their two halves, without the text. */
function idHash(clean: number, hi: number, lo: number, text: string, seed: number): number {
  if (clean === 1) return hashMix(hashMix(seed, hi), lo);
  return text === '' ? 0 : hash32(text, seed);
}

/**
 * Class of exact copies per record (its first record's index): same identifier text and state,
 * KK, name words, birth date, sex, region and address. Records with no name, or with neither an
 * identifier nor a birth date, stay alone: too little to call them copies of one person.
 */
function identicalClasses(f: Features): Uint32Array {
  const n = f.n;
  const t = f.table;
  const h1 = new Uint32Array(n);
  const h2 = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    // h1 stays 0 (hashMix never gives 0): the record stays alone.
    if (f.nameStart[i + 1] === f.nameStart[i] || (!hasIdDigits(f, 'nik', i) && f.birth[i] === 0)) continue;
    let x = hashMix(idHash(f.idClean[i], t.nikHi[i], t.nikLo[i], f.idText[i], 0x3b9aca07), f.idClean[i] | (f.kkClean[i] << 1) | (f.sex[i] << 2));
    x = hashMix(hashMix(x, idHash(f.kkClean[i], t.kkHi[i], t.kkLo[i], f.kkText[i], 0x1b873593)), f.addrKey[i]);
    let y = hashMix(hashMix(0x27d4eb2f, f.birth[i]), t.region[i]);
    for (let p = f.nameStart[i]; p < f.nameStart[i + 1]; p++) y = hashMix(y, f.nameTok[p] + 1);
    y = hashMix(y, f.nameMainEnd[i] - f.nameStart[i]);
    h1[i] = x;
    h2[i] = y;
  }
  return classHeads(h1, h2, (head, i) => sameRecord(f, head, i));
}

function sameRecord(f: Features, i: number, j: number): boolean {
  // Clean identifiers have no text: their halves say whether they are the same.
  const t = f.table;
  if (f.idClean[i] !== f.idClean[j] || f.kkClean[i] !== f.kkClean[j]) return false;
  if (f.idClean[i] === 1 ? t.nikHi[i] !== t.nikHi[j] || t.nikLo[i] !== t.nikLo[j] : f.idText[i] !== f.idText[j]) return false;
  if (f.kkClean[i] === 1 ? t.kkHi[i] !== t.kkHi[j] || t.kkLo[i] !== t.kkLo[j] : f.kkText[i] !== f.kkText[j]) return false;
  if (f.birth[i] !== f.birth[j] || f.sex[i] !== f.sex[j] || f.table.region[i] !== f.table.region[j] || f.addrKey[i] !== f.addrKey[j]) return false;
  const si = f.nameStart[i];
  const sj = f.nameStart[j];
  const len = f.nameStart[i + 1] - si;
  if (len !== f.nameStart[j + 1] - sj || f.nameMainEnd[i] - si !== f.nameMainEnd[j] - sj) return false;
  for (let k = 0; k < len; k++) if (f.nameTok[si + k] !== f.nameTok[sj + k]) return false;
  return true;
}

/** Blocking, comparison, EM and scoring over one table. */
function score(
  t: RecordTable,
  scope: PairScope,
  side: Uint8Array | Uint16Array | undefined,
  opts: MatchOptions,
  folded?: DistinctRecords,
  /** Keep pruned pairs in the result (ScoredPairs lists every compared pair); matchRecords needs
   *  only pairs that can reach the review threshold. */
  keepPruned = true,
): Scored {
  const o = defaults(opts);
  const progress = opts.onProgress;
  progress?.('features', 0, t.size);
  const f = buildFeatures(t, folded?.weight, folded?.parsedNames);
  progress?.('features', t.size, t.size);
  const comps = o.comparators;
  const cc = candidatesCompared(f, comps, o, scope, side, progress);
  const { emData, plainPairs, copies, copyOf } = cc;
  const rnd = sampleRandomLevels(f, comps, scope, side, o.randomPairs, o.seed, folded?.of);
  progress?.('em', 0, 1);
  const lambdaStart = Math.min(0.5, Math.max(1e-4, f.rows / Math.max(1, plainPairs) / 2));
  const params = fitEm(comps, emData, rnd.uRandom, rnd.pairs, { maxIterations: o.emIterations, tolerance: 1e-7, lambdaStart });
  progress?.('em', 1, 1);

  const rad = radices(comps);
  const fi = fieldIndex(comps);
  const base = tfBaseline(f);
  const K = comps.length;
  // Weight per level, once.
  const lw = comps.map((c, k) => c.levels.map((_, l) => levelWeight(params, k, l)));
  // People move: once a clean NIK agrees exactly together with the birth date or the KK, a
  // different region or address is weak evidence, not a veto. EM on rosters where few true
  // matches moved learns m(disagree) near 0, i.e. a weight near -35 that split such a person
  // into two "different people sharing a NIK" (seen on generated rosters with moves).
  const soft = comps.map((c) => c.field === 'region' || c.field === 'address');
  const identityConfirmed = (feat: typeof f, lv: Uint8Array, i: number, j: number): boolean =>
    fi.nik >= 0 &&
    lv[fi.nik] === EXACT &&
    feat.idClean[i] === 1 &&
    feat.idClean[j] === 1 &&
    ((fi.birth >= 0 && lv[fi.birth] === EXACT) || (fi.kk >= 0 && lv[fi.kk] === EXACT));
  const tfLevel = comps.map((c) => c.levels.map((_, l) => (c.tfLevels?.includes(l) ? 1 : 0)));
  /** Field k's part of the weight at level l: scoring and explain add the same parts. */
  const fieldWeight = (k: number, l: number, confirmed: boolean, freq: number): number => {
    let fw = confirmed && soft[k] ? Math.max(SOFT_FLOOR, lw[k][l]) : lw[k][l];
    if (tfLevel[k][l] === 1) fw += tfAdjustment(l, freq, base, f.rows);
    return fw;
  };
  // The fuzzy tier's pairs are compared now that the weights are known: a pair whose cheap fields
  // leave it below the review threshold even with the best costly levels is not compared further.
  let cand: PairList = cc.full;
  let compared: Compared = cc.full.compared;
  let pruned: Uint8Array | undefined;
  let prunedPairs = 0;
  if (cc.deferred) {
    const costly = comps.map((c) => c.costly === true);
    // The most the costly fields can add: their best level, with the largest term-frequency boost.
    const costlyMax = [false, true].map((confirmed) =>
      comps.reduce((sum, c, k) => (costly[k] ? sum + Math.max(...c.levels.map((_, l) => fieldWeight(k, l, confirmed, 0) + (tfLevel[k][l] ? TF_CLAMP : 0))) : sum), 0),
    );
    const review = Math.min(o.reviewThreshold, o.linkThreshold);
    // probabilityFromWeight(w) >= review  <=>  w >= logit2(review) - logit2(lambda); a margin for rounding.
    const minWeight = Math.log2(review / (1 - review)) - Math.log2(params.lambda / (1 - params.lambda)) - 1e-6;
    const reachesReview = (lv: Uint8Array, i: number, j: number): boolean => {
      const confirmed = identityConfirmed(f, lv, i, j);
      let w = costlyMax[confirmed ? 1 : 0];
      for (let k = 0; k < K; k++) if (!costly[k]) w += fieldWeight(k, lv[k], confirmed, 0);
      return w >= minWeight;
    };
    const d = cc.deferred;
    const c2 = compareBounded(f, comps, d.a, d.b, d.length, o.prune ? reachesReview : () => true, (done, n) => progress?.('compare', done, n));
    for (let p = 0; p < d.length; p++) prunedPairs += c2.pruned[p];
    const kept = keepPruned || prunedPairs === 0 ? { list: { ...d, compared: c2 }, pruned: c2.pruned } : withoutPruned(d, c2, d.length - prunedPairs);
    ({ cand, compared, pruned } = mergeTiers(cc.full, kept.list, kept.pruned));
  }
  progress?.('score', 0, cand.length);
  const probability = new Float64Array(cand.length);
  const weight = new Float64Array(cand.length);
  const guard = new Uint8Array(cand.length);
  const levels = new Uint8Array(K);
  const levelCount = comps.map((c) => c.levels.length);
  for (let p = 0; p < cand.length; p++) {
    if (pruned && pruned[p] === 1) {
      weight[p] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const pat = compared.pattern[p];
    for (let k = 0; k < K; k++) levels[k] = Math.floor(pat / rad[k]) % levelCount[k];
    const confirmed = identityConfirmed(f, levels, cand.a[p], cand.b[p]);
    let w = 0;
    for (let k = 0; k < K; k++) w += fieldWeight(k, levels[k], confirmed, compared.freq[k]?.[p] ?? 0);
    weight[p] = w;
    const g = o.guards ? guardReason(f, fi, levels, cand.a[p], cand.b[p]) : '';
    guard[p] = GUARD_CODES.indexOf(g);
    probability[p] = g ? 0 : probabilityFromWeight(w, params.lambda);
  }
  progress?.('score', cand.length, cand.length);

  const scratch = newScratch();
  const freqs = new Float64Array(K);
  /** A pair's probability and weight; with `fields`, each field's part too (explain). */
  const weigh = (i: number, j: number, fields: FieldContribution[] | null): { probability: number; weight: number } => {
    comparePair(f, comps, rad, i, j, levels, freqs, scratch);
    const confirmed = identityConfirmed(f, levels, i, j);
    let w = 0;
    for (let k = 0; k < K; k++) {
      const l = levels[k];
      const fw = fieldWeight(k, l, confirmed, freqs[k]);
      w += fw;
      fields?.push({ field: comps[k].field, level: comps[k].levels[l], weight: fw, a: comps[k].display(f, i), b: comps[k].display(f, j) });
    }
    const g = o.guards ? guardReason(f, fi, levels, i, j) : '';
    if (g) {
      fields?.push({ field: 'guard', level: g, weight: Number.NEGATIVE_INFINITY, a: '', b: '' });
      return { probability: 0, weight: Number.NEGATIVE_INFINITY };
    }
    return { probability: probabilityFromWeight(w, params.lambda), weight: w };
  };
  const explain = (i: number, j: number): PairExplanation => {
    const fields: FieldContribution[] = [];
    return { ...weigh(i, j, fields), fields };
  };
  const pairProbability = (i: number, j: number): number => weigh(i, j, null).probability;
  // Records that can never be one person: a trap guard fires, or two clean NIKs that are not a
  // typo of each other together with birth dates that are not a typo of each other.
  // Only the fields the guards read (address coverage, the costliest, is not among them).
  const guardFields = [fi.nik, fi.name, fi.birth, fi.kk].filter((k) => k >= 0);
  const conflictLevels = new Uint8Array(K);
  const conflict = (i: number, j: number): boolean => {
    const levels = conflictLevels;
    for (const k of guardFields) levels[k] = comps[k].compare(f, i, j, scratch);
    if (guardReason(f, fi, levels, i, j)) return true;
    return f.idClean[i] === 1 && f.idClean[j] === 1 && fi.nik >= 0 && levels[fi.nik] === 5 && fi.birth >= 0 && levels[fi.birth] === 5;
  };
  const comparedPairs = cc.full.length + (cc.deferred?.length ?? 0);
  return { f, comps, a: cand.a, b: cand.b, length: cand.length, probability, weight, guard, params, rules: cc.rules, exactCopies: cc.exactCopies, comparedPairs, prunedPairs, copies, copyOf, explain, pairProbability, conflict };
}

function statsOf(s: Scored): MatchStats {
  return { rules: s.rules, exactCopies: s.exactCopies, comparedPairs: s.comparedPairs, prunedPairs: s.prunedPairs, em: s.params };
}

function select(s: Scored, keep: (p: number) => boolean) {
  return gather(s.a, s.b, s.probability, s.length, keep);
}

/** The entries p < length for which keep(p) holds, in order, as typed arrays (no number[] per link). */
function gather(a: Uint32Array, b: Uint32Array, probability: Float64Array, length: number, keep: (p: number) => boolean) {
  const mark = new Uint8Array(length);
  let m = 0;
  for (let p = 0; p < length; p++) if (keep(p)) (mark[p] = 1), m++;
  const out = { a: new Uint32Array(m), b: new Uint32Array(m), probability: new Float64Array(m), length: m };
  let q = 0;
  for (let p = 0; p < length; p++) {
    if (mark[p] === 0) continue;
    out.a[q] = a[p];
    out.b[q] = b[p];
    out.probability[q] = probability[p];
    q++;
  }
  return out;
}

/** Clusters the links above threshold with the chain guard; returns persons and accepted flags. */
function clusterScored(s: Scored, threshold: number) {
  const links = select(s, (p) => s.probability[p] >= threshold);
  // Copies conflict exactly as their class head does: only heads are checked, standing for their copies.
  const checked = new Uint32Array(s.f.n);
  for (let i = 0; i < s.f.n; i++) if (s.f.idClean[i] === 1 || s.f.birth[i] > 0) checked[i] = s.copies ? s.copies[i] : 1;
  const cl = clusterLinks(s.f.n, links.a, links.b, links.probability, links.length, { conflict: s.conflict, checked });
  // A copy is its first record's person (the first is the smallest index of its class, so the
  // cluster's smallest index does not change).
  const copyOf = s.copyOf;
  if (copyOf) for (let i = 0; i < s.f.n; i++) if (copyOf[i] !== i) cl.person[i] = cl.person[copyOf[i]];
  return { links, ...cl };
}

/**
 * The whole table, within and across sources: persons, accepted links with probabilities, possible
 * links for review, and same-NIK conflicts.
 */
export function matchRecords(table: RecordTable, opts: MatchOptions = {}): MatchResult {
  const o = defaults(opts);
  const { d, s, explainRows } = scoreDistinct(table, opts, false);
  opts.onProgress?.('cluster', 0, 1);
  const { links, person, accepted } = clusterScored(s, o.linkThreshold);
  const pick = (wanted: number) => gather(links.a, links.b, links.probability, links.length, (p) => accepted[p] === wanted);
  const review = select(s, (p) => s.probability[p] >= o.reviewThreshold && s.probability[p] < o.linkThreshold);
  const refused = pick(0);
  const reviewAll = mergeSorted(review, refused);
  const conflicts = nikConflicts(s.f, person);
  releaseSortScratch();
  releaseBlockScratch();
  opts.onProgress?.('cluster', 1, 1);
  return {
    person: rowsPerson(d, person),
    links: toRows(d, pick(1)),
    review: toRows(d, reviewAll),
    conflicts: toRows(d, conflicts),
    explain: explainRows,
    pairProbability: inRows(d, s.pairProbability),
    stats: statsOf(s),
  };
}

/** A question about two distinct records, asked of two rows. */
function inRows<T>(d: DistinctRecords, ofRecords: (i: number, j: number) => T): (a: number, b: number) => T {
  return folded(d) ? (a, b) => ofRecords(d.of[a], d.of[b]) : ofRecords;
}

/**
 * score() over the table's distinct records (see distinct.ts); results come back in records, and
 * rowsPerson / toRows / explainRows turn them into rows.
 */
function scoreDistinct(t: RecordTable, opts: MatchOptions, keepPruned: boolean) {
  opts.onProgress?.('distinct', 0, t.size);
  const d = distinctRecords(t);
  const s = score(d.table, 'all', undefined, opts, d, keepPruned);
  const explainRows = inRows(d, s.explain);
  return { d, s, explainRows };
}

/** Whether any rows were folded (otherwise records are rows). */
function folded(d: DistinctRecords): boolean {
  return d.row.length !== d.of.length;
}

/** Each row's person: its record's, named by the cluster's smallest row (a record's first row). */
function rowsPerson(d: DistinctRecords, person: Uint32Array): Uint32Array {
  if (!folded(d)) return person;
  const out = new Uint32Array(d.of.length);
  for (let i = 0; i < out.length; i++) out[i] = d.row[person[d.of[i]]];
  return out;
}

/** Pairs of records as pairs of their first rows: the order (a, b) is kept, rows ascend with records. */
function toRows<T extends { a: Uint32Array; b: Uint32Array; length: number }>(d: DistinctRecords, pairs: T): T {
  if (!folded(d)) return pairs;
  for (let p = 0; p < pairs.length; p++) {
    pairs.a[p] = d.row[pairs.a[p]];
    pairs.b[p] = d.row[pairs.b[p]];
  }
  return pairs;
}

function mergeSorted(
  x: { a: Uint32Array; b: Uint32Array; probability: Float64Array; length: number },
  y: { a: Uint32Array; b: Uint32Array; probability: Float64Array; length: number },
) {
  const n = x.length + y.length;
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  const pr = new Float64Array(n);
  a.set(x.a);
  a.set(y.a, x.length);
  b.set(x.b);
  b.set(y.b, x.length);
  pr.set(x.probability);
  pr.set(y.probability, x.length);
  const order = argsortU32(a, argsortU32(b));
  return { a: Uint32Array.from(order, (p) => a[p]), b: Uint32Array.from(order, (p) => b[p]), probability: Float64Array.from(order, (p) => pr[p]), length: n };
}

/** Records sharing a clean NIK that ended up as different persons. */
function nikConflicts(f: Features, person: Uint32Array) {
  // Records per NIK by a counting sort on the features' NIK group ids (in record order within a NIK).
  let groups = 0;
  for (let i = 0; i < f.n; i++) if (f.nikGroup[i] > groups) groups = f.nikGroup[i];
  const start = new Uint32Array(groups + 2);
  for (let i = 0; i < f.n; i++) if (f.nikGroup[i] > 0) start[f.nikGroup[i] + 1]++;
  for (let g = 1; g <= groups + 1; g++) start[g] += start[g - 1];
  const fill = start.slice(0, groups + 1);
  const recs = new Uint32Array(start[groups + 1]);
  for (let i = 0; i < f.n; i++) if (f.nikGroup[i] > 0) recs[fill[f.nikGroup[i]]++] = i;
  const A: number[] = [];
  const B: number[] = [];
  for (let g = 1; g <= groups; g++) {
    const s = start[g];
    const e = start[g + 1];
    let onePerson = true;
    for (let q = s + 1; q < e && onePerson; q++) if (person[recs[q]] !== person[recs[s]]) onePerson = false;
    if (onePerson) continue;
    // First record of each distinct person in this NIK group (records are in index order).
    const firstOf: number[] = [];
    for (let q = s; q < e; q++) {
      const r = recs[q];
      if (!firstOf.some((x) => person[x] === person[r])) firstOf.push(r);
    }
    for (let k = 1; k < firstOf.length; k++) {
      A.push(firstOf[0]);
      B.push(firstOf[k]);
    }
  }
  // Group ids follow the NIK's value, so the pairs come out by NIK.
  return { a: Uint32Array.from(A), b: Uint32Array.from(B), length: A.length };
}

function concatTables(x: RecordTable, y: RecordTable): RecordTable {
  const b = new RecordTableBuilder(x.size + y.size);
  b.append(x);
  b.append(y);
  return b.finish();
}

/** Links records of table a to records of table b (cross pairs only). */
export function linkTables(a: RecordTable, b: RecordTable, opts: MatchOptions = {}): ScoredPairs {
  const o = defaults(opts);
  const joined = concatTables(a, b);
  const side = new Uint8Array(joined.size);
  side.fill(1, a.size);
  const s = score(joined, 'cross', side, opts);
  const linked = new Uint8Array(s.length);
  if (opts.oneToOne ?? true) {
    // Greedy one-to-one: best pairs first, each record used once.
    const keys = new Uint32Array(s.length);
    for (let p = 0; p < s.length; p++) keys[p] = Math.round((1 - s.probability[p]) * 0xffffffff) >>> 0;
    const order = argsortU32(keys);
    const used = new Uint8Array(joined.size);
    for (const p of order) {
      if (s.probability[p] < o.linkThreshold) break;
      if (used[s.a[p]] || used[s.b[p]]) continue;
      used[s.a[p]] = used[s.b[p]] = 1;
      linked[p] = 1;
    }
  } else {
    for (let p = 0; p < s.length; p++) linked[p] = s.probability[p] >= o.linkThreshold ? 1 : 0;
  }
  const off = a.size;
  releaseSortScratch();
  releaseBlockScratch();
  return {
    a: s.a.slice(),
    b: Uint32Array.from(s.b, (x) => x - off),
    probability: s.probability,
    weight: s.weight,
    linked,
    length: s.length,
    explain: (i, j) => s.explain(i, j + off),
    stats: statsOf(s),
  };
}

/** Duplicates within one table: scored pairs, accepted links and persons (with the chain guard). */
export function findDuplicates(t: RecordTable, opts: MatchOptions = {}): ScoredPairs {
  const o = defaults(opts);
  const { d, s, explainRows } = scoreDistinct(t, opts, true);
  const { links, person, accepted } = clusterScored(s, o.linkThreshold);
  const linked = new Uint8Array(s.length);
  releaseSortScratch();
  releaseBlockScratch();
  // Links and candidates are both sorted by (a, b): walk them together.
  let q = 0;
  for (let p = 0; p < s.length && q < links.length; p++) {
    if (s.a[p] === links.a[q] && s.b[p] === links.b[q]) {
      linked[p] = accepted[q];
      q++;
    }
  }
  const pairs = toRows(d, { a: s.a, b: s.b, length: s.length });
  return {
    a: pairs.a,
    b: pairs.b,
    probability: s.probability,
    weight: s.weight,
    linked,
    length: s.length,
    person: rowsPerson(d, person),
    explain: explainRows,
    stats: statsOf(s),
  };
}
