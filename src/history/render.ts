import type { BaselineSummary } from '../baseline/baseline.js';
import { FINDING_KINDS } from '../domain/finding.js';
import { uiText, type Lang } from '../messages/catalogue.js';
import type { HistorySummary } from './nightly.js';
import type { RunRecord } from './store.js';
import { nightlyText } from './text.js';

/** The few chalk styles used; a ChalkInstance fits, and so does a plain identity for tests. */
export interface Styler {
  bold(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
}

const fmt = (n: number) => n.toLocaleString('en-US');
/** 2026-11-23T02:00:00.000Z -> 2026-11-23 02:00 (UTC, as stored). */
export const shortTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** Lines for the terminal summary: new / still open / resolved per kind, then the baseline. */
export function renderNightlyTerminal(h: HistorySummary | undefined, b: BaselineSummary | undefined, warnings: string[], lang: Lang, c: Styler): string {
  const t = (k: Parameters<typeof nightlyText>[1]) => nightlyText(lang, k);
  const lines: string[] = [];
  if (h) {
    if (h.previous === null) lines.push(c.bold(t('history.first_run')));
    else {
      lines.push(
        c.bold(`${t('history.since')} (${shortTime(h.previous.at)})`) +
          `: ${c.red(`${fmt(h.totals.new)} ${t('history.new')}`)} · ${fmt(h.totals.open)} ${t('history.open')} · ${c.green(`${fmt(h.totals.resolved)} ${t('history.resolved')}`)}`,
      );
      const w = Math.max(...FINDING_KINDS.map((k) => uiText(lang, `kind.${k}`).length));
      for (const k of FINDING_KINDS) {
        const ch = h.changes[k];
        if (ch.new + ch.open + ch.resolved === 0) continue;
        lines.push(
          `  ${uiText(lang, `kind.${k}`).padEnd(w)}  ${t('history.new')} ${fmt(ch.new)} · ${t('history.open')} ${fmt(ch.open)}` +
            (ch.oldestOpenSince ? ` (${t('history.oldest')} ${ch.oldestOpenSince.slice(0, 10)})` : '') +
            ` · ${t('history.resolved')} ${fmt(ch.resolved)}`,
        );
      }
    }
  }
  if (b && (b.entries > 0 || b.keyMismatch)) {
    const parts = [`${fmt(b.accepted)} ${t('baseline.accepted')}`];
    if (b.expired > 0) parts.push(c.red(`${fmt(b.expired)} ${t('baseline.expired')}`));
    lines.push(`${c.bold(t('baseline.title'))}: ${parts.join(' · ')}`);
    for (const s of b.stale) lines.push(c.yellow(`  ${t('baseline.stale')} ${b.path}: ${s.fingerprint} ${s.kind} ${s.code} ${s.seenAt ?? s.source}`));
  }
  for (const w of warnings) lines.push(c.yellow(`note: ${w}`));
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A section for report.html: the per-kind comparison and the baseline's state. */
export function renderNightlyHtml(h: HistorySummary | undefined, b: BaselineSummary | undefined, lang: Lang): string {
  const t = (k: Parameters<typeof nightlyText>[1]) => esc(nightlyText(lang, k));
  const out: string[] = [];
  if (h) {
    out.push(`<h2>${t('history.title')}</h2>`);
    if (h.previous === null) out.push(`<p>${t('history.first_run')}</p>`);
    else {
      out.push(`<p class="meta">${t('history.previous_run')}: ${esc(shortTime(h.previous.at))} UTC (${esc(h.previous.id)})</p>`);
      const rows = FINDING_KINDS.map((k) => {
        const ch = h.changes[k];
        return `<tr><td>${esc(uiText(lang, `kind.${k}`))}</td><td class="num">${ch.new}</td><td class="num">${ch.open}</td><td>${ch.oldestOpenSince ? esc(ch.oldestOpenSince.slice(0, 10)) : ''}</td><td class="num">${ch.resolved}</td></tr>`;
      }).join('');
      out.push(
        `<table id="history"><thead><tr><th>${esc(uiText(lang, 'report.kind'))}</th><th>${t('history.new')}</th><th>${t('history.open')}</th><th>${t('history.oldest')}</th><th>${t('history.resolved')}</th></tr></thead>` +
          `<tbody>${rows}<tr><th>${esc(uiText(lang, 'report.total'))}</th><th class="num">${h.totals.new}</th><th class="num">${h.totals.open}</th><th></th><th class="num">${h.totals.resolved}</th></tr></tbody></table>`,
      );
    }
  }
  if (b && (b.entries > 0 || b.keyMismatch)) {
    out.push(`<h2>${t('baseline.title')}</h2><ul id="baseline">`);
    out.push(`<li>${b.accepted} ${t('baseline.accepted')}</li>`);
    if (b.expired > 0) out.push(`<li>${b.expired} ${t('baseline.expired')}</li>`);
    for (const s of b.stale) out.push(`<li>${t('baseline.stale')} ${esc(b.path)}: <code>${esc(s.fingerprint)}</code> ${esc(s.code)} ${esc(s.seenAt ?? s.source)}</li>`);
    out.push('</ul>');
  }
  return out.join('\n');
}

/** `padan history`: one line per run, newest last. */
export function renderRunList(runs: RunRecord[], stateDir: string, lang: Lang, c: Styler): string {
  const t = (k: Parameters<typeof nightlyText>[1]) => nightlyText(lang, k);
  if (runs.length === 0) return `${t('history.none')} ${stateDir}\n`;
  const kinds = FINDING_KINDS.map((k) => uiText(lang, `kind.${k}`));
  const head = [
    'run'.padEnd(21),
    'time (UTC)'.padEnd(16),
    t('history.findings').padStart(9),
    ...kinds.map((k) => k.padStart(Math.max(9, k.length))),
    t('history.new').padStart(7),
    t('history.resolved').padStart(Math.max(9, t('history.resolved').length)),
    t('history.accepted').padStart(Math.max(9, t('history.accepted').length)),
  ];
  const lines = [`${t('history.runs')} ${stateDir}: ${runs.length}`, c.bold(head.join(' '))];
  for (const r of runs) {
    const total = FINDING_KINDS.reduce((s, k) => s + r.changes[k].new, 0);
    const resolved = FINDING_KINDS.reduce((s, k) => s + r.changes[k].resolved, 0);
    lines.push(
      [
        r.id.padEnd(21),
        shortTime(r.at).padEnd(16),
        fmt(r.findings).padStart(9),
        ...FINDING_KINDS.map((k, i) => fmt(r.byKind[k] ?? 0).padStart(Math.max(9, kinds[i].length))),
        (r.previous === null ? '-' : fmt(total)).padStart(7),
        (r.previous === null ? '-' : fmt(resolved)).padStart(Math.max(9, t('history.resolved').length)),
        fmt(r.accepted).padStart(Math.max(9, t('history.accepted').length)),
      ].join(' '),
    );
  }
  return lines.join('\n') + '\n';
}
