import { describe, expect, it } from 'vitest';
import { Rng } from '../src/domain/rng.js';
import { clusterLinks } from '../src/match/cluster.js';

/** The reference: naive union-find without ranks or path compression, as plain as it gets. */
function naiveComponents(n: number, edges: [number, number][]): number[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const root = (x: number): number => (parent[x] === x ? x : root(parent[x]));
  for (const [a, b] of edges) {
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  // Person id = smallest record index in the component.
  const min = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = root(i);
    min.set(r, Math.min(min.get(r) ?? i, i));
  }
  return Array.from({ length: n }, (_, i) => min.get(root(i))!);
}

function randomGraph(rng: Rng, n: number, m: number) {
  const edges: [number, number][] = [];
  for (let k = 0; k < m; k++) {
    const a = rng.int(0, n - 1);
    const b = rng.int(0, n - 1);
    if (a !== b) edges.push([Math.min(a, b), Math.max(a, b)]);
  }
  const a = Uint32Array.from(edges, (e) => e[0]);
  const b = Uint32Array.from(edges, (e) => e[1]);
  const p = Float64Array.from(edges, () => 0.5 + rng.next() / 2);
  return { edges, a, b, p };
}

describe('clusterLinks', () => {
  it('equals naive union-find on seeded random graphs (no guard)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rng = new Rng(seed);
      const n = rng.int(1, 300);
      const m = rng.int(0, n * 2);
      const g = randomGraph(rng, n, m);
      const got = clusterLinks(n, g.a, g.b, g.p, g.edges.length);
      expect(Array.from(got.person), `seed ${seed}`).toEqual(naiveComponents(n, g.edges));
      expect(got.accepted.every((x) => x === 1)).toBe(true);
    }
  });

  it('never puts two conflicting records in one cluster, and refuses only links that would', () => {
    for (let seed = 100; seed < 140; seed++) {
      const rng = new Rng(seed);
      const n = rng.int(2, 200);
      const g = randomGraph(rng, n, rng.int(n, n * 3));
      // Each record has a "clean NIK" colour; two records with different colours conflict.
      const colour = Uint8Array.from({ length: n }, () => (rng.chance(0.3) ? rng.int(1, 3) : 0));
      const conflict = (x: number, y: number): boolean => colour[x] !== 0 && colour[y] !== 0 && colour[x] !== colour[y];
      const got = clusterLinks(n, g.a, g.b, g.p, g.edges.length, { conflict });
      const members = new Map<number, number[]>();
      for (let i = 0; i < n; i++) members.set(got.person[i], [...(members.get(got.person[i]) ?? []), i]);
      for (const ms of members.values()) {
        for (const x of ms) for (const y of ms) expect(conflict(x, y), `seed ${seed}`).toBe(false);
      }
      // Accepted links lie within clusters; a refused link's clusters really do conflict.
      g.edges.forEach(([x, y], k) => {
        if (got.accepted[k]) expect(got.person[x]).toBe(got.person[y]);
        else {
          expect(got.person[x]).not.toBe(got.person[y]);
          const A = members.get(got.person[x])!;
          const B = members.get(got.person[y])!;
          expect(A.some((p) => B.some((q) => conflict(p, q))), `seed ${seed} edge ${k}`).toBe(true);
        }
      });
      // Person ids are the smallest member index.
      for (const [pid, ms] of members) expect(pid).toBe(Math.min(...ms));
    }
  });

  it('breaks a chain through a weak middle link: strongest links are placed first', () => {
    // 0 and 2 are different people (conflict); 1 is ambiguous and links to both.
    const a = Uint32Array.from([0, 1]);
    const b = Uint32Array.from([1, 2]);
    const p = Float64Array.from([0.99, 0.6]);
    const got = clusterLinks(3, a, b, p, 2, { conflict: (x, y) => (x === 0 && y === 2) || (x === 2 && y === 0) });
    expect(Array.from(got.person)).toEqual([0, 0, 2]);
    expect(Array.from(got.accepted)).toEqual([1, 0]);
  });
});
