import { z } from 'zod';
import { FINDING_KINDS, type FindingKind } from '../domain/finding.js';
import { PadanError } from '../domain/errors.js';

/*
 * padan.baseline.json: findings an officer has looked at and accepted (with a reason), kept beside
 * the config and reviewed in version control like it. An accepted finding is still reported, but
 * never fails --fail-on. It holds fingerprints (keyed MACs), source names and codes: no NIK, no name.
 */

export const BASELINE_FILE = 'padan.baseline.json';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => isRealDate(s), 'not a calendar date');

export const acceptanceSchema = z
  .object({
    fingerprint: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'expected a 22-character fingerprint'),
    kind: z.enum(FINDING_KINDS),
    code: z.string().min(1),
    source: z.string(),
    otherSource: z.string().optional(),
    program: z.string().optional(),
    field: z.string().optional(),
    /** Where the finding was when accepted (source:line); rows may move since. */
    seenAt: z.string().optional(),
    reason: z.string().trim().min(1, 'a reason is required'),
    by: z.string(),
    at: isoDate,
    /** Last day the acceptance holds (inclusive); absent = until removed. */
    until: isoDate.optional(),
  })
  .strict();

export const baselineSchema = z
  .object({
    padanBaseline: z.literal(1),
    /** Id of the fingerprint key the fingerprints were made with (not the key). */
    keyId: z.string(),
    accepted: z.array(acceptanceSchema),
  })
  .strict();

export type Acceptance = z.infer<typeof acceptanceSchema>;
export type Baseline = z.infer<typeof baselineSchema>;

export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The machine's calendar date (officers read "until" in local time). */
export function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function emptyBaseline(keyId: string): Baseline {
  return { padanBaseline: 1, keyId, accepted: [] };
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || '(top level)';
}

export function parseBaseline(text: string, path: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PadanError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((iss) => `${issuePath(iss.path)}: ${iss.message}`);
    throw new PadanError(`${path}: invalid baseline (${lines.length} problem${lines.length > 1 ? 's' : ''})`, lines);
  }
  return parsed.data;
}

const ENTRY_KEYS = ['fingerprint', 'kind', 'code', 'source', 'otherSource', 'program', 'field', 'seenAt', 'reason', 'by', 'at', 'until'] as const;

function entryOrder(a: Acceptance, b: Acceptance): number {
  const k = (x: Acceptance) => [x.source, x.kind, x.code, x.fingerprint];
  const ka = k(a);
  const kb = k(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

/**
 * Diff-friendly text: fixed key order, entries sorted (source, kind, code, fingerprint), one entry
 * per line, so accepting a finding adds one line to the review.
 */
export function serialiseBaseline(b: Baseline): string {
  const entries = [...b.accepted].sort(entryOrder).map((e) => {
    const o: Record<string, string> = {};
    for (const k of ENTRY_KEYS) if (e[k] !== undefined && e[k] !== '') o[k] = e[k];
    return '    ' + JSON.stringify(o);
  });
  return (
    '{\n' +
    `  "padanBaseline": 1,\n` +
    `  "keyId": ${JSON.stringify(b.keyId)},\n` +
    (entries.length === 0 ? '  "accepted": []\n' : `  "accepted": [\n${entries.join(',\n')}\n  ]\n`) +
    '}\n'
  );
}

/** Adds or replaces (same fingerprint) acceptances. */
export function addAcceptances(b: Baseline, entries: Acceptance[]): Baseline {
  const byFp = new Map(b.accepted.map((e) => [e.fingerprint, e]));
  for (const e of entries) byFp.set(e.fingerprint, e);
  return { ...b, accepted: [...byFp.values()].sort(entryOrder) };
}

/** Per finding: not in the baseline, accepted, or accepted once but past its `until`. */
export const AcceptState = { None: 0, Accepted: 1, Expired: 2 } as const;

export interface BaselineEvaluation {
  /** Parallel to the findings: AcceptState. */
  state: Uint8Array;
  /** Parallel to the findings: the acceptance applied (or expired), if any. */
  entry: (Acceptance | undefined)[];
  accepted: number;
  expired: number;
  /** Acceptances whose finding no longer occurs. */
  stale: Acceptance[];
  /** The baseline was written with another fingerprint key: none of it can match. */
  keyMismatch: boolean;
}

/**
 * Applies a baseline to a run's findings. `today` (YYYY-MM-DD) after `until` makes an acceptance
 * expired: the finding fails --fail-on again.
 */
export function evaluateBaseline(b: Baseline | null, fingerprints: readonly string[], today: string, currentKeyId: string): BaselineEvaluation {
  const n = fingerprints.length;
  const ev: BaselineEvaluation = { state: new Uint8Array(n), entry: new Array(n), accepted: 0, expired: 0, stale: [], keyMismatch: false };
  if (!b || b.accepted.length === 0) return ev;
  if (b.keyId !== currentKeyId) {
    ev.keyMismatch = true;
    return ev;
  }
  const byFp = new Map(b.accepted.map((e) => [e.fingerprint, e]));
  const seen = new Set<string>();
  for (let k = 0; k < n; k++) {
    const e = byFp.get(fingerprints[k]);
    if (!e) continue;
    seen.add(e.fingerprint);
    ev.entry[k] = e;
    if (e.until !== undefined && today > e.until) {
      ev.state[k] = AcceptState.Expired;
      ev.expired++;
    } else {
      ev.state[k] = AcceptState.Accepted;
      ev.accepted++;
    }
  }
  ev.stale = b.accepted.filter((e) => !seen.has(e.fingerprint));
  return ev;
}

/** Summary of the baseline for summary.json (no reasons: those stay in the reviewed file). */
export interface BaselineSummary {
  path: string;
  entries: number;
  accepted: number;
  expired: number;
  stale: { fingerprint: string; kind: FindingKind; code: string; source: string; seenAt?: string }[];
  keyMismatch: boolean;
}

export function summariseBaseline(path: string, b: Baseline | null, ev: BaselineEvaluation): BaselineSummary {
  return {
    path,
    entries: b?.accepted.length ?? 0,
    accepted: ev.accepted,
    expired: ev.expired,
    stale: ev.stale.map((e) => ({ fingerprint: e.fingerprint, kind: e.kind, code: e.code, source: e.source, seenAt: e.seenAt })),
    keyMismatch: ev.keyMismatch,
  };
}
