import type { Finding } from '../domain/finding.js';
import { grown } from '../domain/grow.js';

/** How a finding's score is asked of the matcher. */
export const ScoreBy = {
  None: 0,
  /** probability(a, b) with a < b. */
  Pair: 1,
  /** Duplicate: the strongest link from member b of the group stored at a to the other members. */
  Group: 2,
} as const;
export type ScoreBy = (typeof ScoreBy)[keyof typeof ScoreBy];

/**
 * Findings in emission order, each with how its score is to be asked; scores are asked after the
 * walk. The matcher's explain answers a pair the same whatever it was asked before, so a run of
 * findings on one pair (its out-of-sync fields, pushed together) shares one call, and each link of
 * a duplicate group is asked once for all its members. A pair that comes back after other findings
 * (a status difference, later the same two records' identity fields) is asked again.
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
  score(probability: (a: number, b: number) => number, groups: Uint32Array): void {
    let lastA = -1;
    let lastB = -1;
    let lastP = 0;
    let groupAt = -1;
    let best = new Float64Array(16);
    for (let k = 0; k < this.items.length; k++) {
      const by = this.by[k];
      if (by === ScoreBy.Pair) {
        if (this.a[k] !== lastA || this.b[k] !== lastB) {
          lastA = this.a[k];
          lastB = this.b[k];
          lastP = probability(lastA, lastB);
        }
        this.items[k].score = lastP;
      } else if (by === ScoreBy.Group) {
        const at = this.a[k];
        const size = groups[at];
        if (at !== groupAt) {
          // Every link of the group once; each member keeps its strongest.
          groupAt = at;
          if (best.length < size) best = new Float64Array(size * 2);
          best.fill(0, 0, size);
          for (let x = 0; x < size; x++) {
            for (let y = x + 1; y < size; y++) {
              // Members are distinct records: a person lists each record once.
              const rx = groups[at + 1 + x];
              const ry = groups[at + 1 + y];
              const p = probability(Math.min(rx, ry), Math.max(rx, ry));
              if (p > best[x]) best[x] = p;
              if (p > best[y]) best[y] = p;
            }
          }
        }
        this.items[k].score = best[this.b[k]];
      }
    }
  }

  private grow(): void {
    const k = this.items.length + 1;
    this.by = grown(this.by, k);
    this.a = grown(this.a, k);
    this.b = grown(this.b, k);
  }
}
