import { FINDING_KINDS, type FindingKind } from '../domain/finding.js';
import { uiText, type Lang } from '../messages/catalogue.js';
import { displayValue } from './findings-csv.js';
import { findingMessage } from '../messages/catalogue.js';
import type { NumberedFinding } from './order.js';
import { RECORD_VIEW_FIELDS, type RecordView } from './record-view.js';
import { findingsByRegency, regencyOf, type RegencyNames, type RunSummary } from './summary.js';
import { collectText, type TextSink } from './sink.js';

export interface HtmlReportInput {
  summary: RunSummary;
  findings: NumberedFinding[];
  /** Record views by table index, for the findings shown. */
  records: Map<number, RecordView>;
  regencyNames: RegencyNames;
  showNik: boolean;
  lang: Lang;
  /** The table lists at most this many findings (the CSV has them all); see shownFindings. */
  maxRows?: number;
  /** Extra section (already HTML): the nightly comparison and accepted findings (src/history). */
  nightlyHtml?: string;
  /** Per finding (index into findings): a note appended to its message, e.g. " [accepted: ...]". */
  findingNote?: (k: number) => string;
}

const KIND_COLOUR: Record<FindingKind, string> = {
  invalid: '#b45309',
  duplicate: '#b91c1c',
  missing: '#1d4ed8',
  out_of_sync: '#7c3aed',
};

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script>: `<` escaped so no value can close the tag. */
function scriptJson(v: unknown): string {
  const json = JSON.stringify(v);
  // Most rows hold none of these: one scan instead of three replaces.
  return /[<\u2028\u2029]/.test(json) ? json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') : json;
}

/** Stacked horizontal bars, findings per regency and kind; inline SVG so the file needs no network. */
function regencyChart(input: HtmlReportInput): string {
  const rows = findingsByRegency(input.findings).slice(0, 15);
  if (rows.length === 0) return '';
  const max = Math.max(...rows.map((r) => r.total));
  const labelW = 230;
  const barW = 520;
  const rowH = 22;
  const h = rows.length * rowH + 40;
  const parts: string[] = [];
  rows.forEach((r, k) => {
    const y = k * rowH + 4;
    const name = r.regency === '' ? uiText(input.lang, 'report.region_unknown') : `${r.regency} ${input.regencyNames.get(r.regency) ?? ''}`;
    parts.push(`<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${esc(name.trim())}</text>`);
    let x = labelW;
    for (const kind of FINDING_KINDS) {
      const w = (r.counts[kind] / max) * barW;
      if (w > 0) {
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${KIND_COLOUR[kind]}"><title>${esc(uiText(input.lang, `kind.${kind}`))}: ${r.counts[kind]}</title></rect>`,
        );
      }
      x += w;
    }
    parts.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 14}">${r.total}</text>`);
  });
  let lx = labelW;
  for (const kind of FINDING_KINDS) {
    parts.push(`<rect x="${lx}" y="${h - 18}" width="12" height="12" fill="${KIND_COLOUR[kind]}"/>`);
    parts.push(`<text x="${lx + 16}" y="${h - 8}">${esc(uiText(input.lang, `kind.${kind}`))}</text>`);
    lx += 130;
  }
  return `<svg role="img" aria-label="${esc(uiText(input.lang, 'report.chart_title'))}" width="${labelW + barW + 60}" height="${h}" font-size="12" font-family="sans-serif">${parts.join('')}</svg>`;
}

/** Findings the report's table embeds by default; the file stays a few MB however large the run. */
export const HTML_MAX_ROWS = 20_000;

/**
 * Which findings report.html embeds (indices into findings, ascending). All of them up to maxRows;
 * beyond that every kind gets a fair share of maxRows (a kind with fewer findings than its share
 * keeps them all and leaves the rest to the others), each kind's first findings in the findings
 * order. Without shares a province's run would show only its first kinds: 20,000 invalid and
 * duplicate findings and not one missing or out-of-sync record.
 */
export function shownFindings(findings: readonly Pick<NumberedFinding, 'kind'>[], maxRows = HTML_MAX_ROWS): number[] {
  const n = findings.length;
  if (n <= maxRows) return Array.from({ length: n }, (_, k) => k);
  const count = new Map<FindingKind, number>(FINDING_KINDS.map((k) => [k, 0]));
  for (const f of findings) count.set(f.kind, (count.get(f.kind) ?? 0) + 1);
  const quota = new Map<FindingKind, number>(FINDING_KINDS.map((k) => [k, 0]));
  let open = FINDING_KINDS.filter((k) => count.get(k)! > 0);
  let left = maxRows;
  while (open.length > 0) {
    const share = Math.floor(left / open.length);
    const small = open.filter((k) => count.get(k)! <= share);
    if (small.length === 0) {
      // Every open kind has more than its share: share it out, the remainder one each in kind order.
      open.forEach((k, i) => quota.set(k, share + (i < left - share * open.length ? 1 : 0)));
      break;
    }
    for (const k of small) {
      quota.set(k, count.get(k)!);
      left -= count.get(k)!;
    }
    open = open.filter((k) => !small.includes(k));
  }
  const shown: number[] = [];
  for (let k = 0; k < n; k++) {
    const kind = findings[k].kind;
    const q = quota.get(kind) ?? 0;
    if (q > 0) {
      shown.push(k);
      quota.set(kind, q - 1);
    }
  }
  return shown;
}

export function renderHtmlReport(input: HtmlReportInput): string {
  return collectText((out) => writeHtmlReport(out, input));
}

/** The table's data for finding k, as the page's script reads it. */
function rowData(input: HtmlReportInput, f: NumberedFinding, k: number) {
  const v = displayValue(f, f.value, input.showNik);
  const ov = displayValue(f, f.otherValue, input.showNik);
  return {
    id: f.id,
    kind: f.kind,
    severity: f.severity,
    code: f.code,
    group: f.group ?? '',
    source: f.source,
    line: f.line,
    other_source: f.other?.source ?? '',
    other_line: f.other && f.other.line > 0 ? f.other.line : '',
    field: f.field ?? '',
    value: v,
    other_value: ov,
    score: f.score === undefined ? '' : f.score.toFixed(3),
    regency: regencyOf(f.region),
    message: findingMessage(input.lang, f, v, ov) + (input.findingNote?.(k) ?? ''),
    a: f.index ?? -1,
    b: f.other?.index ?? -1,
  };
}

/**
 * The page's data, written piece by piece; the same text as scriptJson({ rows, records, fields,
 * kinds }) (JSON puts integer keys such as record indices in ascending order).
 */
function writeData(out: TextSink, input: HtmlReportInput, shown: readonly number[]): void {
  out.write('{"rows":[');
  for (let s = 0; s < shown.length; s++) {
    const k = shown[s];
    out.write((s === 0 ? '' : ',') + scriptJson(rowData(input, input.findings[k], k)));
  }
  out.write('],"records":{');
  const keys = Float64Array.from(input.records.keys()).sort();
  for (let s = 0; s < keys.length; s++) {
    out.write(`${s === 0 ? '' : ','}"${keys[s]}":${scriptJson(input.records.get(keys[s]))}`);
  }
  out.write(`},"fields":${scriptJson(RECORD_VIEW_FIELDS)},"kinds":${scriptJson(Object.fromEntries(FINDING_KINDS.map((k) => [k, uiText(input.lang, `kind.${k}`)])))}}`);
}

/** Says how many findings of each kind the table holds when it cannot hold them all. */
function truncatedNote(input: HtmlReportInput, shown: readonly number[]): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const t = (k: string) => esc(uiText(input.lang, k));
  const perKind = FINDING_KINDS.map((kind) => {
    let n = 0;
    for (const k of shown) if (input.findings[k].kind === kind) n++;
    return `${t(`kind.${kind}`)} ${fmt(n)} / ${fmt(input.summary.byKind[kind])}`;
  });
  return `<p class="note">${t('report.truncated')} ${fmt(shown.length)} / ${fmt(input.findings.length)} (findings.csv): ${perKind.join(' · ')}</p>`;
}

export function writeHtmlReport(out: TextSink, input: HtmlReportInput): void {
  const { summary, lang } = input;
  const t = (k: string) => esc(uiText(lang, k));
  const shown = shownFindings(input.findings, input.maxRows);
  const headline = FINDING_KINDS.map(
    (k) =>
      `<div class="card" style="border-color:${KIND_COLOUR[k]}"><div class="n">${summary.byKind[k].toLocaleString('en-US')}</div><div>${t(`kind.${k}`)}</div></div>`,
  ).join('');
  const inputRows = summary.inputs
    .map(
      (s) =>
        `<tr><td>${esc(s.source)}</td><td class="num">${s.dataLines}</td><td class="num">${s.records}</td><td class="num">${s.rejections}</td></tr>`,
    )
    .join('');
  const truncated = input.findings.length > shown.length ? truncatedNote(input, shown) : '';
  const kindOptions = FINDING_KINDS.map((k) => `<option value="${k}">${t(`kind.${k}`)}</option>`).join('');
  const sourceOptions = summary.inputs.map((s) => `<option>${esc(s.source)}</option>`).join('');

  out.write(`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>padan — ${t('report.title')}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111}
h1{margin:0 0 .25rem}
.meta{color:#555;font-size:.9rem}
.cards{display:flex;gap:1rem;margin:1rem 0;flex-wrap:wrap}
.card{border-left:6px solid;padding:.5rem 1rem;background:#f7f7f7;min-width:9rem}
.card .n{font-size:1.6rem;font-weight:600}
table{border-collapse:collapse;font-size:.85rem}
th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right}
#findings tbody tr.f{cursor:pointer}
#findings tbody tr.f:hover{background:#f0f4ff}
tr.detail td{background:#fafafa}
.diff{background:#fde68a}
.filters{display:flex;gap:.5rem;margin:.5rem 0;flex-wrap:wrap}
.note{color:#92400e}
</style>
</head>
<body>
<h1>padan — ${t('report.title')}</h1>
<p class="meta">padan ${esc(summary.padanVersion)} · ${esc(summary.config)} · ${t('report.persons')}: ${summary.totals.persons.toLocaleString('en-US')} · ${t('report.records')}: ${summary.totals.records.toLocaleString('en-US')}</p>
<div class="cards">${headline}</div>
<h2>${t('report.chart_title')}</h2>
${regencyChart(input)}
${input.nightlyHtml ?? ''}
<h2>${t('report.inputs')}</h2>
<table><thead><tr><th>${t('report.source')}</th><th>${t('report.data_lines')}</th><th>${t('report.records')}</th><th>${t('report.rejections')}</th></tr></thead><tbody>${inputRows}</tbody></table>
<h2>${t('report.findings')}</h2>
${truncated}
<div class="filters">
<select id="fkind"><option value="">${t('report.all_kinds')}</option>${kindOptions}</select>
<select id="fsource"><option value="">${t('report.all_sources')}</option>${sourceOptions}</select>
<input id="ftext" type="search" placeholder="${t('report.search')}">
<span id="fcount"></span>
</div>
<table id="findings"><thead><tr><th>id</th><th>${t('report.kind')}</th><th>${t('report.source')}</th><th>${t('report.line')}</th><th>${t('report.other')}</th><th>${t('report.field')}</th><th>${t('report.message')}</th><th>${t('report.score')}</th></tr></thead><tbody></tbody></table>
<button id="more" hidden>${t('report.show_more')}</button>
<script id="data" type="application/json">`);
  writeData(out, input, shown);
  out.write(`</script>
<script>
(function(){
var D=JSON.parse(document.getElementById('data').textContent);
var tb=document.querySelector('#findings tbody'),more=document.getElementById('more');
var fk=document.getElementById('fkind'),fs=document.getElementById('fsource'),ft=document.getElementById('ftext'),fc=document.getElementById('fcount');
var limit=500,list=[];
function txt(s){return document.createTextNode(String(s))}
function cell(tr,s){var td=document.createElement('td');td.appendChild(txt(s));tr.appendChild(td);return td}
function detail(r){
  var tr=document.createElement('tr');tr.className='detail';var td=document.createElement('td');td.colSpan=8;tr.appendChild(td);
  var A=D.records[r.a],B=D.records[r.b];var t=document.createElement('table');
  var h=document.createElement('tr');cell(h,'');cell(h,A?A.source+':'+A.line:'');cell(h,B?B.source+':'+B.line:'');t.appendChild(h);
  D.fields.forEach(function(f){var x=A?A[f]:'',y=B?B[f]:'';var row=document.createElement('tr');cell(row,f);var c1=cell(row,x),c2=cell(row,y);
    if(B&&String(x)!==String(y)){c1.className='diff';c2.className='diff'}t.appendChild(row)});
  td.appendChild(t);return tr}
function render(){
  var k=fk.value,s=fs.value,q=ft.value.toLowerCase();
  list=D.rows.filter(function(r){return(!k||r.kind===k)&&(!s||r.source===s||r.other_source===s)&&(!q||(r.message+' '+r.source+' '+r.id+' '+r.regency).toLowerCase().indexOf(q)>=0)});
  tb.textContent='';
  list.slice(0,limit).forEach(function(r){
    var tr=document.createElement('tr');tr.className='f';
    cell(tr,r.id);cell(tr,D.kinds[r.kind]);cell(tr,r.source);cell(tr,r.line);cell(tr,r.other_source?(r.other_source+(r.other_line?':'+r.other_line:'')):'');cell(tr,r.field);cell(tr,r.message);cell(tr,r.score);
    tr.addEventListener('click',function(){if(tr.nextSibling&&tr.nextSibling.className==='detail'){tb.removeChild(tr.nextSibling)}else{tb.insertBefore(detail(r),tr.nextSibling)}});
    tb.appendChild(tr)});
  fc.textContent=list.length+' / '+D.rows.length;more.hidden=list.length<=limit}
fk.onchange=fs.onchange=function(){limit=500;render()};ft.oninput=function(){limit=500;render()};
more.onclick=function(){limit+=500;render()};
render();
})();
</script>
</body>
</html>
`);
}
