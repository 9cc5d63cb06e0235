import type { Features, Vocab } from './features.js';
import type { RecordTable } from '../domain/table.js';
import { Rng } from '../domain/rng.js';
import { grown } from '../domain/grow.js';
import { argsortU32, PairBuffer, scratchU32, sortByKey, uniquePairs } from './sort.js';
import { hash32, hashMix, IdEdit, idEditHalves } from './strings.js';
import { idToString } from '../domain/ids.js';

/**
 * Blocking: which pairs are worth comparing. Each rule gives every record zero or more 32-bit keys;
 * records sharing a key within a rule become candidate pairs, and the rules are unioned. Keys are
 * sorted with a radix argsort (typed arrays, no Map per record). A block larger than maxBlockSize
 * (a placeholder NIK, 1 January birthdays, SITI in a big district) is not compared all-to-all but
 * by a sorted-neighbourhood window over the name, so one bad value cannot explode the run.
 */
export interface BlockingRule {
  readonly name: string;
  /** Writes record i's keys into out (non-zero); returns how many. */
  keys(f: BlockingFeatures, i: number, out: Uint32Array): number;
}

export type PairScope = 'all' | 'cross' | 'within';

/** What blocking reads of the features: a rule can run on a copy of just these (another thread). */
export type BlockingFeatures = Pick<
  Features,
  'n' | 'idText' | 'idClean' | 'kkText' | 'kkClean' | 'birth' | 'nameStart' | 'nameMainEnd' | 'nameTok' | 'nameSortedKey' | 'regionDigits' | 'regionScheme' | 'regionRegency'
> & {
  nameVocab: Pick<Vocab, 'text' | 'phon' | 'df'>;
  table: Pick<RecordTable, 'nikHi' | 'nikLo' | 'kkHi' | 'kkLo' | 'region'>;
};

/**
 * The blocking fields of f as a plain object, for a structured clone to a worker that runs `rule`.
 * Strings are what cost to clone: the KK texts (one per record) go only to the rule that keys on them.
 */
export function blockingView(f: BlockingFeatures, rule: BlockingRule): BlockingFeatures {
  return {
    n: f.n,
    idText: f.idText,
    idClean: f.idClean,
    kkText: rule === kkRule ? f.kkText : [],
    kkClean: f.kkClean,
    birth: f.birth,
    nameStart: f.nameStart,
    nameMainEnd: f.nameMainEnd,
    nameTok: f.nameTok,
    nameSortedKey: f.nameSortedKey,
    regionDigits: f.regionDigits,
    regionScheme: f.regionScheme,
    regionRegency: f.regionRegency,
    nameVocab: { text: f.nameVocab.text, phon: f.nameVocab.phon, df: f.nameVocab.df },
    table: { nikHi: f.table.nikHi, nikLo: f.table.nikLo, kkHi: f.table.kkHi, kkLo: f.table.kkLo, region: f.table.region },
  };
}

export interface BlockingOptions {
  maxBlockSize: number;
  window: number;
  scope: PairScope;
  /** Side (0/1) or source of each record, for 'cross' and 'within'. */
  side?: Uint16Array | Uint8Array;
  /**
   * Group per record: records already known to be one person (same identifier, agreeing name and
   * birth date) share a group id. A block then keeps one member per group and proposes no pair
   * inside a group: clustering joins the rest, and a block of k records of m people costs m(m-1)/2
   * comparisons instead of k(k-1)/2.
   */
  group?: Uint32Array;
  /** Records whose exact-identifier block was compared in full: a pair of them with the same
   *  identifier text was already compared, so other rules skip it. */
  idCompared?: Uint8Array;
  /** 1 for records whose group already holds two records with the same identifier: a pair of two
   *  such records is not proposed (each side already found its counterparts by identifier). */
  resolved?: Uint8Array;
  /** Propose a pair of two clean NIKs only when the names share a word's sound class (or one name
   *  is empty): NIK neighbours (same district and birthday, next serial) are one digit apart too. */
  requireNameSound?: boolean;
  /** With requireNameSound: a pair whose NIKs are one typo apart passes too. */
  passNikTypo?: boolean;
  /** With requireNameSound: a pair with the same birth date passes too. */
  passSameBirth?: boolean;
  /** Only each group's first record gives keys (for rules whose keys come from the identifier
   *  alone, which every member of a group shares). */
  keysPerGroup?: boolean;
  /** Hash of each record's identifier text (0 = none), for the idCompared check. */
  idKey?: Uint32Array;
  /**
   * Exact copies (same values in every compared field) have the same keys, so only the first of
   * each class is keyed: copies[i] is how many records i stands for (0 for a copy). The EM sample
   * still draws from the plain blocks, copies included.
   */
  copies?: Uint32Array;
}

export interface RuleStats {
  rule: string;
  /** Distinct pairs this rule proposes (before the union). */
  candidatePairs: number;
  /** Blocks too large for all-to-all comparison, compared by window instead. */
  cappedBlocks: number;
}

/** Pairs of records (a < b), the first `length` entries of the columns. */
export interface PairList {
  a: Uint32Array;
  b: Uint32Array;
  length: number;
}

export interface CandidatePairs extends PairList {
  rules: RuleStats[];
}

const MAX_KEYS = 24;

// Per-token prefix hashes, computed once per vocabulary rather than sliced per record and rule.
// Looked up on every keys() call, so a few recent slots rather than a Map keyed by a built string.
interface PrefixSlot {
  vocab: BlockingFeatures['nameVocab'];
  len: number;
  seed: number;
  hashes: Uint32Array;
}
const prefixSlots: PrefixSlot[] = [];

function tokenPrefixHashes(f: BlockingFeatures, len: number, seed: number): Uint32Array {
  for (const slot of prefixSlots) if (slot.vocab === f.nameVocab && slot.len === len && slot.seed === seed) return slot.hashes;
  const text = f.nameVocab.text;
  const hashes = new Uint32Array(text.length);
  for (let t = 0; t < text.length; t++) hashes[t] = hash32(text[t].slice(0, len), seed);
  prefixSlots.unshift({ vocab: f.nameVocab, len, seed, hashes });
  if (prefixSlots.length > 4) prefixSlots.pop();
  return hashes;
}

/** Distinct hashes of the first `len` letters of up to `limit` main name words. */
function tokenPrefixes(f: BlockingFeatures, i: number, out: Uint32Array, limit: number, len: number): number {
  const hashes = tokenPrefixHashes(f, len, 0x165667b1);
  let k = 0;
  for (let p = f.nameStart[i]; p < f.nameMainEnd[i] && k < limit; p++) {
    const h = hashes[f.nameTok[p]];
    let dup = false;
    for (let q = 0; q < k; q++) if (out[q] === h) dup = true;
    if (!dup) out[k++] = h;
  }
  return k;
}

function distinctTokenPhons(f: BlockingFeatures, i: number, out: Uint32Array, limit: number): number {
  let k = 0;
  for (let p = f.nameStart[i]; p < f.nameMainEnd[i] && k < limit; p++) {
    const ph = f.nameVocab.phon[f.nameTok[p]] + 1;
    let dup = false;
    for (let q = 0; q < k; q++) if (out[q] === ph) dup = true;
    if (!dup) out[k++] = ph;
  }
  return k;
}

/** Sound classes of the `limit` rarest main name words (by document frequency). */
let rareOrder = new Uint32Array(64);
function rarestTokenPhons(f: BlockingFeatures, i: number, out: Uint32Array, limit: number): number {
  const s = f.nameStart[i];
  const e = f.nameMainEnd[i];
  if (e - s <= limit) return distinctTokenPhons(f, i, out, limit);
  // The words by (document frequency, id), by insertion into scratch: an array and a sort
  // closure per record were millions of short-lived objects (0.7k scavenges at 10M).
  const df = f.nameVocab.df;
  const len = e - s;
  if (len > rareOrder.length) rareOrder = new Uint32Array(len * 2);
  for (let p = 0; p < len; p++) {
    const t = f.nameTok[s + p];
    let q = p;
    while (q > 0 && (df[rareOrder[q - 1]] > df[t] || (df[rareOrder[q - 1]] === df[t] && rareOrder[q - 1] > t))) {
      rareOrder[q] = rareOrder[q - 1];
      q--;
    }
    rareOrder[q] = t;
  }
  let k = 0;
  for (let r = 0; r < len; r++) {
    const t = rareOrder[r];
    if (k === limit) break;
    const ph = f.nameVocab.phon[t] + 1;
    let dup = false;
    for (let q = 0; q < k; q++) if (out[q] === ph) dup = true;
    if (!dup) out[k++] = ph;
  }
  return k;
}

/**
 * The regency a record lives in, or 0. The weak name rules are partitioned by it: their blocks
 * (everyone called SITI AMINAH, everyone born on a day whose name starts with SI) otherwise grow
 * with the whole province, so their pairs grow with its square.
 */
function regencyOf(f: BlockingFeatures, i: number): number {
  return f.regionRegency[f.table.region[i]];
}

/** Digits (as char codes) of an identifier, in idChars; returns how many (0: none). A clean one
 *  (no text: see Features.idText) is spelt from its two 8-digit halves, as idToString would. */
const idChars = new Uint16Array(64);
function identifierChars(clean: number, hi: number, lo: number, text: string): number {
  if (clean === 1) {
    for (let k = 7; k >= 0; k--) {
      const dh = hi % 10;
      const dl = lo % 10;
      idChars[k] = 48 + dh;
      idChars[k + 8] = 48 + dl;
      hi = (hi - dh) / 10;
      lo = (lo - dl) / 10;
    }
    return 16;
  }
  if (text.length > idChars.length) return text.length;
  for (let k = 0; k < text.length; k++) idChars[k] = text.charCodeAt(k);
  return text.length;
}

/** hash32 of an identifier's digits (0: none). */
function identifierHash(clean: number, hi: number, lo: number, text: string, seed: number): number {
  const len = identifierChars(clean, hi, lo, text);
  if (len === 0) return 0;
  if (len > idChars.length) return hash32(text, seed);
  let h = seed;
  for (let p = 0; p < len; p++) h = Math.imul(h ^ idChars[p], 0x01000193);
  h >>>= 0;
  return h === 0 ? 1 : h;
}

/** Same identifier digits (NIK, or any-length ID such as FEBRL's soc_sec_id). */
export const nikRule: BlockingRule = {
  name: 'nik',
  keys(f, i, out) {
    const h = identifierHash(f.idClean[i], f.table.nikHi[i], f.table.nikLo[i], f.idText[i], 0x811c9dc5);
    if (h === 0) return 0;
    out[0] = h;
    return 1;
  },
};

/**
 * Identifier one typo apart: the deletion neighbourhood (the id with one digit removed, for every
 * position). One substitution shares the key for its position; an adjacent swap shares a key too.
 */
export const nikTypoRule: BlockingRule = {
  name: 'nik-typo',
  keys(f, i, out) {
    const len = identifierChars(f.idClean[i], f.table.nikHi[i], f.table.nikLo[i], f.idText[i]);
    if (len === 0 || len > MAX_KEYS) return 0;
    const t = idChars;
    // FNV-1a of the text without position p (as hash32 of the shortened string), without building it.
    // Removing either of two equal neighbours gives the same text: one key for both, so a record
    // is in each of its blocks once.
    let pre = 0x2545f491;
    let k = 0;
    for (let p = 0; p < len; p++) {
      const c = t[p];
      if (p === 0 || c !== t[p - 1]) {
        let h = pre;
        for (let j = p + 1; j < len; j++) h = Math.imul(h ^ t[j], 0x01000193);
        h >>>= 0;
        out[k++] = h === 0 ? 1 : h;
      }
      pre = Math.imul(pre ^ c, 0x01000193);
    }
    return k;
  },
};

export const kkRule: BlockingRule = {
  name: 'kk',
  keys(f, i, out) {
    const h = identifierHash(f.kkClean[i], f.table.kkHi[i], f.table.kkLo[i], f.kkText[i], 0x1b873593);
    if (h === 0) return 0;
    out[0] = h;
    return 1;
  },
};

/** Birth date plus the first two letters (sound class) of any one name word: survives typos. */
export const birthNameRule: BlockingRule = {
  name: 'birth+name',
  keys(f, i, out) {
    const b = f.birth[i];
    if (b === 0) return 0;
    const k = tokenPrefixes(f, i, out, 4, 2);
    const reg = regencyOf(f, i);
    for (let q = 0; q < k; q++) out[q] = hashMix(hashMix(hashMix(0x3c6ef372, out[q]), b), reg);
    return k;
  },
};

/** Birth date and district: everyone born the same day in the same kecamatan (or postcode). */
export const birthRegionRule: BlockingRule = {
  name: 'birth+region',
  keys(f, i, out) {
    const b = f.birth[i];
    const r = f.table.region[i];
    if (b === 0 || r === 0 || f.regionDigits[r] === '') return 0;
    out[0] = hashMix(hash32(f.regionDigits[r].slice(0, 6), f.regionScheme[r] * 7919 + 31), b);
    return 1;
  },
};

/** Region (the full code: a village, or a postcode) plus the sound class of one of the two rarest
 *  name words: catches pairs whose NIK and birth date are both damaged. */
export const regionNameRule: BlockingRule = {
  name: 'region+name',
  keys(f, i, out) {
    const r = f.table.region[i];
    if (r === 0) return 0;
    const digits = f.regionDigits[r];
    if (digits === '') return 0;
    const rh = hash32(digits, f.regionScheme[r] * 7919 + 17);
    // Only the two rarest words: SITI or WAYAN in a village is still a block of hundreds.
    const k = rarestTokenPhons(f, i, out, 2);
    for (let q = 0; q < k; q++) out[q] = hashMix(rh, out[q]);
    return k;
  },
};

/** The first four letters of every word, in any order (catches pairs whose id, birth date and
 *  region are all damaged while the name has only small typos). */
export const nameRule: BlockingRule = {
  name: 'name',
  keys(f, i, out) {
    const s = f.nameStart[i];
    const e = f.nameMainEnd[i];
    if (e === s) return 0;
    const hashes = tokenPrefixHashes(f, 4, 0x27d4eb2f);
    // The prefixes as a multiset: sorted hashes, mixed in order.
    const n = Math.min(e - s, MAX_KEYS);
    for (let p = 0; p < n; p++) {
      const h = hashes[f.nameTok[s + p]];
      let q = p;
      while (q > 0 && out[q - 1] > h) {
        out[q] = out[q - 1];
        q--;
      }
      out[q] = h;
    }
    let key = hashMix(0x27d4eb2f, regencyOf(f, i));
    for (let p = 0; p < n; p++) key = hashMix(key, out[p]);
    out[0] = key;
    return 1;
  },
};

export const DEFAULT_RULES: readonly BlockingRule[] = [nikRule, nikTypoRule, kkRule, birthNameRule, birthRegionRule, regionNameRule, nameRule];

/**
 * What a pair check reads about each member of a block, gathered once per member: a block of k
 * members has k(k-1)/2 pairs, and reading the record columns (scattered over the whole table) per
 * pair was most of blocking's time.
 */
class Members {
  rec = new Uint32Array(64);
  /** Groups of the members so far (small blocks de-duplicate groups with it). */
  group = new Uint32Array(64);
  side = new Uint32Array(64);
  /** Identifier hash when the record's identifier block was compared in full, else 0. */
  idKey = new Uint32Array(64);
  clean = new Uint8Array(64);
  birth = new Int32Array(64);
  /** One bit per word sound class (mod 32) of the whole name; 0 for an empty name. */
  sound = new Uint32Array(64);
  /** The same with the classes hashed to bits another way (see W_SOUND_2). */
  sound2 = new Uint32Array(64);
  nikHi = new Uint32Array(64);
  nikLo = new Uint32Array(64);
  ensure(size: number): void {
    if (this.rec.length >= size) return;
    const cap = size * 2;
    const rec = new Uint32Array(cap);
    rec.set(this.rec);
    this.rec = rec;
    this.group = new Uint32Array(cap);
    this.side = new Uint32Array(cap);
    this.idKey = new Uint32Array(cap);
    this.clean = new Uint8Array(cap);
    this.birth = new Int32Array(cap);
    this.sound = new Uint32Array(cap);
    this.sound2 = new Uint32Array(cap);
    this.nikHi = new Uint32Array(cap);
    this.nikLo = new Uint32Array(cap);
  }
}

/** Which member fields the rule's pair check reads. */
interface PairCheck {
  scoped: boolean;
  within: boolean;
  idCompared: boolean;
  nameSound: boolean;
}

function pairCheck(opts: BlockingOptions): PairCheck {
  return {
    scoped: opts.scope !== 'all' && opts.side !== undefined,
    within: opts.scope === 'within',
    idCompared: opts.idCompared !== undefined,
    nameSound: opts.requireNameSound === true,
  };
}

// A rule's member payload: per record, everything a block reads about a member, side by side.
// Entries sorted by key visit records at random, and one column per field cost a cache miss each.
// Eight words: two records to a 64-byte cache line.
const STRIDE = 8;
const W_GROUP = 0;
/** Identifier hash when the record's identifier block was compared in full, else 0. */
const W_ID_KEY = 1;
const W_BIRTH = 2;
/** Name sound bits (see gather), for records with a clean NIK when the rule asks for them. */
const W_SOUND = 3;
/** F_CLEAN | F_RESOLVED | copies << COPIES_SHIFT | side << 16. */
const W_FLAGS = 4;
const W_NIK_HI = 5;
const W_NIK_LO = 6;
/** A second sound mask, each class on the bit its multiplicative hash picks: two names whose masks
 *  overlap in both share a class far more often than with one mask, so fewer pairs need the words. */
const W_SOUND_2 = 7;
const F_CLEAN = 1;
const F_RESOLVED = 2;
/** Flags bits 2..15: the rows the record stands for (copies), COPIES_MAX meaning "look it up". */
const COPIES_SHIFT = 2;
const COPIES_MAX = 0x3fff;
/** Blocks up to this many entries de-duplicate groups by a scan of the members so far. */
const SMALL_BLOCK = 32;
/** Entries whose record stands for several exact copies carry this bit: only they need the sample's
 *  look at copies[] (a singleton block of a plain record adds no plain pair). */
const MANY_COPIES = 0x80000000;
const REC = 0x7fffffff;

let payloadScratch = new Uint32Array(0);
/** Block stamps per group, for big blocks only (borrowed on the first one). */
let seenScratch = new Uint32Array(0);
let seenStamp = 0;

/** Lets go of the payload kept between rules (call once matching is over). */
export function releaseBlockScratch(): void {
  payloadScratch = new Uint32Array(0);
  payloadOf = null;
  seenScratch = new Uint32Array(0);
}

/** What the payload in payloadScratch was built from: the next rule with the same inputs only
 *  rewrites the flags (rules differ in which records count as resolved). */
let payloadOf: { f: BlockingFeatures; group?: Uint32Array; idCompared?: Uint8Array; idKey?: Uint32Array; copies?: Uint32Array; side?: Uint16Array | Uint8Array } | null = null;

function memberPayload(f: BlockingFeatures, opts: BlockingOptions): Uint32Array {
  const n = f.n;
  const { group, idCompared, idKey, resolved, side, copies } = opts;
  const flags = (i: number): number => {
    const rows = copies ? Math.min(copies[i], COPIES_MAX) : 1;
    return f.idClean[i] | (resolved && resolved[i] === 1 ? F_RESOLVED : 0) | (rows << COPIES_SHIFT) | ((side ? side[i] : 0) << 16);
  };
  const was = payloadOf;
  if (was && was.f === f && was.group === group && was.idCompared === idCompared && was.idKey === idKey && was.copies === copies && was.side === side && payloadScratch.length >= n * STRIDE) {
    for (let i = 0, o = W_FLAGS; i < n; i++, o += STRIDE) payloadScratch[o] = flags(i);
    return payloadScratch;
  }
  if (payloadScratch.length < n * STRIDE) payloadScratch = new Uint32Array(n * STRIDE);
  const pay = payloadScratch;
  const phon = f.nameVocab.phon;
  for (let i = 0, o = 0; i < n; i++, o += STRIDE) {
    const clean = f.idClean[i];
    pay[o + W_GROUP] = group ? group[i] : i;
    pay[o + W_ID_KEY] = idCompared && idCompared[i] === 1 ? idKey![i] : 0;
    pay[o + W_BIRTH] = f.birth[i];
    let sound = 0;
    let sound2 = 0;
    // One bit per word sound class (mod 32) of the whole name; 0 for an empty name. Only rules
    // that require a shared name sound read them, and only for clean NIKs.
    if (clean === 1) {
      for (let t = f.nameStart[i]; t < f.nameStart[i + 1]; t++) {
        const ph = phon[f.nameTok[t]];
        sound |= 1 << (ph & 31);
        sound2 |= 1 << (Math.imul(ph, 0x9e3779b1) >>> 27);
      }
    }
    pay[o + W_SOUND] = sound;
    pay[o + W_SOUND_2] = sound2;
    pay[o + W_FLAGS] = flags(i);
    pay[o + W_NIK_HI] = f.table.nikHi[i];
    pay[o + W_NIK_LO] = f.table.nikLo[i];
  }
  payloadOf = { f, group, idCompared, idKey, copies, side };
  return pay;
}

/** Pairs a block of `rows` plain rows proposes: all of them, or a sliding window over a capped block. */
function blockPairs(rows: number, opts: BlockingOptions): number {
  if (rows <= opts.maxBlockSize) return (rows * (rows - 1)) / 2;
  const w = Math.min(rows - 1, opts.window);
  return rows * w - (w * (w + 1)) / 2;
}

/** The stamp array for one more big block: seenStamp is fresh in it. */
function blockStamps(n: number): Uint32Array {
  if (seenScratch.length < n || seenStamp >= 0xfffffffe) {
    seenScratch = new Uint32Array(Math.max(n, seenScratch.length));
    seenStamp = 0;
  }
  seenStamp++;
  return seenScratch;
}

/** Fills the pair-check fields of members [0, size) from the payload. */
function gather(mem: Members, size: number, pay: Uint32Array): void {
  for (let p = 0; p < size; p++) {
    const o = mem.rec[p] * STRIDE;
    const flags = pay[o + W_FLAGS];
    mem.side[p] = flags >>> 16;
    mem.idKey[p] = pay[o + W_ID_KEY];
    mem.clean[p] = flags & F_CLEAN;
    mem.birth[p] = pay[o + W_BIRTH];
    mem.sound[p] = pay[o + W_SOUND];
    mem.sound2[p] = pay[o + W_SOUND_2];
    mem.nikHi[p] = pay[o + W_NIK_HI];
    mem.nikLo[p] = pay[o + W_NIK_LO];
  }
}

/** Proposes members p and q unless a guard drops the pair (see BlockingOptions). */
function emit(buf: ScratchPairs, opts: BlockingOptions, check: PairCheck, f: BlockingFeatures, mem: Members, p: number, q: number): void {
  const x = mem.rec[p];
  const y = mem.rec[q];
  if (x === y) return;
  if (check.scoped && (mem.side[p] === mem.side[q]) !== check.within) return;
  if (check.idCompared) {
    const k = mem.idKey[p];
    if (k !== 0 && k === mem.idKey[q] && sameIdentifier(f, mem, p, q)) return;
  }
  if (check.nameSound && mem.clean[p] === 1 && mem.clean[q] === 1) {
    const sx = mem.sound[p];
    const sy = mem.sound[q];
    // Names that share no sound class share no bit in either mask: only an overlap in both needs the words.
    const shares = sx === 0 || sy === 0 || ((sx & sy) !== 0 && (mem.sound2[p] & mem.sound2[q]) !== 0 && shareNameSound(f, x, y));
    if (!shares) {
      const sameBirth = opts.passSameBirth === true && mem.birth[p] !== 0 && mem.birth[p] === mem.birth[q];
      // Both clean: one typo apart is decided on the numeric halves, as the NIK comparator does.
      if (!sameBirth && (opts.passNikTypo !== true || idEditHalves(mem.nikHi[p], mem.nikLo[p], mem.nikHi[q], mem.nikLo[q]) === IdEdit.Other)) return;
    }
  }
  if (x < y) buf.push(x, y);
  else buf.push(y, x);
}

/** Same identifier text, read from the halves when both are clean (a worker gets no clean texts). */
function sameIdentifier(f: BlockingFeatures, mem: Members, p: number, q: number): boolean {
  const x = mem.rec[p];
  const y = mem.rec[q];
  if (mem.clean[p] === 1 && mem.clean[q] === 1) return mem.nikHi[p] === mem.nikHi[q] && mem.nikLo[p] === mem.nikLo[q];
  const text = (z: number, clean: number, hi: number, lo: number): string => (clean === 1 ? idToString(hi, lo) : f.idText[z]);
  return text(x, mem.clean[p], mem.nikHi[p], mem.nikLo[p]) === text(y, mem.clean[q], mem.nikHi[q], mem.nikLo[q]);
}

function shareNameSound(f: BlockingFeatures, x: number, y: number): boolean {
  const xs = f.nameStart[x];
  const xe = f.nameStart[x + 1];
  const ys = f.nameStart[y];
  const ye = f.nameStart[y + 1];
  if (xs === xe || ys === ye) return true;
  const phon = f.nameVocab.phon;
  for (let p = xs; p < xe; p++) {
    const ph = phon[f.nameTok[p]];
    for (let q = ys; q < ye; q++) if (phon[f.nameTok[q]] === ph) return true;
  }
  return false;
}

/** The entry of block [bs, ...) holding plain position `pos`, when each entry stands for copies[rec] records. */
function entryAt(recs: Uint32Array, copies: Uint32Array | undefined, bs: number, pos: number): number {
  if (!copies) return pos;
  let e = 0;
  for (let left = pos; left >= copies[recs[bs + e]]; e++) left -= copies[recs[bs + e]];
  return e;
}

/**
 * Draws one pair of distinct plain positions of a block (`plain` records, held by the entries from
 * bs on) into the EM sample with weight w. Two positions on one entry are two exact copies of a
 * record: the pair (x, x) compares as they do.
 */
function sampleUniformPair(sample: PairSample, recs: Uint32Array, copies: Uint32Array | undefined, bs: number, plain: number, w: number): void {
  const p = sample.rng.int(0, plain - 1);
  let q = sample.rng.int(0, plain - 2);
  if (q >= p) q++;
  const ep = entryAt(recs, copies, bs, p);
  const eq = entryAt(recs, copies, bs, q);
  const x = recs[bs + ep];
  const y = recs[bs + eq];
  // One record under two of its keys (a NIK with a repeated digit): not a pair.
  if (x === y && ep !== eq) return;
  sample.pairs.push(Math.min(x, y), Math.max(x, y));
  sample.weight.push(w);
}

export interface PairSample {
  perRule: number;
  rng: Rng;
  pairs: PairBuffer;
  weight: number[];
}

/** Growable columns of the sample's plain blocks, in key order. */
class SampleBlocks {
  length = 0;
  start = new Uint32Array(1024);
  size = new Uint32Array(1024);
  plain = new Uint32Array(1024);
  /** Plain pairs of this block and every earlier one. */
  cum = new Float64Array(1024);
  push(start: number, size: number, plain: number, cum: number): void {
    const k = this.length;
    if (k === this.start.length) {
      this.start = grown(this.start, k + 1);
      this.size = grown(this.size, k + 1);
      this.plain = grown(this.plain, k + 1);
      this.cum = grown(this.cum, k + 1);
    }
    this.start[k] = start;
    this.size[k] = size;
    this.plain[k] = plain;
    this.cum[k] = cum;
    this.length = k + 1;
  }
}

// Scratch slots (see scratchU32) for the keyed entries and the proposed pairs, kept between rules.
const KEY_SLOT = 0;
const REC_SLOT = 1;
const OUT_A_SLOT = 2;
const OUT_B_SLOT = 3;

/** A rule's proposed pairs before de-duplication, in scratch (uniquePairs copies them out). */
class ScratchPairs {
  a = scratchU32(OUT_A_SLOT, 1024);
  b = scratchU32(OUT_B_SLOT, this.a.length);
  length = 0;
  push(x: number, y: number): void {
    if (this.length === this.a.length) {
      this.a = scratchU32(OUT_A_SLOT, 2 * this.length, this.length);
      this.b = scratchU32(OUT_B_SLOT, this.a.length, this.length);
    }
    this.a[this.length] = x;
    this.b[this.length] = y;
    this.length++;
  }
}

/** Candidate pairs of one rule, de-duplicated. */
export function rulePairs(
  f: BlockingFeatures,
  rule: BlockingRule,
  opts: BlockingOptions,
  /** When given, records in oversized (windowed) blocks are marked 1. */
  cappedOut?: Uint8Array,
  sample?: PairSample,
  /** Leave the sample to the returned drawSample (to draw once earlier rules have drawn theirs). */
  drawLater = false,
): PairList & { cappedBlocks: number; drawSample?: (sample: PairSample) => void } {
  const scratch = new Uint32Array(MAX_KEYS);
  const heads = opts.keysPerGroup ? opts.group : undefined;
  const copies = opts.copies;
  // Sized once from the first records' key counts: growing by copying tens of millions of entries
  // (the NIK-typo rule keys sixteen per NIK) cost more than making the keys.
  let probed = 0;
  let probeKeys = 0;
  for (let i = 0; i < f.n && probed < 4096; i++) {
    if ((heads && heads[i] !== i) || (copies && copies[i] === 0)) continue;
    probeKeys += rule.keys(f, i, scratch);
    probed++;
  }
  const expected = probed === 0 ? 0 : Math.ceil((probeKeys / probed) * f.n * 1.1);
  let keys = scratchU32(KEY_SLOT, Math.max(f.n, expected) + MAX_KEYS);
  let recs = scratchU32(REC_SLOT, keys.length);
  let m = 0;
  for (let i = 0; i < f.n; i++) {
    if (heads && heads[i] !== i) continue;
    if (copies && copies[i] === 0) continue;
    if (m + MAX_KEYS > keys.length) {
      keys = scratchU32(KEY_SLOT, 2 * keys.length, m);
      recs = scratchU32(REC_SLOT, keys.length, m);
    }
    const k = rule.keys(f, i, scratch);
    const entry = copies && copies[i] > 1 ? (i | MANY_COPIES) >>> 0 : i;
    for (let q = 0; q < k; q++) {
      keys[m] = scratch[q];
      recs[m] = entry;
      m++;
    }
  }
  sortByKey(keys, recs, m);
  const out = new ScratchPairs();
  // Block stamp per group: a group's first member in a block stands for the group there. Rules
  // keyed per group already give one entry per group and block (their keys are distinct).
  const group = heads ? undefined : opts.group;
  const mem = new Members();
  const check = pairCheck(opts);
  const pay = memberPayload(f, opts);
  const resolved = opts.resolved;
  const maxPairs = (opts.maxBlockSize * (opts.maxBlockSize - 1)) / 2;
  let cappedBlocks = 0;
  // Plain blocks (start in order, cumulative plain pair count) for the sample.
  const blocks = sample ? new SampleBlocks() : null;
  let plainPairs = 0;
  let start = 0;
  while (start < m) {
    const key = keys[start];
    let e = start + 1;
    while (e < m && keys[e] === key) e++;
    let size = e - start;
    if (size === 1) {
      // No pair; to the sample only when the record stands for several exact copies.
      if (blocks && recs[start] >= MANY_COPIES) {
        const plain = copies![recs[start] & REC];
        plainPairs += blockPairs(plain, opts);
        blocks.push(start, 1, plain, plainPairs);
      }
      start = e;
      continue;
    }
    mem.ensure(size);
    const members = mem.rec;
    // Members: one per group, unresolved records first (only they pair with everyone). One pass
    // over the entries, reading each record's payload line once, also counts the plain records.
    let k = 0;
    let u = 0;
    let plain = 0;
    // A small block's groups are checked against the members so far; a stamp array over every
    // group (a cache miss per entry) only for big blocks.
    const stamped = group !== undefined && size > SMALL_BLOCK;
    const seen = stamped ? blockStamps(f.n) : seenScratch;
    const stamp = seenStamp;
    for (let p = start; p < e; p++) {
      const x = recs[p] & REC;
      const o = x * STRIDE;
      if (recs[p] >= MANY_COPIES) {
        const c = (pay[o + W_FLAGS] >>> COPIES_SHIFT) & COPIES_MAX;
        plain += c === COPIES_MAX ? copies![x] : c;
      } else plain++;
      if (group) {
        const g = pay[o + W_GROUP];
        if (stamped) {
          if (seen[g] === stamp) continue;
          seen[g] = stamp;
        } else {
          let dup = false;
          for (let q = 0; q < k && !dup; q++) dup = mem.group[q] === g;
          if (dup) continue;
          mem.group[k] = g;
        }
      }
      if (resolved && (pay[x * STRIDE + W_FLAGS] & F_RESOLVED) !== 0) members[k++] = x;
      else {
        members[k++] = members[u];
        members[u++] = x;
      }
    }
    if (blocks) {
      plainPairs += blockPairs(plain, opts);
      blocks.push(start, size, plain, plainPairs);
    }
    size = k;
    if (!resolved) u = size;
    // Pairs with at least one unresolved side.
    const pairs = u * (size - u) + (u * (u - 1)) / 2;
    if (size <= 1 || pairs === 0) {
      // one group, or every member already resolved
    } else if (pairs <= maxPairs) {
      gather(mem, size, pay);
      for (let p = 0; p < u; p++) for (let q = p + 1; q < size; q++) emit(out, opts, check, f, mem, p, q);
    } else {
      cappedBlocks++;
      if (cappedOut) for (let p = 0; p < size; p++) cappedOut[members[p]] = 1;
      gather(mem, size, pay);
      // Sorted neighbourhood inside the oversized block: order by name, then birth date.
      const byBirth = argsortU32(Uint32Array.from(members.subarray(0, size), (x) => f.birth[x]));
      const sorted = argsortU32(Uint32Array.from(members.subarray(0, size), (x) => f.nameSortedKey[x]), byBirth);
      for (let p = 0; p < size; p++) {
        const sp = sorted[p];
        const x = members[sp];
        for (let q = p + 1; q < Math.min(size, p + 1 + opts.window); q++) {
          const sq = sorted[q];
          const y = members[sq];
          if (!resolved || resolved[x] === 0 || resolved[y] === 0) emit(out, opts, check, f, mem, sp, sq);
        }
      }
    }
    start = e;
  }
  let drawSample: ((sample: PairSample) => void) | undefined;
  if (sample && blocks && plainPairs > 0) {
    for (let p = 0; p < m; p++) recs[p] &= REC;
    // Drawn later, the scratch entries will hold another rule's: the drawer keeps a copy.
    drawSample = sampleDrawer(blocks, drawLater ? recs.slice(0, m) : recs, copies, plainPairs, opts);
    if (!drawLater) drawSample(sample);
  }
  const u = uniquePairs(out.a, out.b, out.length);
  return { ...u, cappedBlocks, drawSample: drawLater ? drawSample : undefined };
}

/** Draws a rule's share of the EM sample from its plain blocks (entries recs[start..], in key order). */
function sampleDrawer(blocks: SampleBlocks, recs: Uint32Array, copies: Uint32Array | undefined, plainPairs: number, opts: BlockingOptions): (sample: PairSample) => void {
  return (sample) => {
    if (plainPairs <= sample.perRule) {
      // Few enough: every plain pair, each standing for itself.
      for (let k = 0; k < blocks.length; k++) {
        const bs = blocks.start[k];
        const size = blocks.size[k];
        const plain = blocks.plain[k];
        if (plain <= opts.maxBlockSize) {
          for (let p = 0; p < size; p++) {
            const x = recs[bs + p];
            const cx = copies ? copies[x] : 1;
            // The copies of one record pair with each other.
            if (cx > 1) {
              sample.pairs.push(x, x);
              sample.weight.push((cx * (cx - 1)) / 2);
            }
            for (let q = p + 1; q < size; q++) {
              const y = recs[bs + q];
              if (x === y) continue;
              sample.pairs.push(Math.min(x, y), Math.max(x, y));
              sample.weight.push(copies ? cx * copies[y] : 1);
            }
          }
        } else {
          const count = blocks.cum[k] - (k > 0 ? blocks.cum[k - 1] : 0);
          for (let d = 0; d < count; d++) sampleUniformPair(sample, recs, copies, bs, plain, 1);
        }
      }
    } else {
      const draws = Math.min(sample.perRule, Math.ceil(plainPairs));
      const w = plainPairs / draws;
      const cum = blocks.cum;
      for (let d = 0; d < draws; d++) {
        const target = sample.rng.next() * plainPairs;
        let lo = 0;
        let hi = blocks.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cum[mid] > target) hi = mid;
          else lo = mid + 1;
        }
        // Oversized blocks are windowed; a uniform pair of the block stands in for a window pair.
        sampleUniformPair(sample, recs, copies, blocks.start[lo], blocks.plain[lo], w);
      }
    }
  };
}

/**
 * One fuzzy rule's run as a self-contained job, so that it can run on another thread: its pairs,
 * and its share of the EM sample, drawn from the sample's random stream where the job found it.
 */
export interface RuleJob {
  rule: string;
  f: BlockingFeatures;
  opts: BlockingOptions;
  perRule: number;
  /** Rng state the rule's draws start from; the result gives the state after them. */
  rngState: number;
}

export interface RuleResult extends PairList {
  cappedBlocks: number;
  sample: PairList & { weight: Float64Array };
  rngState: number;
}

/**
 * Runs a blocking rule of DEFAULT_RULES elsewhere (a worker thread) while the caller runs the
 * others. Only the first fuzzy rule goes there: its share of the sample continues the stream the
 * identifier rule left, and the later rules draw theirs once it is back.
 */
export interface RuleRunner {
  /** Names of the rules it takes. */
  readonly rules: ReadonlySet<string>;
  /** Starts a job; the returned function waits for its result. */
  start(job: RuleJob): () => RuleResult;
}

/** A job's rule run here. */
export function runRuleJob(job: RuleJob, rule = DEFAULT_RULES.find((r) => r.name === job.rule)): RuleResult {
  if (!rule) throw new Error(`padan: no blocking rule named ${job.rule}`);
  const sample: PairSample = { perRule: job.perRule, rng: Rng.resume(job.rngState), pairs: new PairBuffer(1024), weight: [] };
  const p = rulePairs(job.f, rule, job.opts, undefined, sample);
  const k = sample.weight.length;
  return {
    a: p.a,
    b: p.b,
    length: p.length,
    cappedBlocks: p.cappedBlocks,
    sample: { a: sample.pairs.a.slice(0, k), b: sample.pairs.b.slice(0, k), length: k, weight: Float64Array.from(sample.weight) },
    rngState: sample.rng.state,
  };
}

/** The union of every rule's candidate pairs, sorted by (a, b), with per-rule counts. */
export function candidatePairs(
  f: BlockingFeatures,
  rules: readonly BlockingRule[],
  opts: BlockingOptions,
  onRule?: (done: number, total: number) => void,
): CandidatePairs {
  const lists: PairList[] = [];
  const stats: RuleStats[] = [];
  rules.forEach((rule, r) => {
    const p = rulePairs(f, rule, opts);
    stats.push({ rule: rule.name, candidatePairs: p.length, cappedBlocks: p.cappedBlocks });
    lists.push(p);
    onRule?.(r + 1, rules.length);
  });
  return { ...unionOfSorted(lists), rules: stats };
}

/**
 * The union of pair lists that are each sorted by (a, b) without repeats, sorted likewise: merged
 * two at a time, in rounds, which is linear per round instead of sorting the concatenation.
 */
export function unionOfSorted(lists: readonly PairList[]): PairList {
  let round = lists.slice();
  if (round.length === 0) return { a: new Uint32Array(0), b: new Uint32Array(0), length: 0 };
  while (round.length > 1) {
    const next: PairList[] = [];
    for (let k = 0; k + 1 < round.length; k += 2) next.push(mergeTwo(round[k], round[k + 1]));
    if (round.length % 2 === 1) next.push(round[round.length - 1]);
    round = next;
  }
  const only = round[0];
  return { a: only.a.slice(0, only.length), b: only.b.slice(0, only.length), length: only.length };
}

function mergeTwo(x: PairList, y: PairList): PairList {
  const a = new Uint32Array(x.length + y.length);
  const b = new Uint32Array(a.length);
  let p = 0;
  let q = 0;
  let m = 0;
  while (p < x.length || q < y.length) {
    let takeX = q >= y.length;
    let takeY = p >= x.length;
    if (!takeX && !takeY) {
      const ax = x.a[p];
      const ay = y.a[q];
      takeX = ax < ay || (ax === ay && x.b[p] <= y.b[q]);
      takeY = ax > ay || (ax === ay && y.b[q] <= x.b[p]);
    }
    // Equal pairs: both advance, one is kept.
    if (takeX) {
      a[m] = x.a[p];
      b[m] = x.b[p];
      p++;
      if (takeY) q++;
    } else {
      a[m] = y.a[q];
      b[m] = y.b[q];
      q++;
    }
    m++;
  }
  return { a, b, length: m };
}

/**
 * Through how many (rule, key) blocks the plain rules propose the pair x, y: the sample divides
 * by it so that a pair several blocks propose counts once. Rules marked perGroup key only group
 * heads and never pair a group with itself, so they do not count for two records of one group.
 */
export function sharedBlocks(
  f: BlockingFeatures,
  rules: readonly BlockingRule[],
  perGroup: readonly boolean[],
  group: Uint32Array,
  x: number,
  y: number,
  kx: Uint32Array,
  ky: Uint32Array,
): number {
  let c = 0;
  rules.forEach((rule, r) => {
    if (perGroup[r] && group[x] === group[y]) return;
    const nx = rule.keys(f, perGroup[r] ? group[x] : x, kx);
    const ny = rule.keys(f, perGroup[r] ? group[y] : y, ky);
    let shared = 0;
    for (let p = 0; p < nx && shared === 0; p++) for (let q = 0; q < ny; q++) if (kx[p] === ky[q]) shared = 1;
    c += shared;
  });
  return c;
}
