import { dirname, join, resolve } from 'node:path';
import { AcceptState, evaluateBaseline, localDate, summariseBaseline, type Baseline, type BaselineEvaluation, type BaselineSummary } from '../baseline/baseline.js';
import { defaultBaselinePath, readBaseline } from '../baseline/file.js';
import { FINDING_KINDS, type FindingKind } from '../domain/finding.js';
import type { RecordTable } from '../domain/table.js';
import type { CiFindingState } from '../report/github.js';
import type { NumberedFinding } from '../report/order.js';
import { collectText, type TextSink } from '../report/sink.js';
import { totalChanges, type KindChange, type RunDiff } from './diff.js';
import { writeIndexColumns, packIndexColumns, type IndexMeta } from './index-file.js';
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
  /** Pack fingerprints.json's columns into the job, for a history worker to write the file. */
  indexColumns?: boolean;
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
  /** What fingerprints.json says of the run (its head). */
  indexMeta: IndexMeta;
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
  if (opts.indexColumns) job.index = packIndexColumns(findings);

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
      indexMeta,
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

/** fingerprints.json to a sink: the layout of renderFingerprintIndex, a few dozen entries per write. */
export function writeFingerprintIndex(
  out: TextSink,
  findings: readonly NumberedFinding[],
  fingerprints: readonly string[],
  diff: NightlyDiff,
  ev: BaselineEvaluation,
  meta: IndexMeta,
): void {
  writeIndexColumns(out, packIndexColumns(findings), fingerprints, diff.firstSeen, diff.isNew, ev.state, meta);
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
