import { IdState } from '../domain/fields.js';
import { idToString } from '../domain/ids.js';
import { parseName, phoneticKey } from '../domain/name.js';
import type { RecordTable } from '../domain/table.js';
import { argsortU32 } from './sort.js';
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
  simVal: Float32Array;
}

const SIM_CACHE_BITS = 16;
/** Distinct raw names or addresses remembered while building features. */
const CACHE_LIMIT = 1 << 20;

/** Per-record matching features, derived once from the RecordTable. */
export interface Features {
  n: number;
  table: RecordTable;
  /** Identifier digits of any length ('' when missing, Excel-damaged or a placeholder). */
  idText: string[];
  /** 1 when the NIK arrived clean (IdState.Ok): only then do NIK-specific guards apply. */
  idClean: Uint8Array;
  kkText: string[];
  kkClean: Uint8Array;
  /** yyyymmdd or 0 when absent/bad. */
  birth: Int32Array;
  sex: Uint8Array;
  /** Per region dictionary entry: digits and scheme (0 none, 1 Kemendagri, 2 BPS). */
  regionDigits: string[];
  regionScheme: Uint8Array;
  /** Name tokens (CSR): record i's tokens are nameTok[nameStart[i] .. nameStart[i+1]); the
   *  bin/binti tail starts at nameMainEnd[i]. */
  nameStart: Uint32Array;
  nameMainEnd: Uint32Array;
  nameTok: Uint32Array;
  /** Hash of the sorted main tokens (0 = no name): blocking and value frequency. */
  nameSortedKey: Uint32Array;
  /** Main tokens joined without spaces (ABDULRAHMAN ~ ABDUL RAHMAN). */
  nameCompact: string[];
  /** Share of records with the same sorted name (term frequency for the exact levels). */
  nameFreq: Float64Array;
  nameVocab: Vocab;
  addrStart: Uint32Array;
  addrTok: Uint32Array;
  addrText: string[];
  addrVocab: Vocab;
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
    return { text: this.text, phon: Uint32Array.from(this.phon), df, weight, numeric, initial, simKey: new Float64Array(size), simVal: new Float32Array(size) };
  }
}

class U32Builder {
  data = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Uint32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  finish(): Uint32Array {
    return this.data.slice(0, this.length);
  }
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

export function buildFeatures(t: RecordTable): Features {
  const n = t.size;
  const idText = new Array<string>(n);
  const idClean = new Uint8Array(n);
  const kkText = new Array<string>(n);
  const kkClean = new Uint8Array(n);
  const birth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    idText[i] = idDigits(t.nikState[i], t.nikHi[i], t.nikLo[i], t.nikRaw[i] ?? '');
    idClean[i] = t.nikState[i] === IdState.Ok ? 1 : 0;
    kkText[i] = idDigits(t.kkState[i], t.kkHi[i], t.kkLo[i], t.kkRaw[i] ?? '');
    kkClean[i] = t.kkState[i] === IdState.Ok ? 1 : 0;
    birth[i] = t.birth[i] > 0 ? t.birth[i] : 0;
  }
  const regionDigits: string[] = [];
  const regionScheme = new Uint8Array(t.regions.length);
  t.regions.forEach((code, k) => {
    const r = regionInfo(code);
    regionDigits.push(r.digits);
    regionScheme[k] = r.scheme;
  });

  // Names.
  const nv = new VocabBuilder();
  const nameStart = new Uint32Array(n + 1);
  const nameMainEnd = new Uint32Array(n);
  const toks = new U32Builder();
  const nameSortedKey = new Uint32Array(n);
  const nameCompact = new Array<string>(n);
  // The same name arrives from several rosters: parse each distinct spelling once. The cache is
  // bounded (cleared when full) so it never holds one entry per record at scale.
  let seenName = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    nameStart[i] = toks.length;
    const raw = t.name[i] ?? '';
    const prev = seenName.get(raw);
    if (prev !== undefined) {
      const s0 = nameStart[prev];
      const e0 = nameStart[prev + 1];
      for (let p = s0; p < e0; p++) toks.push(toks.data[p]);
      nameMainEnd[i] = nameStart[i] + (nameMainEnd[prev] - s0);
      nameCompact[i] = nameCompact[prev];
      nameSortedKey[i] = nameSortedKey[prev];
    } else {
      const p = parseName(raw);
      for (const w of p.tokens) toks.push(nv.id(w));
      nameMainEnd[i] = toks.length;
      for (const w of p.patronym) toks.push(nv.id(w));
      nameCompact[i] = p.tokens.join('');
      if (p.tokens.length > 0) {
        const sorted = p.tokens.slice().sort();
        nameSortedKey[i] = hash32(sorted.join(' '));
      }
      if (seenName.size >= CACHE_LIMIT) seenName = new Map();
      seenName.set(raw, i);
    }
    // Document frequency: count each distinct token once per record.
    const s1 = nameStart[i];
    const e1 = toks.length;
    for (let p = s1; p < e1; p++) {
      const id = toks.data[p];
      let first = true;
      for (let q = s1; q < p && first; q++) if (toks.data[q] === id) first = false;
      if (first) nv.dfCount[id]++;
    }
  }
  nameStart[n] = toks.length;
  const nameTok = toks.finish();
  const nameVocab = nv.finish(n);
  const nameFreq = valueFrequency(nameSortedKey);

  // Addresses.
  const av = new VocabBuilder();
  const addrStart = new Uint32Array(n + 1);
  const atoks = new U32Builder();
  const addrText = new Array<string>(n);
  let seenAddr = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    addrStart[i] = atoks.length;
    const raw = t.address[i] ?? '';
    const prev = seenAddr.get(raw);
    if (prev !== undefined) {
      for (let p = addrStart[prev]; p < addrStart[prev + 1]; p++) atoks.push(atoks.data[p]);
      addrText[i] = addrText[prev];
    } else {
      const words = addressTokens(raw);
      addrText[i] = words.join(' ');
      for (let k = 0; k < words.length; k++) atoks.push(av.id(words[k]));
      if (seenAddr.size >= CACHE_LIMIT) seenAddr = new Map();
      seenAddr.set(raw, i);
    }
    const s1 = addrStart[i];
    const e1 = atoks.length;
    for (let p = s1; p < e1; p++) {
      const id = atoks.data[p];
      let first = true;
      for (let q = s1; q < p && first; q++) if (atoks.data[q] === id) first = false;
      if (first) av.dfCount[id]++;
    }
  }
  addrStart[n] = atoks.length;

  return {
    n,
    table: t,
    idText,
    idClean,
    kkText,
    kkClean,
    birth,
    sex: t.sex,
    regionDigits,
    regionScheme,
    nameStart,
    nameMainEnd,
    nameTok,
    nameSortedKey,
    nameCompact,
    nameFreq,
    nameVocab,
    addrStart,
    addrTok: atoks.finish(),
    addrText,
    addrVocab: av.finish(n),
  };
}

/** Share of records carrying the same key (0 keys get 0), via a radix sort rather than a Map. */
export function valueFrequency(keys: Uint32Array): Float64Array {
  const n = keys.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const order = argsortU32(keys);
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || keys[order[i]] !== keys[order[start]]) {
      const k = keys[order[start]];
      const f = k === 0 ? 0 : (i - start) / n;
      for (let j = start; j < i; j++) out[order[j]] = f;
      start = i;
    }
  }
  return out;
}

/** Blocking helper: a key from a token's phonetic class mixed with another value. */
export function tokenKey(f: Features, tok: number, mix: number, salt: number): number {
  return hashMix(hashMix(salt, f.nameVocab.phon[tok] + 1), mix);
}
