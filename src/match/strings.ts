// String primitives for the comparators. Jaro-Winkler is written here (30 lines, no allocation per
// call beyond two small flag arrays) rather than taken from npm: the `jaro-winkler` package is
// unmaintained and allocates per call; Levenshtein comes from fastest-levenshtein.

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler with the usual prefix scale 0.1 over at most 4 leading characters. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j === 0 || j === 1) return j;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/** How two digit strings of any length differ: the identifier comparator's levels. */
export enum IdEdit {
  Exact = 0,
  Substitution = 1,
  Transposition = 2,
  /** One digit missing or extra (a 15-digit NIK that lost a digit). */
  Indel = 3,
  Other = 4,
}

/** True when b is a with exactly one character removed (a is one longer). */
function oneDeletion(a: string, b: string): boolean {
  let i = 0;
  while (i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  for (let j = i; j < b.length; j++) if (a.charCodeAt(j + 1) !== b.charCodeAt(j)) return false;
  return true;
}

/** Exact, one substituted digit, two adjacent digits swapped, one digit missing, or anything else. */
export function idEdit(a: string, b: string): IdEdit {
  if (a === b) return IdEdit.Exact;
  if (a.length === b.length + 1) return oneDeletion(a, b) ? IdEdit.Indel : IdEdit.Other;
  if (b.length === a.length + 1) return oneDeletion(b, a) ? IdEdit.Indel : IdEdit.Other;
  if (a.length !== b.length) return IdEdit.Other;
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      if (diffs === 0) first = i;
      diffs++;
      if (diffs > 2) return IdEdit.Other;
    }
  }
  if (diffs === 1) return IdEdit.Substitution;
  if (first + 1 < a.length && a[first] === b[first + 1] && a[first + 1] === b[first] && a[first + 1] !== b[first + 1]) {
    return IdEdit.Transposition;
  }
  return IdEdit.Other;
}

const POW10 = [1e7, 1e6, 1e5, 1e4, 1e3, 1e2, 1e1, 1];

/** Digit k (0 = leftmost) of an 8-digit half. */
function digitOf(half: number, k: number): number {
  // Halves are below 1e8: truncating to uint32 keeps the modulo in integers (a float % is a call).
  return ((half / POW10[k]) >>> 0) % 10;
}

/** First differing digit position of the last idEditHalves call (-1 when exact). */
export let lastFirstDiff = -1;

/**
 * idEdit for two 16-digit identifiers given as their two 8-digit halves: the same answer as on
 * their text, without reading any string (a pair compare touched four cold string objects).
 * Sets lastFirstDiff.
 */
export function idEditHalves(ah: number, al: number, bh: number, bl: number): IdEdit {
  let first = -1;
  let second = -1;
  let diffs = 0;
  for (let half = 0; half < 2; half++) {
    const x = half === 0 ? ah : al;
    const y = half === 0 ? bh : bl;
    if (x === y) continue;
    for (let k = 0; k < 8; k++) {
      if (digitOf(x, k) === digitOf(y, k)) continue;
      diffs++;
      if (diffs > 2) {
        lastFirstDiff = first;
        return IdEdit.Other;
      }
      if (diffs === 1) first = half * 8 + k;
      else second = half * 8 + k;
    }
  }
  lastFirstDiff = first;
  if (diffs === 0) return IdEdit.Exact;
  if (diffs === 1) return IdEdit.Substitution;
  if (second !== first + 1) return IdEdit.Other;
  const digit = (h: number, l: number, pos: number): number => (pos < 8 ? digitOf(h, pos) : digitOf(l, pos - 8));
  const a0 = digit(ah, al, first);
  const a1 = digit(ah, al, second);
  const b0 = digit(bh, bl, first);
  const b1 = digit(bh, bl, second);
  return a0 === b1 && a1 === b0 ? IdEdit.Transposition : IdEdit.Other;
}

/** FNV-1a 32-bit hash of a string, never 0 (0 means "no key" in blocking). */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h >>>= 0;
  return h === 0 ? 1 : h;
}

/** Mixes an integer into a hash (for keys such as birth date + name). */
export function hashMix(h: number, v: number): number {
  let x = (h ^ Math.imul(v | 0, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x = (x ^ (x >>> 16)) >>> 0;
  return x === 0 ? 1 : x;
}
