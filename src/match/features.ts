import { IdState } from '../domain/fields.js';
import { grown } from '../domain/grow.js';
import { keepReads, ROWS_AHEAD } from '../domain/read-ahead.js';
import { idToString } from '../domain/ids.js';
import { parseName, phoneticKey, type ParsedName } from '../domain/name.js';
import type { RecordTable } from '../domain/table.js';
import { packCompareRows } from './compare.js';
import { argsortU32, scratchU32 } from './sort.js';
import { hash32, hashMix } from './strings.js';

/**
 * Distinct tokens of one field (names or addresses). One Map entry per distinct token, never per
 * record: a province has far fewer distinct name words than people.
 */
export interface Vocab {
  text: string[];
  /** Phonetic class id per token. */
  phon: Uint32Array;
  /** Records whose value contains the token. */
  df: Uint32Array;
  /** IDF-like weight ln(1 + N / df): SITI, NUR, WAYAN weigh little, rare words a lot. */
  weight: Float64Array;
  /** 1 for all-digit tokens (house numbers, RT/RW): equal or not, never "similar". */
  numeric: Uint8Array;
  /** First character code per token. */
  initial: Uint16Array;
  /** Direct-mapped cache of token-pair similarities (key x * size + y + 1; 0 = empty). */
  simKey: Float64Array;
  simVal: Float64Array;
}

const SIM_CACHE_BITS = 16;

/** Per-record matching features, derived once from the RecordTable. */
export interface Features {
  /** Records (rows of `table`). */
  n: number;
  /** Rows of the rosters the records stand for (n unless exact copies were folded): what word and
   *  name frequencies are shares of. */
  rows: number;
  /** Rows each record stands for; absent when each stands for itself. */
  weight?: Uint32Array;
  table: RecordTable;
  /**
   * Digits of an identifier that did not arrive clean, of any length ('' when missing,
   * Excel-damaged or a placeholder, and '' for a clean NIK: its digits are its two halves, see
   * idDigitsOf). A string per clean id was millions of heap objects every full collection walked.
   */
  idText: string[];
  /** 1 when the NIK arrived clean (IdState.Ok): only then do NIK-specific guards apply. */
  idClean: Uint8Array;
  /** Dense id (1..) of each distinct clean NIK, 0 for the rest: records sharing a NIK without sorting again. */
  nikGroup: Uint32Array;
  /** The No. KK likewise ('' for a clean one). */
  kkText: string[];
  kkClean: Uint8Array;
  /** yyyymmdd or 0 when absent/bad. */
  birth: Int32Array;
  sex: Uint8Array;
  /** Per region dictionary entry: digits and scheme (0 none, 1 Kemendagri, 2 BPS). */
  regionDigits: string[];
  regionScheme: Uint8Array;
  /** Per region dictionary entry: its regency (first four digits of a Kemendagri village code)
   *  plus 1, or 0 when the region is missing, a postcode or too short to name a regency. */
  regionRegency: Uint32Array;
  /** Name tokens (CSR): record i's tokens are nameTok[nameStart[i] .. nameStart[i+1]); the
   *  bin/binti tail starts at nameMainEnd[i]. */
  nameStart: Uint32Array;
  nameMainEnd: Uint32Array;
  nameTok: Uint32Array;
  /** Hash of the sorted main tokens (0 = no name): blocking and value frequency. */
  nameSortedKey: Uint32Array;
  /** Main tokens joined without spaces (ABDULRAHMAN ~ ABDUL RAHMAN), per distinct name: record i's
   *  is nameCompact[table.nameId[i]] (no per-record array for the collector to walk). */
  nameCompact: string[];
  /** Share of rows with the same sorted name (term frequency for the exact levels). */
  nameFreq: Float64Array;
  nameVocab: Vocab;
  addrStart: Uint32Array;
  addrTok: Uint32Array;
  /** Dense id of the normalised address text (0 = no address words): equal ids, equal addresses. */
  addrKey: Uint32Array;
  addrVocab: Vocab;
  /** The comparators' cheap fields, one packed row per record (see packCompareRows). */
  compareRows: Int32Array;
}

/** Record i's NIK or KK digits as text ('' when it has none to compare). */
export function idDigitsOf(f: Pick<Features, 'idClean' | 'idText' | 'kkClean' | 'kkText' | 'table'>, field: 'nik' | 'kk', i: number): string {
  if (field === 'nik') return f.idClean[i] === 1 ? idText16(f.table.nikHi[i], f.table.nikLo[i]) : f.idText[i];
  return f.kkClean[i] === 1 ? idText16(f.table.kkHi[i], f.table.kkLo[i]) : f.kkText[i];
}

/** Whether record i has NIK or KK digits to compare (clean, or damaged with enough digits). */
export function hasIdDigits(f: Pick<Features, 'idClean' | 'idText' | 'kkClean' | 'kkText'>, field: 'nik' | 'kk', i: number): boolean {
  return field === 'nik' ? f.idClean[i] === 1 || f.idText[i] !== '' : f.kkClean[i] === 1 || f.kkText[i] !== '';
}

/** Digits of an identifier as text; '' when there is nothing usable to compare. */
export function idDigits(state: number, hi: number, lo: number, raw: string): string {
  if (state === IdState.Ok) return idToString(hi, lo);
  if (state !== IdState.Malformed) return '';
  const d = raw.replace(/\D/g, '');
  if (d.length < 5) return '';
  // Placeholders such as 0000000000000000 or 1111111: one repeated digit.
  if (/^(\d)\1*$/.test(d)) return '';
  return d;
}

function idSlot(hi: number, lo: number, mask: number): number {
  return hashMix(hashMix(0x2545f491, hi), lo) & mask;
}

/**
 * Texts of the identifiers that are not clean ('' for clean ones), and the clean NIKs' groups. The
 * same NIK arrives from several rosters, so clean ones are grouped by their two halves. The groups
 * are found in record order through an open-addressing table (no Map), so each record's columns
 * are read and written in order; only the distinct values are sorted, to number the groups by value.
 */
function fillIdTexts(state: Uint8Array, hi: Uint32Array, lo: Uint32Array, raw: string[], out: string[], groupOut?: Uint32Array): void {
  const n = state.length;
  // Both work arrays are borrowed (blocking borrows them next, at least as long): tens of MB at
  // 10M rows that would otherwise be allocated, zero-filled and collected twice per run.
  // Distinct clean value of each record plus 1 (0 = not clean).
  const local = scratchU32(REC_SCRATCH, n);
  let bits = 10;
  while (1 << bits < 2 * n) bits++;
  const mask = (1 << bits) - 1;
  const slots = scratchU32(SLOT_SCRATCH, 1 << bits).fill(0, 0, 1 << bits);
  let distinctHi = new Uint32Array(1024);
  let distinctLo = new Uint32Array(1024);
  let g = 0;
  // the slot of the id ROWS_AHEAD rows on is read now, so its cache miss overlaps (see read-ahead.ts)
  let touched = 0;
  for (let i = 0; i < n; i++) {
    if (i + ROWS_AHEAD < n) touched ^= slots[idSlot(hi[i + ROWS_AHEAD], lo[i + ROWS_AHEAD], mask)];
    if (state[i] !== IdState.Ok) {
      local[i] = 0;
      continue;
    }
    const h = hi[i];
    const l = lo[i];
    let s = idSlot(h, l, mask);
    for (;;) {
      const d = slots[s];
      if (d === 0) {
        if (g === distinctHi.length) {
          distinctHi = grown(distinctHi, g + 1);
          distinctLo = grown(distinctLo, g + 1);
        }
        distinctHi[g] = h;
        distinctLo[g] = l;
        slots[s] = ++g;
        local[i] = g;
        break;
      }
      if (distinctHi[d - 1] === h && distinctLo[d - 1] === l) {
        local[i] = d;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  keepReads(touched);
  let group: Uint32Array | undefined;
  if (groupOut) {
    // Group ids follow the value (index.ts lists NIK conflicts in that order).
    const byValue = argsortU32(distinctHi.subarray(0, g), argsortU32(distinctLo.subarray(0, g)));
    group = new Uint32Array(g);
    for (let q = 0; q < g; q++) group[byValue[q]] = q + 1;
  }
  for (let i = 0; i < n; i++) {
    const d = local[i];
    if (d === 0) {
      out[i] = idDigits(state[i], hi[i], lo[i], raw[i] ?? '');
      continue;
    }
    out[i] = '';
    if (groupOut && group) groupOut[i] = group[d - 1];
  }
}

/** scratchU32 slots fillIdTexts borrows (block.ts borrows 0 and 1 after features are built). */
const SLOT_SCRATCH = 0;
const REC_SCRATCH = 1;

/**
 * idToString as one flat string: a concatenation would leave a two-part string per distinct id
 * that the comparators flatten (another copy) on first read.
 */
function idText16(hi: number, lo: number): string {
  if (hi >= 1e8 || lo >= 1e8) return idToString(hi, lo);
  return String.fromCharCode(
    48 + ((hi / 1e7) | 0), 48 + (((hi / 1e6) | 0) % 10), 48 + (((hi / 1e5) | 0) % 10), 48 + (((hi / 1e4) | 0) % 10),
    48 + (((hi / 1e3) | 0) % 10), 48 + (((hi / 100) | 0) % 10), 48 + (((hi / 10) | 0) % 10), 48 + (hi % 10),
    48 + ((lo / 1e7) | 0), 48 + (((lo / 1e6) | 0) % 10), 48 + (((lo / 1e5) | 0) % 10), 48 + (((lo / 1e4) | 0) % 10),
    48 + (((lo / 1e3) | 0) % 10), 48 + (((lo / 100) | 0) % 10), 48 + (((lo / 10) | 0) % 10), 48 + (lo % 10),
  );
}

class VocabBuilder {
  private index = new Map<string, number>();
  private phonIndex = new Map<string, number>();
  text: string[] = [];
  phon: number[] = [];
  dfCount: number[] = [];
  id(tok: string): number {
    let k = this.index.get(tok);
    if (k === undefined) {
      k = this.text.length;
      this.index.set(tok, k);
      this.text.push(tok);
      const p = phoneticKey(tok);
      let pk = this.phonIndex.get(p);
      if (pk === undefined) {
        pk = this.phonIndex.size;
        this.phonIndex.set(p, pk);
      }
      this.phon.push(pk);
      this.dfCount.push(0);
    }
    return k;
  }
  finish(n: number): Vocab {
    const df = Uint32Array.from(this.dfCount);
    const weight = new Float64Array(df.length);
    for (let t = 0; t < df.length; t++) weight[t] = Math.log(1 + n / Math.max(1, df[t]));
    const numeric = Uint8Array.from(this.text, (t) => (/^\d+$/.test(t) ? 1 : 0));
    const size = 1 << SIM_CACHE_BITS;
    const initial = Uint16Array.from(this.text, (t) => t.charCodeAt(0));
    return { text: this.text, phon: Uint32Array.from(this.phon), df, weight, numeric, initial, simKey: new Float64Array(size), simVal: new Float64Array(size) };
  }
}

class U32Builder {
  data = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grown(this.data, this.length + 1);
    this.data[this.length++] = v;
  }
  finish(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Dense ids (1.., in order of first sight; 0 for none) of token-id sequences, through an
 * open-addressing table that points at the sequence's first copy: no joined string per value.
 */
class TokenSequences {
  /** Slot s: [3s] = hash, [3s + 1] = id (0 = empty), [3s + 2] = where the first copy starts. */
  private slots = new Uint32Array(3 * 2048);
  private mask = 2047;
  private lengths = new Uint32Array(1024);
  private count = 0;

  id(tok: Uint32Array, start: number, end: number): number {
    if (end === start) return 0;
    let h = 0x6a09e667;
    for (let p = start; p < end; p++) h = hashMix(h, tok[p]);
    const len = end - start;
    const slots = this.slots;
    let s = h & this.mask;
    for (let k = slots[3 * s + 1]; k !== 0; k = slots[3 * s + 1]) {
      if (slots[3 * s] === h && this.lengths[k] === len && sameRun(tok, slots[3 * s + 2], start, len)) return k;
      s = (s + 1) & this.mask;
    }
    const k = ++this.count;
    this.lengths = grown(this.lengths, k + 1);
    this.lengths[k] = len;
    slots[3 * s] = h;
    slots[3 * s + 1] = k;
    slots[3 * s + 2] = start;
    if (k * 2 > this.mask) this.rehash();
    return k;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const slots = new Uint32Array(3 * size);
    const old = this.slots;
    for (let q = 0; q < old.length; q += 3) {
      if (old[q + 1] === 0) continue;
      let s = old[q] & mask;
      while (slots[3 * s + 1] !== 0) s = (s + 1) & mask;
      slots[3 * s] = old[q];
      slots[3 * s + 1] = old[q + 1];
      slots[3 * s + 2] = old[q + 2];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function sameRun(tok: Uint32Array, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (tok[a + k] !== tok[b + k]) return false;
  return true;
}

const ADDRESS_ABBREVIATIONS: Readonly<Record<string, string>> = {
  JALAN: 'JL', JLN: 'JL', GANG: 'GG', DUSUN: 'DSN', DESA: 'DS', KAMPUNG: 'KP', KAMP: 'KP', KP: 'KP',
  PERUMAHAN: 'PERUM', BLOK: 'BLK', NOMOR: '', NO: '', STREET: 'ST', ROAD: 'RD', AVENUE: 'AVE',
  PLACE: 'PL', CRESCENT: 'CRES', DRIVE: 'DR', CIRCUIT: 'CCT', COURT: 'CT',
};

/** Address words: upper case, numbers without leading zeros, common abbreviations unified. */
export function addressTokens(s: string): string[] {
  const out: string[] = [];
  for (const w of s.toUpperCase().split(/[^A-Z0-9]+/)) {
    if (w === '') continue;
    if (/^\d+$/.test(w)) {
      out.push(String(Number(w)));
      continue;
    }
    const ab = ADDRESS_ABBREVIATIONS[w];
    if (ab === '') continue;
    out.push(ab ?? w);
  }
  return out;
}

function regionInfo(code: string): { digits: string; scheme: number } {
  if (code === '') return { digits: '', scheme: 0 };
  if (code.startsWith('bps:')) return { digits: code.slice(4).replace(/\D/g, ''), scheme: 2 };
  return { digits: code.replace(/\D/g, ''), scheme: 1 };
}

/** `weight[i]`: rows record i stands for (see distinct.ts); frequencies count rows, not records. */
export function buildFeatures(t: RecordTable, weight?: Uint32Array, parsedNames?: readonly ParsedName[]): Features {
  const n = t.size;
  let rows = n;
  if (weight) {
    rows = 0;
    for (let i = 0; i < n; i++) rows += weight[i];
  }
  const idText = new Array<string>(n);
  const idClean = new Uint8Array(n);
  const kkText = new Array<string>(n);
  const kkClean = new Uint8Array(n);
  const birth = new Int32Array(n);
  const nikGroup = new Uint32Array(n);
  fillIdTexts(t.nikState, t.nikHi, t.nikLo, t.nikRaw, idText, nikGroup);
  fillIdTexts(t.kkState, t.kkHi, t.kkLo, t.kkRaw, kkText);
  for (let i = 0; i < n; i++) {
    idClean[i] = t.nikState[i] === IdState.Ok ? 1 : 0;
    kkClean[i] = t.kkState[i] === IdState.Ok ? 1 : 0;
    birth[i] = t.birth[i] > 0 ? t.birth[i] : 0;
  }
  const regionDigits: string[] = [];
  const regionScheme = new Uint8Array(t.regions.length);
  const regionRegency = new Uint32Array(t.regions.length);
  t.regions.forEach((code, k) => {
    const r = regionInfo(code);
    regionDigits.push(r.digits);
    regionScheme[k] = r.scheme;
    if (r.scheme === 1 && r.digits.length >= 10) regionRegency[k] = Number(r.digits.slice(0, 4)) + 1;
  });

  // Names: parsed once per distinct spelling (the table interns them in order of first
  // appearance, so vocabulary ids come out in record order), then spread to the records.
  const nv = new VocabBuilder();
  const dn = t.names.length;
  const dnStart = new Uint32Array(dn + 1);
  const dnMainLen = new Uint32Array(dn);
  const dnTok = new U32Builder();
  const dnCompact = new Array<string>(dn);
  const dnSortedKey = new Uint32Array(dn);
  for (let d = 0; d < dn; d++) {
    dnStart[d] = dnTok.length;
    const p = parsedNames ? parsedNames[d] : parseName(t.names[d]);
    for (const w of p.tokens) dnTok.push(nv.id(w));
    dnMainLen[d] = p.tokens.length;
    for (const w of p.patronym) dnTok.push(nv.id(w));
    dnCompact[d] = p.tokens.join('');
    if (p.tokens.length > 0) dnSortedKey[d] = hash32(p.tokens.slice().sort().join(' '));
  }
  dnStart[dn] = dnTok.length;
  const nameCount = new Uint32Array(dn);
  for (let i = 0; i < n; i++) nameCount[t.nameId[i]] += weight ? weight[i] : 1;
  countDocuments(dnStart, dnTok.data, nameCount, nv.dfCount);
  const nameStart = new Uint32Array(n + 1);
  const nameMainEnd = new Uint32Array(n);
  const nameSortedKey = new Uint32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += dnStart[t.nameId[i] + 1] - dnStart[t.nameId[i]];
  const nameTok = new Uint32Array(total);
  const dnTokens = dnTok.data;
  for (let i = 0, at = 0; i < n; i++) {
    const d = t.nameId[i];
    nameStart[i] = at;
    nameMainEnd[i] = at + dnMainLen[d];
    // A plain loop: a subarray view per record would be millions of short-lived objects.
    for (let p = dnStart[d]; p < dnStart[d + 1]; p++) nameTok[at++] = dnTokens[p];
    nameSortedKey[i] = dnSortedKey[d];
  }
  nameStart[n] = total;
  const nameVocab = nv.finish(rows);
  // Per distinct name, weighted by its rows (the same sums as per record, over far fewer keys).
  const dnFreq = valueFrequency(dnSortedKey, nameCount, rows);
  const nameFreq = new Float64Array(n);
  for (let i = 0; i < n; i++) nameFreq[i] = dnFreq[t.nameId[i]];

  // Addresses, likewise once per distinct text.
  const av = new VocabBuilder();
  const da = t.addresses.length;
  const daStart = new Uint32Array(da + 1);
  const daTok = new U32Builder();
  const daKey = new Uint32Array(da);
  const normalised = new TokenSequences();
  for (let d = 0; d < da; d++) {
    daStart[d] = daTok.length;
    const words = addressTokens(t.addresses[d]);
    for (let k = 0; k < words.length; k++) daTok.push(av.id(words[k]));
    // Equal word sequences, equal normalised texts: ids as a dictionary of the joined words gives.
    daKey[d] = normalised.id(daTok.data, daStart[d], daTok.length);
  }
  daStart[da] = daTok.length;
  const addrCount = new Uint32Array(da);
  for (let i = 0; i < n; i++) addrCount[t.addressId[i]] += weight ? weight[i] : 1;
  countDocuments(daStart, daTok.data, addrCount, av.dfCount);
  const addrStart = new Uint32Array(n + 1);
  const addrKey = new Uint32Array(n);
  total = 0;
  for (let i = 0; i < n; i++) total += daStart[t.addressId[i] + 1] - daStart[t.addressId[i]];
  const addrTok = new Uint32Array(total);
  const daTokens = daTok.data;
  for (let i = 0, at = 0; i < n; i++) {
    const d = t.addressId[i];
    addrStart[i] = at;
    for (let p = daStart[d]; p < daStart[d + 1]; p++) addrTok[at++] = daTokens[p];
    addrKey[i] = daKey[d];
  }
  addrStart[n] = total;

  return {
    n,
    rows,
    weight,
    table: t,
    idText,
    idClean,
    nikGroup,
    kkText,
    kkClean,
    birth,
    sex: t.sex,
    regionDigits,
    regionScheme,
    regionRegency,
    nameStart,
    nameMainEnd,
    nameTok,
    nameSortedKey,
    nameCompact: dnCompact,
    nameFreq,
    nameVocab,
    addrStart,
    addrTok,
    addrKey,
    addrVocab: av.finish(rows),
    compareRows: packCompareRows(t, idClean, kkClean, birth, regionDigits, regionScheme, idText, kkText),
  };
}

/**
 * Document frequency: each record counts once for every distinct token of its value. Values are
 * distinct texts with `count` records each, so the work is per value, not per record.
 */
function countDocuments(start: Uint32Array, tok: Uint32Array, count: Uint32Array, df: number[]): void {
  for (let d = 0; d + 1 < start.length; d++) {
    const c = count[d];
    if (c === 0) continue;
    for (let p = start[d]; p < start[d + 1]; p++) {
      const id = tok[p];
      let first = true;
      for (let q = start[d]; q < p && first; q++) if (tok[q] === id) first = false;
      if (first) df[id] += c;
    }
  }
}

/** Share of rows carrying the same key (0 keys get 0), via a radix sort rather than a Map; record
 *  i stands for weight[i] rows (1 when absent) out of `rows`. */
export function valueFrequency(keys: Uint32Array, weight?: Uint32Array, rows = keys.length): Float64Array {
  const n = keys.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const order = argsortU32(keys);
  let start = 0;
  let count = 0;
  for (let i = 0; i <= n; i++) {
    if (i === n || keys[order[i]] !== keys[order[start]]) {
      const k = keys[order[start]];
      const f = k === 0 ? 0 : count / rows;
      for (let j = start; j < i; j++) out[order[j]] = f;
      start = i;
      count = 0;
    }
    if (i < n) count += weight ? weight[order[i]] : 1;
  }
  return out;
}

/** Blocking helper: a key from a token's phonetic class mixed with another value. */
export function tokenKey(f: Features, tok: number, mix: number, salt: number): number {
  return hashMix(hashMix(salt, f.nameVocab.phon[tok] + 1), mix);
}
