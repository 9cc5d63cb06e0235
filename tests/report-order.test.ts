import { describe, expect, it } from 'vitest';
import type { Finding, FindingKind } from '../src/domain/finding.js';
import { compareFindings, numberFindings, numberFindingsInPlace } from '../src/report/order.js';

// A run's findings in the order reconcile emits them (kinds interleaved per person), with the ties
// the order has to settle: one duplicate group's rows, the same line in two sources, the pair's other
// side, a missing finding's line 0 against a pair's line, absent values.
function emitted(n: number): Finding[] {
  const kinds: FindingKind[] = ['out_of_sync', 'missing', 'duplicate', 'invalid'];
  const sources = ['kemensos_pkh', 'kab_6171', 'dinsos_prov_61', 'kota_6172'];
  let seed = 11;
  const next = (m: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % m;
  const out: Finding[] = [];
  for (let k = 0; k < n; k++) {
    const kind = kinds[next(4)];
    const f: Finding = { kind, code: `${kind}.x${next(2)}`, severity: 'warning', source: sources[next(4)], line: 2 + next(40), recordId: '', index: k };
    if (kind === 'duplicate') f.group = `G${1 + next(15)}`;
    if (kind !== 'invalid' && next(3) > 0) f.other = { source: sources[next(4)], line: kind === 'missing' ? 0 : 2 + next(40), recordId: '' };
    if (next(2)) f.field = next(2) ? 'name' : 'birth_date';
    if (next(2)) f.value = next(2) ? 'SITI AMINAH' : 'Siti Aminah';
    if (next(3)) f.program = next(2) ? 'PKH' : 'BPNT';
    out.push(f);
  }
  return out;
}

/** The order spelled out directly: a stable sort by compareFindings, numbered from F1. */
function spelledOut(findings: Finding[]) {
  return [...findings].sort(compareFindings).map((f, i) => ({ ...f, id: `F${i + 1}` }));
}

describe('numberFindingsInPlace', () => {
  it('gives the compareFindings order and ids, ties in emission order, on the same objects', () => {
    const copied = spelledOut(emitted(3000));
    const own = emitted(3000);
    const objects = new Set(own);
    const numbered = numberFindingsInPlace(own);
    expect(numbered).toBe(own);
    expect(numbered.every((f) => objects.has(f))).toBe(true);
    expect(numbered).toEqual(copied);
    // Same keys in the same order: JSON renderers see no difference.
    expect(numbered.map((f) => JSON.stringify(f))).toEqual(copied.map((f) => JSON.stringify(f)));
    expect(numbered.slice(0, 3).map((f) => f.id)).toEqual(['F1', 'F2', 'F3']);
  });
});

describe('numberFindings', () => {
  it('numbers copies in the same order and leaves the given findings alone', () => {
    const given = emitted(500);
    const before = given.map((f) => JSON.stringify(f));
    const numbered = numberFindings(given);
    expect(numbered).toEqual(spelledOut(given));
    expect(given.map((f) => JSON.stringify(f))).toEqual(before);
    expect(numbered.some((f) => given.includes(f))).toBe(false);
  });
});
