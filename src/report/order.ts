import { FINDING_KINDS, type Finding } from '../domain/finding.js';

const KIND_RANK = new Map(FINDING_KINDS.map((k, i) => [k, i]));

function cmp(a: string | number | undefined, b: string | number | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  if (x === y) return 0;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x) < String(y) ? -1 : 1;
}

/**
 * The one deterministic order of findings: by kind, then where the record is, then what is
 * wrong. Ids (F1, F2, ...) are given in this order, so the same inputs give the same ids.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (KIND_RANK.get(a.kind) ?? 9) - (KIND_RANK.get(b.kind) ?? 9) || compareWithinKind(a, b);
}

export interface NumberedFinding extends Finding {
  id: string;
}

/** Findings in compareFindings order, numbered F1, F2, ...: copies, the caller's array and objects are left as they are. */
export function numberFindings(findings: readonly Finding[]): NumberedFinding[] {
  return numberFindingsInPlace(findings.map((f) => ({ ...f })));
}

/** compareFindings past the kind. */
function compareWithinKind(a: Finding, b: Finding): number {
  return (
    cmp(a.group, b.group) ||
    cmp(a.source, b.source) ||
    a.line - b.line ||
    cmp(a.other?.source, b.other?.source) ||
    cmp(a.other?.line, b.other?.line) ||
    cmp(a.field, b.field) ||
    cmp(a.code, b.code) ||
    cmp(a.value, b.value) ||
    cmp(a.program, b.program)
  );
}

/**
 * numberFindings for a run's own, freshly made findings: sorts the array and numbers the findings
 * in place (the same order and ids). A province's run has ~10^6 findings: copying each one cost
 * more than the sort. Kinds are split first (stably, as the sort would order them), so the sort
 * compares within one kind and runs reconcile emitted in order stay runs.
 */
export function numberFindingsInPlace(findings: Finding[]): NumberedFinding[] {
  const buckets: Finding[][] = FINDING_KINDS.map(() => []);
  const unknown: Finding[] = [];
  for (const f of findings) (buckets[KIND_RANK.get(f.kind) ?? -1] ?? unknown).push(f);
  buckets.push(unknown);
  let k = 0;
  for (const bucket of buckets) {
    bucket.sort(compareWithinKind);
    for (const f of bucket) {
      (f as NumberedFinding).id = `F${k + 1}`;
      findings[k++] = f;
    }
  }
  return findings as NumberedFinding[];
}
