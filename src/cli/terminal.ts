import { Chalk, type ChalkInstance } from 'chalk';
import { FINDING_KINDS, type FindingKind } from '../domain/finding.js';
import { uiText, type Lang } from '../messages/catalogue.js';
import type { NumberedFinding } from '../report/order.js';
import { findingsByRegency, type RegencyNames, type RunSummary } from '../report/summary.js';
import type { Io } from './io.js';

/** Colour only on a terminal and never with NO_COLOR (https://no-color.org). */
export function chalkFor(io: Io): ChalkInstance {
  const plain = !io.stdoutTTY || io.env.NO_COLOR !== undefined || io.env.TERM === 'dumb';
  return new Chalk({ level: plain ? 0 : 1 });
}

const KIND_STYLE: Record<FindingKind, (c: ChalkInstance) => ChalkInstance> = {
  invalid: (c) => c.yellow,
  duplicate: (c) => c.red,
  missing: (c) => c.blue,
  out_of_sync: (c) => c.magenta,
};

const fmt = (n: number) => n.toLocaleString('en-US');

/** Counts per kind and source, worst regencies, where the files are. No NIK, no names. */
export function renderTerminalSummary(
  summary: RunSummary,
  findings: NumberedFinding[],
  regencyNames: RegencyNames,
  outDir: string,
  files: string[],
  lang: Lang,
  c: ChalkInstance,
): string {
  const t = (k: string) => uiText(lang, k);
  const lines: string[] = [];
  const tot = summary.totals;
  lines.push(
    c.bold('padan') +
      ` · ${summary.inputs.length} sources · ${fmt(tot.dataLines)} ${t('report.data_lines')} · ${fmt(tot.records)} ${t('report.records')} · ` +
      `${fmt(tot.rejections)} ${t('report.rejections')} · ${fmt(tot.persons)} ${t('report.persons')}`,
  );
  if (tot.findings === 0) lines.push(c.green(t('term.no_findings')));
  else
    lines.push(
      `${t('term.findings')}: ` +
        FINDING_KINDS.map((k) => KIND_STYLE[k](c)(`${t(`kind.${k}`)} ${fmt(summary.byKind[k])}`)).join(' · '),
    );
  lines.push('', c.bold(t('term.by_source')));
  const w = Math.max(...summary.inputs.map((s) => s.source.length), 6);
  for (const s of summary.inputs) {
    const counts = summary.bySource[s.source];
    lines.push(
      `  ${s.source.padEnd(w)}  ${fmt(s.records).padStart(9)} ${t('report.records')}` +
        (s.rejections > 0 ? c.yellow(` (+${fmt(s.rejections)} ${t('report.rejections')})`) : '') +
        '  ' +
        FINDING_KINDS.filter((k) => counts[k] > 0)
          .map((k) => KIND_STYLE[k](c)(`${t(`kind.${k}`)} ${fmt(counts[k])}`))
          .join(', '),
    );
  }
  const worst = findingsByRegency(findings).filter((r) => r.regency !== '').slice(0, 5);
  if (worst.length > 0) {
    lines.push('', c.bold(t('term.worst_regencies')));
    for (const r of worst) lines.push(`  ${r.regency} ${(regencyNames.get(r.regency) ?? '').padEnd(28)} ${fmt(r.total).padStart(7)}`);
  }
  for (const n of summary.sourceNotes) lines.push(c.yellow(`note: ${n.source}: ${n.message}`));
  lines.push('', `${t('term.reports_in')} ${outDir}: ${files.join(', ')}`);
  return lines.join('\n') + '\n';
}
