import type { ResolvedConfig } from './config/schema.js';
import type { Finding } from './domain/finding.js';
import { loadSources, type LoadResult } from './load/index.js';
import { loadRegionIndex } from './load/wilayah.js';
import { matchRecords, type MatchOptions, type MatchResult } from './match/index.js';
import { startRuleRunner } from './match-worker/runner.js';
import { reconcile } from './reconcile/index.js';
import { numberFindingsInPlace, type NumberedFinding } from './report/order.js';
import { countFindings, type InputFile, type RunSummary } from './report/summary.js';
import { validateTable } from './validate/index.js';
import { findingMessage } from './messages/catalogue.js';

export interface Progress {
  stage: 'load' | 'validate' | 'match' | 'reconcile';
  done: number;
  total: number;
  /** Rows read so far (load stage). */
  rows?: number;
  detail?: string;
}

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  match?: MatchOptions;
  /** Load worker threads (see LoadOptions.threads); unset, loadSources decides. */
  loadThreads?: number;
}

export interface RunResult {
  config: ResolvedConfig;
  load: LoadResult;
  match: MatchResult;
  /** Every finding, numbered in the one deterministic order. */
  findings: NumberedFinding[];
  timingsMs: Record<string, number>;
}

/**
 * The whole job: load -> validate -> match -> reconcile -> numbered findings.
 * No console, no exit: the CLI owns both.
 */
export async function runReconcile(config: ResolvedConfig, opts: RunOptions = {}): Promise<RunResult> {
  const timingsMs: Record<string, number> = {};
  const progress = opts.onProgress ?? (() => {});
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timingsMs[name] = Math.round(now - t0);
    t0 = now;
  };

  const load = await loadSources(config, {
    threads: opts.loadThreads,
    onProgress: (p) => progress({ stage: 'load', done: p.bytesRead, total: p.bytesTotal, rows: p.rows, detail: p.source }),
  });
  lap('load');
  // The blocking worker starts up while validation runs.
  const ruleRunner = opts.match?.ruleRunner === undefined ? startRuleRunner() : null;

  progress({ stage: 'validate', done: 0, total: load.table.size });
  const regions = loadRegionIndex();
  const invalid: Finding[] = [...load.rejections, ...load.fieldFindings, ...validateTable(load.table, config, regions)];
  lap('validate');

  let match: MatchResult;
  try {
    match = matchRecords(load.table, {
      ruleRunner: ruleRunner ?? undefined,
      ...config.match,
      ...opts.match,
      onProgress: (stage, done, total) => progress({ stage: 'match', done, total, detail: stage }),
    });
  } finally {
    await ruleRunner?.close();
  }
  lap('match');

  progress({ stage: 'reconcile', done: 0, total: load.table.size });
  const reconciled = reconcile(load.table, config, match);
  // This run's own findings: numbered in place, not copied.
  const findings = numberFindingsInPlace(invalid.concat(reconciled));
  lap('reconcile');

  return { config, load, match, findings, timingsMs };
}

/** Persons = clusters; a cluster's id is its smallest record index. */
export function countPersons(person: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < person.length; i++) if (person[i] === i) n++;
  return n;
}

/** summary.json: what went in, what came out, with which settings and version. */
export function summariseRun(run: RunResult, inputs: InputFile[], padanVersion: string, peakRssBytes: number): RunSummary {
  const names = run.config.sources.map((s) => s.name);
  const { byKind, bySource, counts } = countFindings(run.findings, names);
  const hashes = new Map(inputs.map((f) => [f.source, f]));
  const acc = run.load.accounting;
  return {
    padanVersion,
    config: run.config.configPath,
    settings: { match: { ...run.config.match }, programs: run.config.programs ?? {} },
    inputs: acc.map((a) => ({ ...a, ...hashes.get(a.source) })),
    totals: {
      dataLines: acc.reduce((s, a) => s + a.dataLines, 0),
      records: acc.reduce((s, a) => s + a.records, 0),
      rejections: acc.reduce((s, a) => s + a.rejections, 0),
      persons: countPersons(run.match.person),
      findings: run.findings.length,
    },
    byKind,
    bySource,
    counts,
    sourceNotes: run.load.sourceNotes.map((n) => ({ source: n.source, code: n.code, message: findingMessage('en', n, n.value ?? '', n.otherValue ?? '') })),
    match: run.match.stats,
    timingsMs: run.timingsMs,
    peakRssBytes,
  };
}
