import { Command, Option } from 'commander';
import { readConfig } from '../../config/read.js';
import { FINDING_KINDS, type FindingKind } from '../../domain/finding.js';
import { PadanError } from '../../domain/errors.js';
import { pickLang, uiText } from '../../messages/catalogue.js';
import { runReconcile, summariseRun } from '../../pipeline.js';
import { writeFindingsCsv } from '../../report/findings-csv.js';
import { shownFindings, writeHtmlReport } from '../../report/html.js';
import { renderMarkdownReport } from '../../report/markdown.js';
import { recordView, type RecordView } from '../../report/record-view.js';
import { ReportStage } from '../../report/write.js';
import { PADAN_VERSION } from '../../version.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit.js';
import { inputBytes, InputHashing } from '../input-hash.js';
import type { CliContext } from '../main.js';
import { progressReporter } from '../progress.js';
import { chalkFor, renderTerminalSummary } from '../terminal.js';
import { ENVIRONMENT_HELP, loadThreads } from '../io.js';
import { loadRegionIndex } from '../../load/wilayah.js';
import type { Worker } from 'node:worker_threads';
import { spawnHistoryWorker } from '../../history/job-runner.js';
import { parseKeepRuns, startNightlyReconcile, type NightlyCliOptions, type NightlyReconcile } from '../../history/reconcile-hook.js';

export function parseFailOn(value: string | undefined): Set<FindingKind> {
  const kinds = new Set<FindingKind>();
  if (value === undefined || value === '' || value === 'none') return kinds;
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(FINDING_KINDS as readonly string[]).includes(part)) {
      throw new PadanError(`--fail-on: "${part}" is not a finding kind (expected ${FINDING_KINDS.join(', ')} or none)`);
    }
    kinds.add(part as FindingKind);
  }
  return kinds;
}

interface ReconcileOpts extends NightlyCliOptions {
  out: string;
  failOn?: string;
  format: 'text' | 'json' | 'github';
  showNik?: boolean;
  lang?: string;
  xlsx?: boolean;
}

export function registerReconcile(program: Command, ctx: CliContext): void {
  program
    .command('reconcile')
    .summary('match every roster of a config and report duplicate, missing, out-of-sync and invalid records')
    .description(
      'Loads and validates every source in CONFIG, links records into persons (NIK, then name and birth date), ' +
        'applies the coverage rule and writes DIR/findings.csv, summary.json, report.html and report.md.',
    )
    .argument('<CONFIG>', 'padan.config.json listing the rosters')
    .requiredOption('-o, --out <DIR>', 'folder for the reports (created; files are replaced atomically)')
    .option('--fail-on <KIND[,KIND]>', `exit 1 when findings of these kinds exist (${FINDING_KINDS.join(', ')}); default none`)
    .addOption(new Option('--format <FORMAT>', 'terminal output').choices(['text', 'json', 'github']).default('text'))
    .option('--show-nik', 'write full NIK and KK values (authorised officers only; masked by default)')
    .addOption(new Option('--lang <LANG>', 'language of messages and reports (default: PADAN_LANG, then locale)').choices(['en', 'id']))
    .option('--state <DIR>', 'run history: new / still open / resolved since the previous run (default: .padan beside CONFIG)')
    .option('--keep-runs <N>', 'runs the history keeps (default 30)', parseKeepRuns)
    .option('--baseline <FILE>', 'accepted findings, listed but never failing (default: padan.baseline.json beside CONFIG)')
    .option('--xlsx', 'also write DIR/findings.xlsx: a summary sheet and one sheet per finding kind (NIK/KK as text)')
    .option('--junit <FILE>', 'also write JUnit XML: one test case per source, failing on --fail-on kinds')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  padan reconcile examples/padan.config.json --out out/example\n' +
        '  padan reconcile padan.config.json --out reports/2026-11-23 --fail-on duplicate,invalid\n' +
        '  padan reconcile padan.config.json --out reports --format json | jq .byKind\n' +
        '\nExit codes: 0 ran and nothing hit --fail-on, 1 findings of a --fail-on kind, 2 usage, config or unreadable input.\n' +
        ENVIRONMENT_HELP,
    )
    .action(async (configPath: string, opts: ReconcileOpts) => {
      ctx.exitCode = await runReconcileCommand(configPath, opts, ctx);
    });
}

async function runReconcileCommand(configPath: string, opts: ReconcileOpts, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const failOn = parseFailOn(opts.failOn);
  const lang = pickLang(opts.lang, io.env);
  const showNik = Boolean(opts.showNik);
  const threads = loadThreads(io.env);
  const config = readConfig(configPath);
  const progress = progressReporter(io, { totalBytes: inputBytes(config.sources) });
  // Hashed on a worker thread once matching is over, while the main thread reconciles and writes
  // the reports: during the match the second core runs a blocking rule.
  const hashing = new InputHashing(config.sources);
  // The history worker is started once loading is over, so that its start-up is over by the time
  // its job comes (null when there is no compiled worker; asked once, not on every progress tick).
  let historyWorker: Worker | null | undefined;
  const run = await runReconcile(config, {
    loadThreads: threads,
    onProgress: (p) => {
      if (p.stage !== 'load' && historyWorker === undefined) historyWorker = spawnHistoryWorker();
      if (p.stage === 'reconcile') hashing.start();
      progress.onProgress?.(p);
    },
  });
  progress.done();

  const inputs = await hashing.result();
  const summary = summariseRun(run, inputs, PADAN_VERSION, process.resourceUsage().maxRSS * 1024);
  // Its history job (fingerprints, the comparison with the previous run) runs on a worker thread
  // while findings.csv is written.
  const pending = startNightlyReconcile(run.findings, run.load.table, config, { ...opts, failOn, lang, showNik, cwd: io.cwd, env: io.env, padanVersion: PADAN_VERSION, historyWorker });
  const regions = loadRegionIndex();
  const names = { get: (code: string) => regions.regencyName(code) };

  // Every report is streamed into its staged file; all of them are renamed into place together.
  const stage = new ReportStage(opts.out);
  const files = ['findings.csv', 'summary.json', 'report.html', 'report.md'];
  let nightly: NightlyReconcile;
  let nightlyStaged: Promise<void> | undefined;
  try {
    stage.stream('findings.csv', (out) => writeFindingsCsv(out, run.findings, { showNik, lang }));
    const shown = shownFindings(run.findings);
    const records = new Map<number, RecordView>();
    for (const k of shown) {
      const f = run.findings[k];
      for (const i of [f.index, f.other?.index]) {
        if (i !== undefined && !records.has(i)) records.set(i, recordView(run.load.table, i, config.sources, showNik));
      }
    }
    nightly = await pending.ready();
    // Staged first: the history worker writes fingerprints.json while this thread writes the rest.
    const nightlyFiles = nightly.stageFiles(stage);
    nightlyStaged = nightly.staged();
    Object.assign(summary, nightly.summaryFields);
    stage.add('summary.json', JSON.stringify(summary, null, 2) + '\n');
    stage.stream('report.html', (out) =>
      writeHtmlReport(out, { summary, findings: run.findings, records, regencyNames: names, showNik, lang, nightlyHtml: nightly.html, findingNote: nightly.note }),
    );
    stage.add('report.md', renderMarkdownReport(summary, run.findings, names, lang));
    files.push(...nightlyFiles);
    if (opts.xlsx) {
      // exceljs takes ~0.2 s to import: only runs that ask for a workbook pay for it.
      const { renderFindingsXlsx } = await import('../../report/xlsx.js');
      const head = [
        { label: 'padan', value: PADAN_VERSION },
        { label: 'config', value: config.configPath },
        ...FINDING_KINDS.map((k) => ({ label: uiText(lang, `kind.${k}`), value: summary.byKind[k] })),
      ];
      stage.add('findings.xlsx', await renderFindingsXlsx(run.findings, head, { showNik, lang }));
      files.push('findings.xlsx');
    }
    await nightlyStaged;
  } catch (e) {
    // Not while the worker may still be writing a staged file.
    await nightlyStaged?.catch(() => {});
    stage.discard();
    throw e;
  }
  stage.commit();
  await nightly.finish();

  if (opts.format === 'github') io.out(nightly.annotations(showNik));
  if (opts.format === 'json') io.out(JSON.stringify(summary, null, 2) + '\n');
  else io.out(renderTerminalSummary(summary, run.findings, names, opts.out, files, lang, chalkFor(io)) + nightly.terminal(chalkFor(io)));

  return nightly.failing() > 0 ? EXIT_FINDINGS : EXIT_OK;
}
