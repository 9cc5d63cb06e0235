import type { Finding } from '../domain/finding.js';

/** How a finding's score is asked of the matcher. */
export const ScoreBy = {
  None: 0,
  /** explain(a, b) with a < b. */
  Pair: 1,
  /** Duplicate: the strongest link from member b of the group stored at a to the other members. */
  Group: 2,
} as const;
export type ScoreBy = (typeof ScoreBy)[keyof typeof ScoreBy];

/**
 * Findings in emission order, each with how its score is to be asked. Scores are asked only after
 * the walk, in this order and with the same calls as when each was asked on the spot: the
 * matcher's explain caches word similarities, so its answers may depend on what it was asked before.
 */
export class FindingList {
  readonly items: Finding[] = [];
  private by = new Uint8Array(1024);
  private a = new Uint32Array(1024);
  private b = new Uint32Array(1024);

  get length(): number {
    return this.items.length;
  }

  push(f: Finding, by: ScoreBy = ScoreBy.None, a = 0, b = 0): void {
    const k = this.items.length;
    if (k === this.by.length) this.grow();
    this.items.push(f);
    this.by[k] = by;
    this.a[k] = a;
    this.b[k] = b;
  }

  /** Appends finding k of another list with its score request. */
  pushFrom(other: FindingList, k: number): void {
    this.push(other.items[k], other.by[k] as ScoreBy, other.a[k], other.b[k]);
  }

  /** Fills every score. groups holds each duplicate group as [size, member, member, ...]. */
  score(explain: (a: number, b: number) => { probability: number }, groups: Uint32Array): void {
    for (let k = 0; k < this.items.length; k++) {
      const by = this.by[k];
      if (by === ScoreBy.Pair) this.items[k].score = explain(this.a[k], this.b[k]).probability;
      else if (by === ScoreBy.Group) {
        const at = this.a[k];
        const size = groups[at];
        const r = groups[at + 1 + this.b[k]];
        let best = 0;
        for (let o = 0; o < size; o++) {
          const m = groups[at + 1 + o];
          if (m !== r) best = Math.max(best, explain(Math.min(r, m), Math.max(r, m)).probability);
        }
        this.items[k].score = best;
      }
    }
  }

  private grow(): void {
    const by = new Uint8Array(this.by.length * 2);
    const a = new Uint32Array(this.a.length * 2);
    const b = new Uint32Array(this.b.length * 2);
    by.set(this.by);
    a.set(this.a);
    b.set(this.b);
    this.by = by;
    this.a = a;
    this.b = b;
  }
}
