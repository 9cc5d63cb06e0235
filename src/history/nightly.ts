import { dirname, join, resolve } from 'node:path';
import { AcceptState, evaluateBaseline, localDate, summariseBaseline, type Baseline, type BaselineEvaluation, type BaselineSummary } from '../baseline/baseline.js';
import { defaultBaselinePath, readBaseline } from '../baseline/file.js';
import { FINDING_KINDS, type FindingKind } from '../domain/finding.js';
import type { RecordTable } from '../domain/table.js';
import type { CiFindingState } from '../report/github.js';
import type { NumberedFinding } from '../report/order.js';
import { collectText, type TextSink } from '../report/sink.js';
import { totalChanges, type KindChange, type RunDiff } from './diff.js';
import { packMaterial, runHistoryJob, splitFingerprints, type HistoryJob, type HistoryJobDiff } from './job.js';
import { loadFingerprintKey } from './key.js';
import { appendRun, DEFAULT_KEEP_RUNS, encodeFindingSet, newRunId, readRuns, type RunRecord } from './store.js';

export const DEFAULT_STATE_DIR = '.padan';
/** Written into the report folder: finding id -> fingerprint, for `padan accept`. No NIK. */
export const FINGERPRINTS_FILE = 'fingerprints.json';

/** What summary.json says about the run history. */
export interface HistorySummary {
  stateDir: string;
  run: string;
  at: string;
  /** The run compared with; null on the first run. */
  previous: { id: string; at: string } | null;
  changes: Record<FindingKind, KindChange>;
  totals: { new: number; open: number; resolved: number };
}

export interface NightlyOptions {
  /** Absolute path of the config; state and baseline default beside it. */
  configPath: string;
  stateDir?: string;
  baselinePath?: string;
  keepRuns?: number;
  env: NodeJS.ProcessEnv;
  now?: Date;
  padanVersion: string;
}

/** The comparison with the previous run, per finding (RunDiff without the set, which only the store needs). */
export type NightlyDiff = Omit<RunDiff, 'set'>;

export interface Nightly {
  stateDir: string;
  baselinePath: string;
  keyId: string;
  runId: string;
  at: string;
  /** Parallel to the findings. */
  fingerprints: string[];
  diff: NightlyDiff;
  previous: RunRecord | null;
  baseline: Baseline | null;
  evaluation: BaselineEvaluation;
  history: HistorySummary;
  baselineSummary: BaselineSummary;
  /** Things the officer should know (unreadable previous run, key mismatch...). */
  warnings: string[];
  /** Finding k is covered by a valid acceptance: listed, but never fails --fail-on. */
  isAccepted(k: number): boolean;
  /** The fingerprints.json text for the report folder. */
  indexFile(): string;
  /** fingerprints.json written to a sink (a staged report file), a few dozen findings per write. */
  writeIndexFile(out: TextSink): void;
  /** Records the run in the store (call after the reports are written). */
  commit(): RunRecord;
}

export function defaultStateDir(configPath: string): string {
  return join(dirname(configPath), DEFAULT_STATE_DIR);
}

/**
 * Everything the nightly run adds to reconcile, in one call: fingerprints, the comparison with the
 * previous run, the baseline applied. Nothing is written until `commit()`.
 */
export function prepareNightly(findings: readonly NumberedFinding[], table: RecordTable, opts: NightlyOptions): Nightly {
  const start = beginNightly(findings, table, opts);
  const { diff, set } = runHistoryJob(start.job);
  return start.complete(diff, () => encodeFindingSet(set));
}

/** prepareNightly in two steps, so that the history job can run elsewhere (a worker thread). */
export interface NightlyStart {
  job: HistoryJob;
  /** The Nightly, once the job has answered; `findingsFile` gives the store its file at commit. */
  complete(diff: HistoryJobDiff, findingsFile: () => Uint8Array): Nightly;
}

/**
 * prepareNightly's first step: reads the key, the run log and the baseline (their errors are
 * thrown here, before any report is started) and packs the job.
 */
export function beginNightly(findings: readonly NumberedFinding[], table: RecordTable, opts: NightlyOptions): NightlyStart {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const stateDir = resolve(opts.stateDir ?? defaultStateDir(opts.configPath));
  const baselinePath = resolve(opts.baselinePath ?? defaultBaselinePath(opts.configPath));
  const warnings: string[] = [];

  const key = loadFingerprintKey(stateDir, opts.env);
  const store = readRuns(stateDir);
  if (store.tornTail) warnings.push(`${stateDir}: the last run was cut short while being recorded; it is ignored`);
  if (store.damagedLines > 0) warnings.push(`${stateDir}: ${store.damagedLines} damaged history line(s) ignored`);
  const last: RunRecord | null = store.runs.length > 0 ? store.runs[store.runs.length - 1] : null;
  const baseline = readBaseline(baselinePath);
  const job: HistoryJob = {
    key: key.key,
    ...packMaterial(findings, table),
    stateDir,
    previous: last,
    comparePrevious: last !== null && last.keyId === key.id,
    runAt: at,
  };

  const complete = (jobDiff: HistoryJobDiff, findingsFile: () => Uint8Array): Nightly => {
    let previous = last;
    if (previous && !jobDiff.previousReadable) {
      warnings.push(`${stateDir}: the findings of run ${previous.id} are missing or damaged; every finding counts as new`);
      previous = null;
    }
    if (previous && previous.keyId !== key.id) {
      warnings.push(`${stateDir}: run ${previous.id} used another fingerprint key; every finding counts as new`);
      previous = null;
    }
    const fingerprints = splitFingerprints(jobDiff.fingerprints);
    const firstSeen = Array.from(jobDiff.firstSeen, (x) => jobDiff.firstSeenTexts[x]);
    const diff: NightlyDiff = { byKind: jobDiff.byKind, firstSeen, isNew: jobDiff.isNew };

    const evaluation = evaluateBaseline(baseline, fingerprints, localDate(now), key.id);
    if (evaluation.keyMismatch) {
      warnings.push(
        `${baselinePath}: written with fingerprint key ${baseline?.keyId}, this run uses ${key.id}; ` +
          `no acceptance applies (share ${join(stateDir, 'fingerprint.key')} or set PADAN_FINGERPRINT_KEY)`,
      );
    }

    const runId = newRunId(now);
    const indexMeta = { keyId: key.id, run: runId, config: opts.configPath };
    const history: HistorySummary = {
      stateDir,
      run: runId,
      at,
      previous: previous ? { id: previous.id, at: previous.at } : null,
      changes: diff.byKind,
      totals: totalChanges(diff.byKind),
    };
    const baselineSummary = summariseBaseline(baselinePath, baseline, evaluation);

    return {
      stateDir,
      baselinePath,
      keyId: key.id,
      runId,
      at,
      fingerprints,
      diff,
      previous,
      baseline,
      evaluation,
      history,
      baselineSummary,
      warnings,
      isAccepted: (k) => evaluation.state[k] === AcceptState.Accepted,
      indexFile: () => renderFingerprintIndex(findings, fingerprints, diff, evaluation, indexMeta),
      writeIndexFile: (out) => writeFingerprintIndex(out, findings, fingerprints, diff, evaluation, indexMeta),
      commit: () => {
        const byKind = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
        for (const f of findings) byKind[f.kind]++;
        return appendRun(
          stateDir,
          {
            v: 1,
            id: runId,
            at,
            config: opts.configPath,
            previous: previous?.id ?? null,
            keyId: key.id,
            padanVersion: opts.padanVersion,
            findings: findings.length,
            byKind,
            changes: diff.byKind,
            accepted: evaluation.accepted,
          },
          findingsFile(),
          opts.keepRuns ?? DEFAULT_KEEP_RUNS,
        ).record;
      },
    };
  };
  return { job, complete };
}

/** One entry of fingerprints.json. */
export interface FingerprintIndexEntry {
  id: string;
  fingerprint: string;
  kind: FindingKind;
  code: string;
  source: string;
  line: number;
  otherSource?: string;
  program?: string;
  field?: string;
  firstSeen: string;
  new: boolean;
  accepted?: 'accepted' | 'expired';
}

export interface FingerprintIndex {
  padanFingerprints: 1;
  keyId: string;
  run: string;
  config: string;
  findings: FingerprintIndexEntry[];
}

/** One finding per line: greppable by id, and small enough to diff two nights by eye. */
export function renderFingerprintIndex(
  findings: readonly NumberedFinding[],
  fingerprints: readonly string[],
  diff: NightlyDiff,
  ev: BaselineEvaluation,
  meta: { keyId: string; run: string; config: string },
): string {
  return collectText((out) => writeFingerprintIndex(out, findings, fingerprints, diff, ev, meta));
}

/**
 * JSON text of the few values many entries share (kinds, codes, sources, programs, fields,
 * first-seen times), made once: an entry line is then a concatenation, the same text as
 * JSON.stringify of a FingerprintIndexEntry at a fraction of its cost on 10^5-10^6 findings.
 */
class JsonTexts {
  private readonly texts = new Map<string, string>();
  /** Ids (F12) and fingerprints (base64url) need no escaping and are never repeated: not kept. */
  static plain(s: string): string {
    return /^[A-Za-z0-9_-]*$/.test(s) ? `"${s}"` : JSON.stringify(s);
  }
  of(s: string): string {
    let t = this.texts.get(s);
    if (t === undefined) {
      t = JSON.stringify(s);
      // Bounded: values past a few thousand distinct ones are simply not kept.
      if (this.texts.size < 4096) this.texts.set(s, t);
    }
    return t;
  }
}

/** fingerprints.json to a sink: the layout of renderFingerprintIndex, a few dozen entries per write. */
export function writeFingerprintIndex(
  out: TextSink,
  findings: readonly NumberedFinding[],
  fingerprints: readonly string[],
  diff: NightlyDiff,
  ev: BaselineEvaluation,
  meta: { keyId: string; run: string; config: string },
): void {
  out.write(
    '{\n' +
      `  "padanFingerprints": 1,\n  "keyId": ${JSON.stringify(meta.keyId)},\n  "run": ${JSON.stringify(meta.run)},\n  "config": ${JSON.stringify(meta.config)},\n` +
      (findings.length === 0 ? '  "findings": []\n' : '  "findings": [\n'),
  );
  const json = new JsonTexts();
  // Entries gathered into one write: a sink write per entry cost as much as making the entry.
  let entries = '';
  for (let k = 0; k < findings.length; k++) {
    const f = findings[k];
    // Keys in FingerprintIndexEntry order; absent optional values are left out, as JSON.stringify does.
    let line = `${k === 0 ? '' : ',\n'}    {"id":${JsonTexts.plain(f.id)},"fingerprint":${JsonTexts.plain(fingerprints[k])},"kind":${json.of(f.kind)},"code":${json.of(f.code)},"source":${json.of(f.source)},"line":${JSON.stringify(f.line)}`;
    if (f.other?.source !== undefined) line += `,"otherSource":${json.of(f.other.source)}`;
    if (f.program !== undefined) line += `,"program":${json.of(f.program)}`;
    if (f.field !== undefined) line += `,"field":${json.of(f.field)}`;
    line += `,"firstSeen":${json.of(diff.firstSeen[k])},"new":${diff.isNew[k] === 1}`;
    const st = ev.state[k];
    if (st === AcceptState.Accepted) line += ',"accepted":"accepted"';
    else if (st === AcceptState.Expired) line += ',"accepted":"expired"';
    entries += line + '}';
    if (k % 64 === 63) {
      out.write(entries);
      entries = '';
    }
  }
  out.write(entries + (findings.length === 0 ? '}\n' : '\n  ]\n}\n'));
}

/**
 * How CI renderers see each finding: failing when its kind is in --fail-on and no valid acceptance
 * covers it (an expired acceptance fails again).
 */
export function ciStates(findings: readonly { kind: FindingKind }[], failOn: ReadonlySet<FindingKind>, ev?: BaselineEvaluation): (k: number) => CiFindingState {
  return (k) => {
    const st = ev?.state[k] ?? AcceptState.None;
    const entry = ev?.entry[k];
    if (st === AcceptState.Accepted) return { failing: false, acceptedReason: entry?.reason ?? '' };
    return { failing: failOn.has(findings[k].kind), expiredOn: st === AcceptState.Expired ? entry?.until : undefined };
  };
}

/** Findings that make --fail-on exit 1: of a listed kind and not accepted. */
export function countFailing(findings: readonly { kind: FindingKind }[], failOn: ReadonlySet<FindingKind>, isAccepted: (k: number) => boolean = () => false): number {
  let n = 0;
  for (let k = 0; k < findings.length; k++) if (failOn.has(findings[k].kind) && !isAccepted(k)) n++;
  return n;
}
