import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { readConfig } from '../../config/read.js';
import { PadanError } from '../../domain/errors.js';
import { maskId } from '../../domain/mask.js';
import { runReconcile } from '../../pipeline.js';
import { recordView, RECORD_VIEW_FIELDS } from '../../report/record-view.js';
import type { RunSummary } from '../../report/summary.js';
import { findingMessage, pickLang } from '../../messages/catalogue.js';
import { displayValue } from '../../report/findings-csv.js';
import { EXIT_OK } from '../exit.js';
import { hashInputs } from '../input-hash.js';
import type { CliContext } from '../main.js';
import { chalkFor } from '../terminal.js';

interface ExplainOpts {
  showNik?: boolean;
  lang?: string;
}

export function registerExplain(program: Command, ctx: CliContext): void {
  program
    .command('explain')
    .summary('show the records behind one finding side by side, with each field’s contribution to the link score')
    .description(
      'Re-runs the reconciliation recorded in DIR/summary.json (refusing if an input file changed since), ' +
        'finds FINDING_ID (the id column of findings.csv) and shows both records, how each field compared ' +
        'and how much it added to or took from the match weight.',
    )
    .argument('<DIR>', 'a report folder written by padan reconcile --out')
    .argument('<FINDING_ID>', 'e.g. F12')
    .option('--show-nik', 'show full NIK and KK values (authorised officers only)')
    .addOption(new Option('--lang <LANG>', 'language of messages').choices(['en', 'id']))
    .addHelpText('after', '\nExample:\n  padan explain out/example F7\n')
    .action(async (dir: string, id: string, opts: ExplainOpts) => {
      ctx.exitCode = await explainFinding(dir, id, opts, ctx);
    });
}

async function explainFinding(dir: string, id: string, opts: ExplainOpts, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const c = chalkFor(io);
  const lang = pickLang(opts.lang, io.env);
  const showNik = Boolean(opts.showNik);
  const summaryPath = join(dir, 'summary.json');
  let summary: RunSummary;
  try {
    summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummary;
  } catch {
    throw new PadanError(`${summaryPath}: cannot read the run summary; run padan reconcile --out ${dir} first`);
  }
  const config = readConfig(summary.config);
  const now = await hashInputs(config.sources);
  const before = new Map(summary.inputs.map((s) => [s.source, s.sha256]));
  const changed = now.filter((f) => before.get(f.source) !== f.sha256).map((f) => f.path);
  if (changed.length > 0) {
    throw new PadanError(`inputs changed since the report in ${dir} was written (${changed.join(', ')}); run padan reconcile again`);
  }
  const run = await runReconcile(config);
  const f = run.findings.find((x) => x.id === id);
  if (!f) throw new PadanError(`${id}: no such finding in ${dir} (ids run from F1 to F${run.findings.length})`);

  const t = run.load.table;
  const v = displayValue(f, f.value, showNik);
  const ov = displayValue(f, f.otherValue, showNik);
  const out: string[] = [];
  out.push(c.bold(`${f.id} ${f.kind} (${f.code})`) + ` ${f.source}:${f.line}${f.other ? ` ~ ${f.other.source}${f.other.line ? `:${f.other.line}` : ''}` : ''}`);
  out.push(findingMessage(lang, f, v, ov), '');
  const a = f.index;
  const b = f.other?.index;
  const A = a !== undefined ? recordView(t, a, config.sources, showNik) : undefined;
  const B = b !== undefined ? recordView(t, b, config.sources, showNik) : undefined;
  if (A) {
    const w = 12;
    const col = 34;
    out.push(`${''.padEnd(w)} ${`${A.source}:${A.line}`.padEnd(col)} ${B ? `${B.source}:${B.line}` : ''}`);
    for (const k of RECORD_VIEW_FIELDS) {
      const x = String(A[k]);
      const y = B ? String(B[k]) : '';
      const line = `${k.padEnd(w)} ${x.padEnd(col)} ${y}`;
      out.push(B && x !== y ? c.yellow(line) : line);
    }
  }
  if (a !== undefined && b !== undefined) {
    const e = run.match.explain(Math.min(a, b), Math.max(a, b));
    out.push('', c.bold(`match probability ${e.probability.toFixed(4)} (weight ${e.weight.toFixed(2)})`));
    for (const fc of e.fields) {
      const mask = (s: string) => (!showNik && (fc.field === 'nik' || fc.field === 'kk') ? maskId(s) : s);
      const sign = fc.weight >= 0 ? '+' : '';
      out.push(`  ${fc.field.padEnd(12)} ${fc.level.padEnd(22)} ${(sign + fc.weight.toFixed(2)).padStart(7)}   ${mask(fc.a)} | ${mask(fc.b)}`);
    }
  }
  io.out(out.join('\n') + '\n');
  return EXIT_OK;
}
