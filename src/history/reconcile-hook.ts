import { basename, dirname, relative, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/schema.js';
import { PadanError } from '../domain/errors.js';
import type { FindingKind } from '../domain/finding.js';
import type { RecordTable } from '../domain/table.js';
import type { Lang } from '../messages/catalogue.js';
import { renderGithubAnnotations, type CiFindingState } from '../report/github.js';
import { renderJunit } from '../report/junit.js';
import type { NumberedFinding } from '../report/order.js';
import { writeReportFiles, type ReportStage } from '../report/write.js';
import { AcceptState, type BaselineSummary } from '../baseline/baseline.js';
import { beginNightly, ciStates, countFailing, FINGERPRINTS_FILE, type HistorySummary, type Nightly } from './nightly.js';
import type { Worker } from 'node:worker_threads';
import { spawnHistoryWorker, startHistoryJob, type RunningHistoryJob } from './job-runner.js';
import { renderNightlyHtml, renderNightlyTerminal, type Styler } from './render.js';
import { DEFAULT_KEEP_RUNS } from './store.js';
import { nightlyText } from './text.js';

/*
 * What `padan reconcile` adds for nightly runs and CI, behind one object so the command stays a
 * list of steps: history (--state), accepted findings (--baseline), --junit and --format github.
 */

export interface NightlyCliOptions {
  state?: string;
  baseline?: string;
  /** Already parsed by parseKeepRuns (commander option parser). */
  keepRuns?: number;
  junit?: string;
}

export function parseKeepRuns(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new PadanError(`--keep-runs: expected a whole number of at least 1, got "${v}"`);
  return n;
}

export interface NightlyReconcile {
  nightly: Nightly;
  /** Optional fields for summary.json. */
  summaryFields: { history: HistorySummary; baseline: BaselineSummary };
  /**
   * Stages the extra files of the report folder (fingerprints.json); returns their names. The
   * history worker may still be writing them: await staged() before the stage is committed.
   */
  stageFiles(stage: ReportStage): string[];
  /** Once the files of stageFiles are written. */
  staged(): Promise<void>;
  /** Section for report.html. */
  html: string;
  /** Per finding (index into the findings): a short note for the report table. */
  note(k: number): string;
  terminal(c: Styler): string;
  /** `--format github` annotations. */
  annotations(showNik: boolean): string;
  /** Findings that make --fail-on exit 1 (accepted ones never do). */
  failing(): number;
  /** Writes --junit and records the run in the history; call once the reports are written. */
  finish(): Promise<void>;
}

export type NightlyReconcileOptions = NightlyCliOptions & {
  failOn: ReadonlySet<FindingKind>;
  lang: Lang;
  showNik: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  padanVersion: string;
  timeMs?: number;
  /** Started early by the caller (spawnHistoryWorker); by default one is started here. */
  historyWorker?: Worker | null;
};

/** The nightly part of a run, started: its history job runs while the caller writes findings.csv. */
export interface PendingNightlyReconcile {
  /** Once the history job has compared this run with the previous one. */
  ready(): Promise<NightlyReconcile>;
}

/**
 * Reads the state folder and the baseline (their errors are thrown here, before any report is
 * staged) and starts the history job on a worker thread.
 */
export function startNightlyReconcile(
  findings: NumberedFinding[],
  table: RecordTable,
  config: ResolvedConfig,
  opts: NightlyReconcileOptions,
): PendingNightlyReconcile {
  const keepRuns = opts.keepRuns ?? DEFAULT_KEEP_RUNS;
  const worker = opts.historyWorker === undefined ? spawnHistoryWorker() : opts.historyWorker;
  const start = beginNightly(findings, table, {
    configPath: config.configPath || resolve(opts.cwd, 'padan.config.json'),
    stateDir: opts.state !== undefined ? resolve(opts.cwd, opts.state) : undefined,
    baselinePath: opts.baseline !== undefined ? resolve(opts.cwd, opts.baseline) : undefined,
    keepRuns,
    env: opts.env,
    padanVersion: opts.padanVersion,
    // A worker writes fingerprints.json (~110 MB at 10M rows) while this thread writes the reports.
    indexColumns: worker !== null,
  });
  const job = startHistoryJob(start.job, worker);
  return {
    ready: async () => {
      let findingsFile: Uint8Array | undefined;
      const nightly = start.complete(await job.diff(), () => findingsFile!);
      return nightlyReconcile(nightly, findings, config, opts, job.writeIndex, async () => {
        findingsFile = await job.file();
      });
    },
  };
}

function nightlyReconcile(
  nightly: Nightly,
  findings: NumberedFinding[],
  config: ResolvedConfig,
  opts: NightlyReconcileOptions,
  writeIndex: RunningHistoryJob['writeIndex'],
  fileReady: () => Promise<void>,
): NightlyReconcile {
  let staged: Promise<void> = Promise.resolve();
  const state: (k: number) => CiFindingState = ciStates(findings, opts.failOn, nightly.evaluation);
  const paths = new Map(config.sources.map((s) => [s.name, relative(opts.cwd, s.absPath) || s.path]));
  const t = (k: Parameters<typeof nightlyText>[1]) => nightlyText(opts.lang, k);
  const hasPrevious = nightly.history.previous !== null;

  return {
    nightly,
    summaryFields: { history: nightly.history, baseline: nightly.baselineSummary },
    stageFiles(stage) {
      if (writeIndex === null) stage.stream(FINGERPRINTS_FILE, (out) => nightly.writeIndexFile(out));
      else {
        staged = writeIndex(stage.reserve(FINGERPRINTS_FILE), nightly.indexMeta, nightly.evaluation.state);
        // Awaited by staged(); a run that fails first never sees an unhandled rejection.
        staged.catch(() => {});
      }
      return [FINGERPRINTS_FILE];
    },
    staged: () => staged,
    html: renderNightlyHtml(nightly.history, nightly.baselineSummary, opts.lang),
    note(k) {
      const parts: string[] = [];
      const ev = nightly.evaluation;
      if (ev.state[k] === AcceptState.Accepted) parts.push(`${t('baseline.mark')}: ${ev.entry[k]?.reason ?? ''}`);
      else if (ev.state[k] === AcceptState.Expired) parts.push(`${t('baseline.mark_expired')} ${ev.entry[k]?.until ?? ''}`);
      if (hasPrevious) parts.push(nightly.diff.isNew[k] ? t('history.new') : `${t('history.open')} (${nightly.diff.firstSeen[k].slice(0, 10)})`);
      return parts.length === 0 ? '' : ` [${parts.join('; ')}]`;
    },
    terminal: (c) => renderNightlyTerminal(nightly.history, nightly.baselineSummary, nightly.warnings, opts.lang, c),
    annotations: (showNik) =>
      renderGithubAnnotations(findings, { lang: opts.lang, showNik, pathOf: (s) => paths.get(s), state, fullListAt: 'findings.csv in the report folder' }),
    failing: () => countFailing(findings, opts.failOn, nightly.isAccepted),
    async finish() {
      if (opts.junit !== undefined) {
        const xml = renderJunit(findings, {
          sources: config.sources.map((s) => ({ name: s.name, path: paths.get(s.name) ?? s.path })),
          state,
          lang: opts.lang,
          showNik: opts.showNik,
          timeSeconds: opts.timeMs !== undefined ? opts.timeMs / 1000 : undefined,
        });
        const file = resolve(opts.cwd, opts.junit);
        try {
          writeReportFiles(dirname(file), { [basename(file)]: xml });
        } catch (e) {
          throw new PadanError(`--junit ${opts.junit}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
        }
      }
      await fileReady();
      nightly.commit();
    },
  };
}
