import { AcceptState } from '../baseline/baseline.js';
import type { Finding } from '../domain/finding.js';
import type { TextSink } from '../report/sink.js';

/*
 * fingerprints.json from columns instead of finding objects: the columns are typed arrays and a
 * small table of texts, so they cross to the history worker cheaply, and the worker (whose core is
 * idle while the main thread writes findings.csv and report.html) writes the file. At 10M rows
 * this file is ~110 MB and took the main thread ~0.8 s.
 */

/** No value (an optional field the finding does not have). */
const ABSENT = 0xffffffff;

/** What fingerprints.json says of each finding besides its fingerprint, history and acceptance. */
export interface IndexColumns {
  /** Finding ids; null when finding k's id is F{k+1} (numberFindings order), as in every run. */
  ids: string[] | null;
  /** JSON texts of the distinct kinds, codes, sources, programs and fields; the columns index it. */
  texts: string[];
  kind: Uint32Array;
  code: Uint32Array;
  source: Uint32Array;
  otherSource: Uint32Array;
  program: Uint32Array;
  field: Uint32Array;
  line: Float64Array;
}

type IndexedFinding = Pick<Finding, 'kind' | 'code' | 'source' | 'line' | 'program' | 'field'> & { id: string; other?: { source?: string } };

/** The columns of `findings`. */
export function packIndexColumns(findings: readonly IndexedFinding[]): IndexColumns {
  const n = findings.length;
  const textIndex = new Map<string, number>();
  const texts: string[] = [];
  const of = (s: string | undefined): number => {
    if (s === undefined) return ABSENT;
    let x = textIndex.get(s);
    if (x === undefined) {
      x = texts.push(JSON.stringify(s)) - 1;
      textIndex.set(s, x);
    }
    return x;
  };
  const cols: IndexColumns = {
    ids: null,
    texts,
    kind: new Uint32Array(n),
    code: new Uint32Array(n),
    source: new Uint32Array(n),
    otherSource: new Uint32Array(n),
    program: new Uint32Array(n),
    field: new Uint32Array(n),
    line: new Float64Array(n),
  };
  let sequential = true;
  for (let k = 0; k < n; k++) {
    const f = findings[k];
    cols.kind[k] = of(f.kind);
    cols.code[k] = of(f.code);
    cols.source[k] = of(f.source);
    cols.otherSource[k] = of(f.other?.source);
    cols.program[k] = of(f.program);
    cols.field[k] = of(f.field);
    cols.line[k] = f.line;
    if (sequential && f.id !== `F${k + 1}`) sequential = false;
  }
  if (!sequential) cols.ids = findings.map((f) => f.id);
  return cols;
}

/** Ids (F12) and fingerprints (base64url) need no escaping. */
function plainJson(s: string): string {
  return /^[A-Za-z0-9_-]*$/.test(s) ? `"${s}"` : JSON.stringify(s);
}

export interface IndexMeta {
  keyId: string;
  run: string;
  config: string;
}

/**
 * fingerprints.json to a sink: one finding per line, each the text JSON.stringify gives a
 * FingerprintIndexEntry (keys in its order, absent optional values left out), a few dozen per write.
 */
export function writeIndexColumns(
  out: TextSink,
  cols: IndexColumns,
  fingerprints: readonly string[],
  firstSeen: readonly string[],
  isNew: Uint8Array,
  state: Uint8Array,
  meta: IndexMeta,
): void {
  const n = cols.kind.length;
  const { texts } = cols;
  out.write(
    '{\n' +
      `  "padanFingerprints": 1,\n  "keyId": ${JSON.stringify(meta.keyId)},\n  "run": ${JSON.stringify(meta.run)},\n  "config": ${JSON.stringify(meta.config)},\n` +
      (n === 0 ? '  "findings": []\n' : '  "findings": [\n'),
  );
  // First-seen times repeat (one per earlier run): their JSON text made once each.
  const seenTexts = new Map<string, string>();
  let entries = '';
  for (let k = 0; k < n; k++) {
    const id = cols.ids === null ? `"F${k + 1}"` : plainJson(cols.ids[k]);
    let line = `${k === 0 ? '' : ',\n'}    {"id":${id},"fingerprint":${plainJson(fingerprints[k])},"kind":${texts[cols.kind[k]]},"code":${texts[cols.code[k]]},"source":${texts[cols.source[k]]},"line":${JSON.stringify(cols.line[k])}`;
    if (cols.otherSource[k] !== ABSENT) line += `,"otherSource":${texts[cols.otherSource[k]]}`;
    if (cols.program[k] !== ABSENT) line += `,"program":${texts[cols.program[k]]}`;
    if (cols.field[k] !== ABSENT) line += `,"field":${texts[cols.field[k]]}`;
    const seen = firstSeen[k];
    let seenText = seenTexts.get(seen);
    if (seenText === undefined) {
      seenText = JSON.stringify(seen);
      if (seenTexts.size < 4096) seenTexts.set(seen, seenText);
    }
    line += `,"firstSeen":${seenText},"new":${isNew[k] === 1}`;
    const st = state[k];
    if (st === AcceptState.Accepted) line += ',"accepted":"accepted"';
    else if (st === AcceptState.Expired) line += ',"accepted":"expired"';
    entries += line + '}';
    if (k % 64 === 63) {
      out.write(entries);
      entries = '';
    }
  }
  out.write(entries + (n === 0 ? '}\n' : '\n  ]\n}\n'));
}
