import { argsortU32 } from './sort.js';

/** Union-find on typed arrays (path halving, union by size). */
export class UnionFind {
  readonly parent: Uint32Array;
  readonly size: Uint32Array;
  /** Circular member lists, so two clusters' members can be walked and spliced in O(1). */
  readonly next: Uint32Array;
  constructor(n: number) {
    this.parent = new Uint32Array(n);
    this.size = new Uint32Array(n).fill(1);
    this.next = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = this.next[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }
  /** Joins the clusters of roots ra and rb; returns the new root. */
  unionRoots(ra: number, rb: number): number {
    if (ra === rb) return ra;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
    const t = this.next[ra];
    this.next[ra] = this.next[rb];
    this.next[rb] = t;
    return ra;
  }
  union(x: number, y: number): number {
    return this.unionRoots(this.find(x), this.find(y));
  }
  /** Members of the cluster containing x. */
  members(x: number): number[] {
    const out = [x];
    for (let y = this.next[x]; y !== x; y = this.next[y]) out.push(y);
    return out;
  }
}

export interface ClusterOptions {
  /**
   * Two records that must never be the same person (e.g. two different clean NIKs with conflicting
   * birth dates). A link that would put such records in one cluster is refused: this is the guard
   * against chains joining two people through a weak middle link.
   */
  conflict?: (x: number, y: number) => boolean;
  /**
   * How many records each record stands for in conflict checks: 0 = not checked (no clean NIK or
   * birth date, or an exact copy of a record that is checked for it), else 1 plus its copies.
   * The merge cap counts every record stood for, as if each were checked.
   */
  checked?: Uint8Array | Uint32Array;
  /** Cap on record pairs checked for one merge; beyond it the merge is refused (a giant cluster is suspect anyway). */
  maxChecks?: number;
}

export interface Clusters {
  /** Cluster id per record: the smallest record index in its cluster. */
  person: Uint32Array;
  /** Per input link: 1 when it joined or confirmed a cluster, 0 when refused by the guard. */
  accepted: Uint8Array;
}

/**
 * Connected components over links, strongest first, refusing any merge that would put two
 * conflicting records together. Without a conflict function this is plain connected components.
 */
export function clusterLinks(n: number, a: Uint32Array, b: Uint32Array, strength: Float64Array, length: number, opts: ClusterOptions = {}): Clusters {
  const uf = new UnionFind(n);
  const accepted = new Uint8Array(length);
  const keys = new Uint32Array(length);
  for (let p = 0; p < length; p++) keys[p] = Math.round((1 - Math.min(1, Math.max(0, strength[p]))) * 0xffffffff) >>> 0;
  const order = argsortU32(keys);
  const maxChecks = opts.maxChecks ?? 10_000;
  for (let q = 0; q < length; q++) {
    const p = order[q];
    const ra = uf.find(a[p]);
    const rb = uf.find(b[p]);
    if (ra === rb) {
      accepted[p] = 1;
      continue;
    }
    if (opts.conflict && !compatible(uf, ra, rb, opts.conflict, opts.checked, maxChecks)) continue;
    uf.unionRoots(ra, rb);
    accepted[p] = 1;
  }
  const minOf = new Uint32Array(n).fill(0xffffffff);
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    if (i < minOf[r]) minOf[r] = i;
  }
  const person = new Uint32Array(n);
  for (let i = 0; i < n; i++) person[i] = minOf[uf.find(i)];
  return { person, accepted };
}

function compatible(uf: UnionFind, ra: number, rb: number, conflict: (x: number, y: number) => boolean, checked: Uint8Array | Uint32Array | undefined, maxChecks: number): boolean {
  // Walks the circular member lists in place: no member array per merge (millions of merges).
  const na = countChecked(uf, ra, checked);
  if (na === 0) return true;
  const nb = countChecked(uf, rb, checked);
  if (nb === 0) return true;
  if (na * nb > maxChecks) return false;
  const next = uf.next;
  let x = ra;
  do {
    if (!checked || checked[x] !== 0) {
      let y = rb;
      do {
        if ((!checked || checked[y] !== 0) && conflict(x, y)) return false;
        y = next[y];
      } while (y !== rb);
    }
    x = next[x];
  } while (x !== ra);
  return true;
}

function countChecked(uf: UnionFind, r: number, checked: Uint8Array | Uint32Array | undefined): number {
  let c = 0;
  let x = r;
  do {
    c += checked ? checked[x] : 1;
    x = uf.next[x];
  } while (x !== r);
  return c;
}
