import { FINDING_KINDS } from '../domain/finding.js';
import { uiText, type Lang } from '../messages/catalogue.js';
import type { NumberedFinding } from './order.js';
import { findingsByRegency, type RegencyNames, type RunSummary } from './summary.js';

function cell(s: string | number): string {
  return String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: (string | number)[][]): string {
  const lines = [`| ${head.map(cell).join(' | ')} |`, `|${head.map((_, k) => (k === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** The run's summary as Markdown, for pasting into a memo. Counts only: no NIK, no names. */
export function renderMarkdownReport(summary: RunSummary, findings: NumberedFinding[], regencyNames: RegencyNames, lang: Lang): string {
  const t = (k: string) => uiText(lang, k);
  const kinds = FINDING_KINDS.map((k) => t(`kind.${k}`));
  const out: string[] = [];
  out.push(`# padan — ${t('report.title')}`, '');
  out.push(`padan ${summary.padanVersion}, ${t('report.config')}: \`${summary.config}\``, '');
  out.push(
    table(
      [t('report.kind'), t('report.count')],
      FINDING_KINDS.map((k, i) => [kinds[i], summary.byKind[k]]),
    ),
    '',
  );
  out.push(`## ${t('report.inputs')}`, '');
  out.push(
    table(
      [t('report.source'), t('report.data_lines'), t('report.records'), t('report.rejections'), ...kinds],
      summary.inputs.map((s) => [s.source, s.dataLines, s.records, s.rejections, ...FINDING_KINDS.map((k) => summary.bySource[s.source]?.[k] ?? 0)]),
    ),
    '',
  );
  const worst = findingsByRegency(findings).slice(0, 10);
  if (worst.length > 0) {
    out.push(`## ${t('report.worst_regencies')}`, '');
    out.push(
      table(
        [t('report.regency'), ...kinds, t('report.total')],
        worst.map((r) => [
          r.regency === '' ? t('report.region_unknown') : `${r.regency} ${regencyNames.get(r.regency) ?? ''}`.trim(),
          ...FINDING_KINDS.map((k) => r.counts[k]),
          r.total,
        ]),
      ),
      '',
    );
  }
  out.push(`${t('report.files_note')}`, '');
  return out.join('\n');
}
