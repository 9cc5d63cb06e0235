import { FINDING_KINDS, type Finding, type FindingKind } from '../domain/finding.js';
import { grown } from '../domain/grow.js';
import type { RecordTable } from '../domain/table.js';
import { diffRuns, type FindingSet, type KindChange } from './diff.js';
import { FINGERPRINT_LENGTH, fingerprintMaterial } from './fingerprint.js';
import { HmacSha256 } from './hmac.js';
import { readFindingSet, type RunRecord } from './store.js';
import type { IndexColumns, IndexMeta } from './index-file.js';

/*
 * The history's share of a run (MAC every finding, read the previous run's findings, compare)
 * as a job that needs no finding objects and no table: typed arrays and strings, which cross to a
 * worker thread cheaply. On a province's ~10^6 findings it takes seconds; on the worker they
 * overlap the writing of findings.csv.
 */

/** MAC the first 128 bits. */
const FINGERPRINT_BYTES = 16;

export interface HistoryJob {
  key: Uint8Array;
  /** Every finding's fingerprint material (fingerprintMaterial), UTF-8, back to back; finding k's ends at ends[k]. */
  material: Uint8Array;
  ends: Uint32Array;
  /** FINDING_KINDS index of each finding. */
  kinds: Uint8Array;
  stateDir: string;
  /** The last recorded run; its findings file is read and checked. */
  previous: RunRecord | null;
  /** Compare with the previous run's findings (false when it used another key: every finding is new). */
  comparePrevious: boolean;
  /** This run's time (ISO). */
  runAt: string;
  /** fingerprints.json's columns, when the worker is to write that file (HistoryIndexRequest). */
  index?: IndexColumns;
}

/** Asks the history worker to write fingerprints.json to `path` (a staged report file). */
export interface HistoryIndexRequest {
  kind: 'index';
  path: string;
  meta: IndexMeta;
  /** The baseline's AcceptState per finding. */
  state: Uint8Array;
}

/** What the job found, parallel to the findings. */
export interface HistoryJobDiff {
  /** Every finding's fingerprint, back to back, FINGERPRINT_LENGTH characters each. */
  fingerprints: string;
  /** The previous run's findings file was there and intact. */
  previousReadable: boolean;
  isNew: Uint8Array;
  /** Finding k was first seen at firstSeenTexts[firstSeen[k]]. */
  firstSeen: Uint32Array;
  firstSeenTexts: string[];
  byKind: Record<FindingKind, KindChange>;
}

/** The job's inputs that come from the findings and the table (the rest is the caller's). */
export function packMaterial(findings: readonly Finding[], t: RecordTable): Pick<HistoryJob, 'material' | 'ends' | 'kinds'> {
  const n = findings.length;
  const ends = new Uint32Array(n);
  const kinds = new Uint8Array(n);
  const encoder = new TextEncoder();
  let material = new Uint8Array(Math.max(1024, n * 128));
  let end = 0;
  for (let k = 0; k < n; k++) {
    const f = findings[k];
    const text = fingerprintMaterial(f, t);
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    material = grown(material, end + text.length * 3);
    end += encoder.encodeInto(text, material.subarray(end)).written;
    ends[k] = end;
    kinds[k] = FINDING_KINDS.indexOf(f.kind);
  }
  return { material: material.slice(0, end), ends, kinds };
}

/** One fingerprint per packed material (runHistoryJob joins them into HistoryJobDiff.fingerprints). */
export function macMaterial(job: Pick<HistoryJob, 'key' | 'material' | 'ends'>): string[] {
  const mac = new HmacSha256(job.key);
  const out = new Array<string>(job.ends.length);
  let start = 0;
  for (let k = 0; k < job.ends.length; k++) {
    out[k] = mac.base64urlOfBytes(job.material, start, job.ends[k], FINGERPRINT_BYTES);
    start = job.ends[k];
  }
  return out;
}

const KIND_OF = FINDING_KINDS.map((kind) => ({ kind }));

/** Runs the job; also returns this run's finding set, for the store. */
export function runHistoryJob(job: HistoryJob): { diff: HistoryJobDiff; set: FindingSet; fingerprints: string[]; firstSeen: string[] } {
  const fingerprints = macMaterial(job);
  const previousSet = job.previous ? readFindingSet(job.stateDir, job.previous) : null;
  const kinds = Array.from(job.kinds, (k) => KIND_OF[k]);
  const d = diffRuns(job.comparePrevious ? previousSet : null, fingerprints, kinds, job.runAt);
  // First-seen times repeat (one per earlier run): sent as an index.
  const textIndex = new Map<string, number>();
  const firstSeenTexts: string[] = [];
  const firstSeen = new Uint32Array(d.firstSeen.length);
  for (let k = 0; k < firstSeen.length; k++) {
    const s = d.firstSeen[k];
    let x = textIndex.get(s);
    if (x === undefined) {
      x = firstSeenTexts.push(s) - 1;
      textIndex.set(s, x);
    }
    firstSeen[k] = x;
  }
  return {
    diff: { fingerprints: fingerprints.join(''), previousReadable: previousSet !== null, isNew: d.isNew, firstSeen, firstSeenTexts, byKind: d.byKind },
    set: d.set,
    fingerprints,
    firstSeen: d.firstSeen,
  };
}

/** The fingerprints of a HistoryJobDiff, one string per finding. */
export function splitFingerprints(joined: string): string[] {
  const out = new Array<string>(joined.length / FINGERPRINT_LENGTH);
  for (let k = 0; k < out.length; k++) out[k] = joined.slice(k * FINGERPRINT_LENGTH, (k + 1) * FINGERPRINT_LENGTH);
  return out;
}
