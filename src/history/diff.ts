import { FINDING_KINDS, type Finding, type FindingKind } from '../domain/finding.js';

/** One fingerprint of a run: how many findings carry it and when it was first seen (run time, ISO). */
export interface FingerprintEntry {
  kind: FindingKind;
  count: number;
  firstSeen: string;
}

/** A run's findings as the history keeps them: fingerprint -> entry. */
export type FindingSet = Map<string, FingerprintEntry>;

export interface KindChange {
  /** Findings not in the previous run. */
  new: number;
  /** Findings also in the previous run. */
  open: number;
  /** Findings of the previous run that are gone. */
  resolved: number;
  /** First-seen time of the oldest open finding of this kind (ISO), when any is open. */
  oldestOpenSince?: string;
}

export interface RunDiff {
  /** This run's set, with first-seen times carried over from the previous run. */
  set: FindingSet;
  byKind: Record<FindingKind, KindChange>;
  /** Per finding (parallel to the findings): first seen (ISO) and whether it is new tonight. */
  firstSeen: string[];
  isNew: Uint8Array;
}

export function emptyChanges(): Record<FindingKind, KindChange> {
  return Object.fromEntries(FINDING_KINDS.map((k) => [k, { new: 0, open: 0, resolved: 0 }])) as Record<FindingKind, KindChange>;
}

/**
 * Compares tonight's findings with the previous run's. A fingerprint can be carried by several
 * findings (k rows of one duplicate group), so the comparison counts: 3 tonight against 2 last
 * night is 2 open and 1 new. Without a previous run every finding is new.
 */
export function diffRuns(previous: FindingSet | null, fingerprints: readonly string[], findings: readonly Pick<Finding, 'kind'>[], runAt: string): RunDiff {
  const set: FindingSet = new Map();
  const byKind = emptyChanges();
  const firstSeen = new Array<string>(findings.length);
  const isNew = new Uint8Array(findings.length);
  for (let k = 0; k < findings.length; k++) {
    const fp = fingerprints[k];
    let e = set.get(fp);
    if (!e) {
      const before = previous?.get(fp);
      e = { kind: findings[k].kind, count: 0, firstSeen: before ? before.firstSeen : runAt };
      set.set(fp, e);
    }
    e.count++;
    const carried = previous?.get(fp)?.count ?? 0;
    const c = byKind[e.kind];
    if (e.count <= carried) {
      c.open++;
      if (c.oldestOpenSince === undefined || e.firstSeen < c.oldestOpenSince) c.oldestOpenSince = e.firstSeen;
      firstSeen[k] = e.firstSeen;
    } else {
      c.new++;
      isNew[k] = 1;
      firstSeen[k] = runAt;
    }
  }
  if (previous) {
    for (const [fp, before] of previous) {
      const now = set.get(fp)?.count ?? 0;
      if (before.count > now) byKind[before.kind].resolved += before.count - now;
    }
  }
  return { set, byKind, firstSeen, isNew };
}

export function totalChanges(byKind: Record<FindingKind, KindChange>): { new: number; open: number; resolved: number } {
  let n = 0;
  let o = 0;
  let r = 0;
  for (const k of FINDING_KINDS) {
    n += byKind[k].new;
    o += byKind[k].open;
    r += byKind[k].resolved;
  }
  return { new: n, open: o, resolved: r };
}
