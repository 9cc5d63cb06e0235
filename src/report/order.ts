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
  return (
    (KIND_RANK.get(a.kind) ?? 9) - (KIND_RANK.get(b.kind) ?? 9) ||
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

export interface NumberedFinding extends Finding {
  id: string;
}

export function numberFindings(findings: Finding[]): NumberedFinding[] {
  return [...findings].sort(compareFindings).map((f, i) => ({ ...f, id: `F${i + 1}` }));
}
