import { FINDING_KINDS, type Finding, type FindingKind, type SourceAccounting } from '../domain/finding.js';
import type { BaselineSummary } from '../baseline/baseline.js';
import type { HistorySummary } from '../history/nightly.js';

/** Regency code ("6171") -> name ("Kota Pontianak"), for labels. */
export type RegencyNames = Pick<ReadonlyMap<string, string>, 'get'>;

export interface InputFile {
  source: string;
  path: string;
  sha256: string;
  bytes: number;
}

export interface CountRow {
  kind: FindingKind;
  source: string;
  program: string;
  regency: string;
  count: number;
}

export interface RunSummary {
  padanVersion: string;
  config: string;
  settings: Record<string, unknown>;
  inputs: (SourceAccounting & Partial<InputFile>)[];
  totals: { dataLines: number; records: number; rejections: number; persons: number; findings: number };
  byKind: Record<FindingKind, number>;
  bySource: Record<string, Record<FindingKind, number>>;
  /** Counts by kind x source x program x regency (4-digit region prefix, '' when unknown). */
  counts: CountRow[];
  sourceNotes: { source: string; code: string; message: string }[];
  match: unknown;
  timingsMs: Record<string, number>;
  peakRssBytes: number;
  /** Nightly runs: new / still open / resolved per kind since the previous run (--state). */
  history?: HistorySummary;
  /** Accepted findings applied from padan.baseline.json (--baseline). */
  baseline?: BaselineSummary;
}

export function emptyKindCounts(): Record<FindingKind, number> {
  return Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
}

/** The regency a finding belongs to: the first 4 digits of its region (BPS codes keep their marker). */
export function regencyOf(region: string | undefined): string {
  if (!region) return '';
  return region.startsWith('bps:') ? region.slice(0, 8) : region.slice(0, 4);
}

function child<K, V>(m: Map<K, Map<string, V>>, k: K): Map<string, V> {
  let c = m.get(k);
  if (c === undefined) m.set(k, (c = new Map<string, V>()));
  return c;
}

export function countFindings(findings: readonly Finding[], sourceNames: string[]) {
  const byKind = emptyKindCounts();
  const bySource: Record<string, Record<FindingKind, number>> = {};
  for (const s of sourceNames) bySource[s] = emptyKindCounts();
  // kind -> source -> program -> regency -> cell: a few lookups per finding, no key string built.
  const cells = new Map<FindingKind, Map<string, Map<string, Map<string, CountRow>>>>();
  const rows: CountRow[] = [];
  // Findings share region strings: one slice per distinct region, not one per finding.
  const regencyOfRegion = new Map<string, string>();
  for (const f of findings) {
    byKind[f.kind]++;
    (bySource[f.source] ??= emptyKindCounts())[f.kind]++;
    const program = f.program ?? '';
    const region = f.region ?? '';
    let regency = regencyOfRegion.get(region);
    if (regency === undefined) regencyOfRegion.set(region, (regency = regencyOf(region)));
    const byRegency = child(child(child(cells, f.kind), f.source), program);
    const row = byRegency.get(regency);
    if (row) row.count++;
    else {
      const cell = { kind: f.kind, source: f.source, program, regency, count: 1 };
      byRegency.set(regency, cell);
      rows.push(cell);
    }
  }
  const counts = rows.sort(
    (a, b) =>
      FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
      a.source.localeCompare(b.source) ||
      a.program.localeCompare(b.program) ||
      a.regency.localeCompare(b.regency),
  );
  return { byKind, bySource, counts };
}

/** Findings per regency and kind, worst first: for the chart and the terminal's "worst regencies". */
export function findingsByRegency(findings: readonly Finding[]): { regency: string; counts: Record<FindingKind, number>; total: number }[] {
  // Counted by the finding's region text first (a few thousand distinct village codes, shared
  // strings), then folded into regencies: no 4-character slice per finding (10^6 of them at 10M rows).
  const byRegion = new Map<string, Record<FindingKind, number>>();
  for (const f of findings) {
    const region = f.region ?? '';
    let c = byRegion.get(region);
    if (!c) byRegion.set(region, (c = emptyKindCounts()));
    c[f.kind]++;
  }
  const m = new Map<string, Record<FindingKind, number>>();
  for (const [region, counts] of byRegion) {
    const r = regencyOf(region);
    let c = m.get(r);
    if (!c) m.set(r, (c = emptyKindCounts()));
    for (const k of FINDING_KINDS) c[k] += counts[k];
  }
  return [...m.entries()]
    .map(([regency, counts]) => ({ regency, counts, total: FINDING_KINDS.reduce((s, k) => s + counts[k], 0) }))
    .sort((a, b) => b.total - a.total || a.regency.localeCompare(b.regency));
}
