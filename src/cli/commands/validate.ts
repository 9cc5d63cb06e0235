import { basename, dirname, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { configFromFiles, isConfigPath, readConfig } from '../../config/read.js';
import type { ResolvedConfig } from '../../config/schema.js';
import { PadanError } from '../../domain/errors.js';
import type { Finding, Severity, SourceAccounting } from '../../domain/finding.js';
import { loadSources } from '../../load/index.js';
import { loadRegionIndex } from '../../load/wilayah.js';
import { pickLang, uiText, type Lang } from '../../messages/catalogue.js';
import { displayValue, renderFindingsCsv } from '../../report/findings-csv.js';
import { logSafeMessage, renderGithubAnnotations } from '../../report/github.js';
import { renderJunit } from '../../report/junit.js';
import { numberFindings, type NumberedFinding } from '../../report/order.js';
import { writeReportFiles } from '../../report/write.js';
import { validateTable } from '../../validate/index.js';
import { PADAN_VERSION } from '../../version.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit.js';
import { ENVIRONMENT_HELP, loadThreads, type Io } from '../io.js';
import type { CliContext } from '../main.js';
import { progressReporter } from '../progress.js';
import { chalkFor } from '../terminal.js';

interface ValidateOpts {
  format: 'text' | 'json' | 'github';
  out?: string;
  failOn: Severity;
  lang?: 'en' | 'id';
  showNik?: boolean;
  limit: string;
  junit?: string;
}

/** One checked source: where it is and what was found. */
interface SourceResult {
  accounting: SourceAccounting;
  /** Path as the user sees it (relative to the working folder). */
  displayPath: string;
  findings: NumberedFinding[];
}

const SEVERITY_RANK: Record<Severity, number> = { warning: 1, error: 2 };

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .summary('check rosters row by row: unreadable rows, invalid NIK/KK, dates, names, region codes')
    .description(
      'Reads each roster (a padan.config.json, or roster files directly) and reports every row that could not be ' +
        'read and every invalid value, with its file and line. Every data line ends up as a record or a rejected ' +
        'row; the counts are shown. A gate for uploads: exit 1 when something at or above --fail-on is found.',
    )
    .argument('<CONFIG|FILE...>', 'padan.config.json (paths ending in .json) and/or roster files (.csv, .txt)')
    .addOption(new Option('--format <FORMAT>', 'text for people, json for programs, github for workflow annotations').choices(['text', 'json', 'github']).default('text'))
    .option('-o, --out <DIR>', 'also write DIR/findings.csv with every finding')
    .addOption(new Option('--fail-on <SEVERITY>', 'exit 1 when a finding of this severity or worse exists').choices(['error', 'warning']).default('error'))
    .addOption(new Option('--lang <LANG>', 'language of messages (default: PADAN_LANG, then the locale)').choices(['en', 'id']))
    .option('--show-nik', 'show full NIK and KK values (authorised officers only; masked by default)')
    .option('--junit <FILE>', 'also write JUnit XML: one test case per roster, failing on findings at the --fail-on level')
    .option('--limit <N>', 'problems listed per file in text output', '10')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  padan validate kab_6171.csv                      check one roster file (headers found by name)\n' +
        '  padan validate padan.config.json                 check every source of a config\n' +
        '  padan validate padan.config.json --out out/      ... and write out/findings.csv\n' +
        '  padan validate upload.csv --fail-on warning      strict gate: warnings fail too\n' +
        '  padan validate upload.csv --format github        annotations for a GitHub Actions check\n' +
        '  padan validate upload.csv --format json | jq .totals\n' +
        '  padan validate data.csv --lang id                pesan dalam Bahasa Indonesia\n' +
        '\nA file given directly is read with its delimiter sniffed (, ; tab |), UTF-8 or windows-1252,\n' +
        'and its headers mapped by common names (NIK, NAMA, NO_KK, TGL_LAHIR, JENIS_KELAMIN, ...).\n' +
        'Use a config to name columns, a date format, an encoding or "regionScheme": "bps".\n' +
        '\nChecks (error unless marked): rows that cannot be read; NIK empty; NIK and No. KK not 16 digits,\n' +
        'spoiled by Excel (6.17101E+15), placeholder, unknown province, unknown regency/district (warning),\n' +
        'impossible embedded birth date, serial 0000, NIK equal to KK; NIK disagreeing with the sex or\n' +
        'birth date of the row (warning); birth date unreadable, in the future or implausible (warning);\n' +
        'name empty or placeholder; region code unknown or outside the roster\'s area (warning).\n' +
        '\nExit codes: 0 nothing at or above --fail-on, 1 something is, 2 usage, config or unreadable input.\n' +
        ENVIRONMENT_HELP,
    )
    .action(async (paths: string[], opts: ValidateOpts) => {
      ctx.exitCode = await runValidateCommand(paths, opts, ctx.io);
    });
}

/** Configs from the arguments: each .json is one; all other files together make one more. */
function configsFor(paths: string[], io: Io): ResolvedConfig[] {
  const configs: ResolvedConfig[] = [];
  const files: string[] = [];
  for (const p of paths) {
    if (isConfigPath(p)) configs.push(readConfig(resolve(io.cwd, p)));
    else files.push(p);
  }
  if (files.length > 0) {
    const fromFiles = configFromFiles(files);
    fromFiles.sources.forEach((s) => (s.absPath = resolve(io.cwd, s.path)));
    configs.push(fromFiles);
  }
  return configs;
}

export async function runValidateCommand(paths: string[], opts: ValidateOpts, io: Io): Promise<number> {
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new PadanError(`--limit: "${opts.limit}" is not a whole number`);
  const lang = pickLang(opts.lang, io.env);
  const showNik = Boolean(opts.showNik);
  const failRank = SEVERITY_RANK[opts.failOn];
  const regions = loadRegionIndex();
  const progress = progressReporter(io);
  const threads = loadThreads(io.env);

  const results: SourceResult[] = [];
  const all: Finding[] = [];
  for (const config of configsFor(paths, io)) {
    const load = await loadSources(config, {
      threads,
      onProgress: (p) => progress.onProgress?.({ stage: 'load', done: p.bytesRead, total: p.bytesTotal, rows: p.rows, detail: p.source }),
    });
    const findings = [...load.sourceNotes, ...load.rejections, ...load.fieldFindings, ...validateTable(load.table, config, regions)];
    const numbered = numberFindings(findings);
    for (const source of config.sources) {
      const accounting = load.accounting[source.index];
      results.push({
        accounting,
        displayPath: relative(io.cwd, source.absPath) || source.path,
        findings: numbered.filter((f) => f.source === source.name),
      });
    }
    all.push(...findings);
  }
  progress.done();

  const numberedAll = numberFindings(all);
  const failing = numberedAll.filter((f) => SEVERITY_RANK[f.severity] >= failRank).length;

  let outFile: string | undefined;
  if (opts.out !== undefined) {
    const dir = resolve(io.cwd, opts.out);
    [outFile] = writeReportFiles(dir, { 'findings.csv': renderFindingsCsv(numberedAll, { showNik, lang }) });
  }

  if (opts.junit !== undefined) {
    const xml = renderJunit(numberedAll, {
      sources: results.map((r) => ({ name: r.accounting.source, path: r.displayPath })),
      state: (k) => ({ failing: SEVERITY_RANK[numberedAll[k].severity] >= failRank }),
      lang,
      showNik,
      suiteName: 'padan validate',
    });
    const file = resolve(io.cwd, opts.junit);
    try {
      writeReportFiles(dirname(file), { [basename(file)]: xml });
    } catch (e) {
      throw new PadanError(`--junit ${opts.junit}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  if (opts.format === 'json') io.out(JSON.stringify(jsonReport(results, numberedAll, { lang, showNik, failOn: opts.failOn, failing, outFile, io }), null, 2) + '\n');
  else if (opts.format === 'github') {
    const pathOf = new Map(results.map((r) => [r.accounting.source, r.displayPath]));
    io.out(
      renderGithubAnnotations(numberedAll, {
        lang,
        showNik,
        pathOf: (s) => pathOf.get(s),
        state: (k) => ({ failing: SEVERITY_RANK[numberedAll[k].severity] >= failRank }),
        fullListAt: outFile ? relative(io.cwd, outFile) : undefined,
      }),
    );
  } else io.out(textReport(results, { lang, showNik, limit, failing, outFile, io }));

  return failing > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function countBy(findings: readonly Finding[]): { errors: number; warnings: number; byCheck: Record<string, number> } {
  let errors = 0;
  let warnings = 0;
  const byCheck: Record<string, number> = {};
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else warnings++;
    byCheck[f.code] = (byCheck[f.code] ?? 0) + 1;
  }
  return { errors, warnings, byCheck };
}

interface RenderCtx {
  lang: Lang;
  showNik: boolean;
  failing: number;
  outFile?: string;
  io: Io;
}

function textReport(results: SourceResult[], r: RenderCtx & { limit: number }): string {
  const c = chalkFor(r.io);
  const t = (k: string) => uiText(r.lang, k);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const res of results) {
    const a = res.accounting;
    const counts = countBy(res.findings);
    errors += counts.errors;
    warnings += counts.warnings;
    lines.push(c.bold(`${a.source}  ${res.displayPath}`));
    lines.push(`  ${t('report.data_lines')} ${a.dataLines} · ${t('report.records')} ${a.records} · ${t('report.rejections')} ${a.rejections}`);
    if (res.findings.length === 0) {
      lines.push(`  ${c.green(t('validate.clean'))}`, '');
      continue;
    }
    lines.push(`  ${c.red(`${t('validate.errors')} ${counts.errors}`)} · ${c.yellow(`${t('validate.warnings')} ${counts.warnings}`)}`);
    lines.push(`  ${t('validate.checks')}:`);
    const checks = Object.entries(counts.byCheck).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    const width = Math.max(...checks.map(([k]) => k.length));
    for (const [code, n] of checks) lines.push(`    ${code.padEnd(width)}  ${String(n).padStart(6)}`);
    lines.push(`  ${t('validate.first_problems')}:`);
    const lineWidth = String(Math.max(...res.findings.slice(0, r.limit).map((f) => f.line))).length;
    for (const f of res.findings.slice(0, r.limit)) {
      const where =
        f.line <= 0
          ? t('validate.source_notes')
          : a.sheet !== undefined
            ? `${basename(res.displayPath)}!${a.sheet}:${f.line}`
            : `${t('report.line')} ${String(f.line).padStart(lineWidth)}`;
      const sev = f.severity === 'error' ? c.red(f.severity.padEnd(7)) : c.yellow(f.severity.padEnd(7));
      lines.push(`    ${where}  ${sev}  ${f.code}: ${logSafeMessage(f, r.lang, r.showNik)}`);
    }
    if (res.findings.length > r.limit) lines.push(`    ... ${res.findings.length - r.limit} ${t('validate.more')}`);
    lines.push('');
  }
  const files = `${results.length} ${t('validate.files')}`;
  lines.push(`${files}: ${c.red(`${t('validate.errors')} ${errors}`)} · ${c.yellow(`${t('validate.warnings')} ${warnings}`)}`);
  if (r.outFile) lines.push(`${t('term.reports_in')} ${relative(r.io.cwd, r.outFile)}`);
  return lines.join('\n') + '\n';
}

function jsonReport(results: SourceResult[], findings: NumberedFinding[], r: RenderCtx & { failOn: Severity }): unknown {
  const totals = countBy(findings);
  return {
    padan: PADAN_VERSION,
    failOn: r.failOn,
    failing: r.failing,
    totals: { errors: totals.errors, warnings: totals.warnings, byCheck: totals.byCheck },
    sources: results.map((res) => ({
      ...res.accounting,
      file: res.displayPath,
      ...countBy(res.findings),
    })),
    findings: findings.map((f) => ({
      id: f.id,
      code: f.code,
      severity: f.severity,
      source: f.source,
      line: f.line,
      recordId: f.recordId,
      field: f.field ?? null,
      value: displayValue(f, f.value, r.showNik),
      ...(f.otherValue !== undefined ? { otherValue: displayValue(f, f.otherValue, r.showNik) } : {}),
      program: f.program ?? null,
      region: f.region ?? null,
      message: logSafeMessage(f, r.lang, r.showNik),
    })),
    ...(r.outFile ? { findingsCsv: relative(r.io.cwd, r.outFile) } : {}),
  };
}
