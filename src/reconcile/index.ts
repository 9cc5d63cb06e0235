import type { ResolvedConfig, ResolvedSource } from '../config/schema.js';
import { IdState, STATUS_LABEL, Status } from '../domain/fields.js';
import type { CanonicalField } from '../domain/fields.js';
import type { Finding, RecordRef } from '../domain/finding.js';
import { birthText, kkText, nikText } from '../domain/ids.js';
import { cosmeticName } from '../domain/name.js';
import { normaliseProgram } from '../domain/values.js';
import type { RecordTable } from '../domain/table.js';
import { sortByKey } from '../match/sort.js';

/**
 * What reconcile needs from the matcher: who is the same person, and how sure it is.
 * (src/match MatchResult satisfies this; tests can pass a hand-made one.)
 */
export interface PersonModel {
  /** Person id per record; records with the same id are the same person. */
  person: Uint32Array;
  /** Records sharing a clean NIK that the matcher judged to be different people. */
  conflicts: { a: Uint32Array; b: Uint32Array; length: number };
  explain(a: number, b: number): { probability: number };
}

export type ProgramUnit = 'person' | 'family';

/** Digits of a configured region, with the scheme marker the loader uses for BPS codes. */
export function sourceRegionKey(s: Pick<ResolvedSource, 'region' | 'regionScheme'>): string {
  if (s.region === undefined) return '';
  const digits = s.region.replace(/\D/g, '');
  return s.regionScheme === 'bps' ? `bps:${digits}` : digits;
}

/** Two region codes agree when the shorter is a prefix of the longer (a village lies in its regency). */
export function regionsAgree(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

interface Ctx {
  t: RecordTable;
  sources: ResolvedSource[];
  model: PersonModel;
  srcRegion: string[];
  isRegency: boolean[];
  /** holds[source][program] = 1 when the source lists that program (config or any row). */
  holds: Uint8Array[];
  /** Sources holding each program. */
  holders: number[][];
  unit: ProgramUnit[];
  findings: Finding[];
  /** Family-unit substitutions already reported, as "a:b" with a < b. */
  familyPairs: Set<string>;
  /** (source, program, kk) -> records, built lazily for family-unit programs only. */
  /** Records of per-family programs with a clean KK, sorted by a 32-bit hash of the KK; built on first need. */
  familyIndex: { record: Uint32Array; key: Uint32Array } | null;
  groupSeq: number;
}

export interface ReconcileOptions {
  /** Per program: unit "family" when one member represents the KPM. Default "person". */
  programs?: ResolvedConfig['programs'];
}

/**
 * Applies the coverage rule and emits duplicate, missing and out_of_sync findings (plus invalid
 * findings for NIKs shared by different people). Pure: the same inputs give the same findings
 * in the same order.
 */
export function reconcile(t: RecordTable, config: Pick<ResolvedConfig, 'sources' | 'programs'>, model: PersonModel): Finding[] {
  const sources = config.sources;
  const nProg = t.programs.length;
  const holds = sources.map(() => new Uint8Array(nProg));
  for (let i = 0; i < t.size; i++) holds[t.source[i]][t.program[i]] = 1;
  const holders: number[][] = t.programs.map(() => []);
  for (let p = 1; p < nProg; p++) for (let s = 0; s < sources.length; s++) if (holds[s][p]) holders[p].push(s);
  // Program names are compared as the loader stores them (upper case), whatever case the config uses.
  const units = new Map(Object.entries(config.programs ?? {}).map(([k, v]) => [normaliseProgram(k), v.unit]));
  const unit = t.programs.map((p): ProgramUnit => units.get(p) ?? 'person');

  const ctx: Ctx = {
    t,
    sources,
    model,
    srcRegion: sources.map(sourceRegionKey),
    isRegency: sources.map((s) => s.role === 'regency'),
    holds,
    holders,
    unit,
    findings: [],
    familyPairs: new Set(),
    familyIndex: null,
    groupSeq: 0,
  };

  const order = orderByPersonAndProgram(t, model.person);
  const byProgramSourceLine = (a: number, b: number) => t.program[a] - t.program[b] || t.source[a] - t.source[b] || t.line[a] - t.line[b];
  let start = 0;
  while (start < order.length) {
    const p = model.person[order[start]];
    let end = start + 1;
    while (end < order.length && model.person[order[end]] === p) end++;
    const members = Array.from(order.subarray(start, end));
    // Loaded tables are already in (source, line) order within a program; hand-built ones may not be.
    for (let k = 1; k < members.length; k++) {
      if (byProgramSourceLine(members[k - 1], members[k]) > 0) {
        members.sort(byProgramSourceLine);
        break;
      }
    }
    reconcilePerson(ctx, members);
    start = end;
  }
  reportConflicts(ctx);
  return ctx.findings;
}

/** Stable counting sort of `order` by a small integer key (linear: no comparison sort over millions). */
function countingSort(order: Uint32Array, key: ArrayLike<number>, buckets: number): Uint32Array {
  const pos = new Uint32Array(buckets + 1);
  for (let k = 0; k < order.length; k++) pos[key[order[k]] + 1]++;
  for (let b = 1; b <= buckets; b++) pos[b] += pos[b - 1];
  const out = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    out[pos[key[i]]++] = i;
  }
  return out;
}

/** Record indices grouped by person (ids are record indices < n), then by program, then by index. */
function orderByPersonAndProgram(t: RecordTable, person: Uint32Array): Uint32Array {
  const all = new Uint32Array(t.size);
  for (let i = 0; i < t.size; i++) all[i] = i;
  return countingSort(countingSort(all, t.program, t.programs.length), person, t.size);
}

function recordRegion(ctx: Ctx, i: number): string {
  const own = ctx.t.regions[ctx.t.region[i]];
  return own !== '' ? own : ctx.srcRegion[ctx.t.source[i]];
}

function ref(ctx: Ctx, i: number): RecordRef {
  return { source: ctx.sources[ctx.t.source[i]].name, line: ctx.t.line[i], recordId: ctx.t.recordId[i], index: i };
}

function base(ctx: Ctx, i: number): RecordRef & { program?: string; region?: string } {
  const program = ctx.t.programs[ctx.t.program[i]];
  return { ...ref(ctx, i), program: program === '' ? undefined : program, region: recordRegion(ctx, i) || undefined };
}

/** members: one person's records, sorted by program, source, line. */
function reconcilePerson(ctx: Ctx, members: number[]): void {
  const t = ctx.t;
  let s = 0;
  while (s < members.length) {
    const prog = t.program[members[s]];
    let e = s + 1;
    while (e < members.length && t.program[members[e]] === prog) e++;
    if (prog !== 0) {
      const inProgram = members.slice(s, e);
      duplicates(ctx, inProgram);
      missing(ctx, inProgram, prog);
      programFieldsOutOfSync(ctx, inProgram);
    }
    s = e;
  }
  identityOutOfSync(ctx, members);
}

/** The same person more than once in one source, or in two regency sources, for one program. */
function duplicates(ctx: Ctx, recs: number[]): void {
  const t = ctx.t;
  const perSource = new Map<number, number[]>();
  for (const r of recs) {
    const list = perSource.get(t.source[r]);
    if (list) list.push(r);
    else perSource.set(t.source[r], [r]);
  }
  const regencySources = [...perSource.keys()].filter((s) => ctx.isRegency[s]);
  const acrossRegencies = regencySources.length >= 2;
  const group: number[] = [];
  let withinSource = false;
  for (const [src, list] of perSource) {
    if (list.length >= 2) withinSource = true;
    if (list.length >= 2 || (acrossRegencies && ctx.isRegency[src])) group.push(...list);
  }
  if (group.length < 2) return;
  group.sort((a, b) => t.source[a] - t.source[b] || t.line[a] - t.line[b]);
  const gid = `G${++ctx.groupSeq}`;
  const code = withinSource ? 'duplicate.within_source' : 'duplicate.across_regencies';
  for (const r of group) {
    // Score: how sure the strongest link tying this record into the group is.
    let best = 0;
    for (const o of group) if (o !== r) best = Math.max(best, ctx.model.explain(Math.min(r, o), Math.max(r, o)).probability);
    ctx.findings.push({
      kind: 'duplicate',
      code,
      severity: 'error',
      group: gid,
      ...base(ctx, r),
      score: best,
      args: { count: group.length },
    });
  }
}

/** A covering source that should list this person for the program but does not. */
function missing(ctx: Ctx, recs: number[], prog: number): void {
  const t = ctx.t;
  const present = new Set(recs.map((r) => t.source[r]));
  for (const r of recs) {
    const region = recordRegion(ctx, r);
    for (const b of ctx.holders[prog]) {
      if (present.has(b)) continue;
      const bRegion = ctx.srcRegion[b];
      if (bRegion !== '' && (region === '' || !region.startsWith(bRegion))) continue;
      if (ctx.unit[prog] === 'family' && familySubstitute(ctx, r, b, prog)) continue;
      ctx.findings.push({
        kind: 'missing',
        code: 'missing.from_source',
        severity: 'warning',
        ...base(ctx, r),
        other: { source: ctx.sources[b].name, line: 0, recordId: '' },
        args: { program: t.programs[prog] },
      });
    }
  }
}

/** Both halves of a KK mixed into 32 bits: the low half alone repeats across regions (same month, same serial). */
function kkKey(t: RecordTable, i: number): number {
  const hi = t.kkHi[i];
  return (Math.imul(hi ^ (hi >>> 15), 0x2c1b3c6d) ^ t.kkLo[i]) >>> 0;
}

/**
 * Per-family programs list one representative per KPM: if source b lists another member of r's
 * family (same clean KK) for the program, that is one out_of_sync (nik) finding, not two missing.
 */
function familySubstitute(ctx: Ctx, r: number, b: number, prog: number): boolean {
  const t = ctx.t;
  if (t.kkState[r] !== IdState.Ok) return false;
  if (!ctx.familyIndex) {
    // A radix-sorted index rather than a Map: no per-record keys, no 16.7M-entry limit.
    const fam: number[] = [];
    for (let i = 0; i < t.size; i++) if (t.kkState[i] === IdState.Ok && ctx.unit[t.program[i]] === 'family') fam.push(i);
    const record = Uint32Array.from(fam);
    const key = Uint32Array.from(fam, (i) => kkKey(t, i));
    sortByKey(key, record);
    ctx.familyIndex = { record, key };
  }
  const { record, key } = ctx.familyIndex;
  const want = kkKey(t, r);
  let from = 0;
  let to = key.length;
  while (from < to) {
    const mid = (from + to) >>> 1;
    if (key[mid] < want) from = mid + 1;
    else to = mid;
  }
  const mates: number[] = [];
  for (let k = from; k < key.length && key[k] === want; k++) {
    const m = record[k];
    if (t.source[m] === b && t.program[m] === prog && t.kkHi[m] === t.kkHi[r]) mates.push(m);
  }
  const q = mates.find((m) => ctx.model.person[m] !== ctx.model.person[r]);
  if (q === undefined) return false;
  const [a, c] = r < q ? [r, q] : [q, r];
  const pairKey = `${a}:${c}`;
  if (!ctx.familyPairs.has(pairKey)) {
    ctx.familyPairs.add(pairKey);
    ctx.findings.push(outOfSync(ctx, a, c, 'nik', nikText(t, a), nikText(t, c), 'out_of_sync.family_member', {
      name: t.name[a],
      other_name: t.name[c],
      program: t.programs[prog],
    }));
  }
  return true;
}

/** Orders a pair by (source name, line) so "each unordered pair once" has one fixed direction. */
function orderPair(ctx: Ctx, a: number, b: number): [number, number] {
  const sa = ctx.sources[ctx.t.source[a]].name;
  const sb = ctx.sources[ctx.t.source[b]].name;
  if (sa < sb || (sa === sb && ctx.t.line[a] <= ctx.t.line[b])) return [a, b];
  return [b, a];
}

function outOfSync(
  ctx: Ctx,
  a0: number,
  b0: number,
  field: CanonicalField,
  va: string,
  vb: string,
  code = 'out_of_sync.field',
  args?: Record<string, string | number>,
): Finding {
  const [a, b] = orderPair(ctx, a0, b0);
  const swapped = a !== a0;
  return {
    kind: 'out_of_sync',
    code,
    severity: 'warning',
    ...base(ctx, a),
    other: ref(ctx, b),
    field,
    value: swapped ? vb : va,
    otherValue: swapped ? va : vb,
    score: ctx.model.explain(Math.min(a, b), Math.max(a, b)).probability,
    args: swapped && args ? { ...args, name: args.other_name, other_name: args.name } : args,
  };
}

/** First record per source among recs (recs sorted by source, line within a program). */
function firstPerSource(ctx: Ctx, recs: number[]): Map<number, number> {
  const first = new Map<number, number>();
  for (const r of recs) {
    const s = ctx.t.source[r];
    const cur = first.get(s);
    if (cur === undefined || ctx.t.line[r] < ctx.t.line[cur]) first.set(s, r);
  }
  return first;
}

/** status and amount may differ only within one program. */
function programFieldsOutOfSync(ctx: Ctx, recs: number[]): void {
  const t = ctx.t;
  const reps = [...firstPerSource(ctx, recs).values()];
  for (let x = 0; x < reps.length; x++) {
    for (let y = x + 1; y < reps.length; y++) {
      const a = reps[x];
      const b = reps[y];
      if (t.status[a] !== Status.None && t.status[b] !== Status.None && t.status[a] !== t.status[b]) {
        ctx.findings.push(outOfSync(ctx, a, b, 'status', STATUS_LABEL[t.status[a]], STATUS_LABEL[t.status[b]]));
      }
      if (!Number.isNaN(t.amount[a]) && !Number.isNaN(t.amount[b]) && t.amount[a] !== t.amount[b]) {
        ctx.findings.push(outOfSync(ctx, a, b, 'amount', String(t.amount[a]), String(t.amount[b])));
      }
    }
  }
}

/**
 * Identity fields (nik, name, birth_date, kk, region) across any two sources. Each pair of sources
 * is compared once, through the records of the first program both list (else their first records).
 */
function identityOutOfSync(ctx: Ctx, members: number[]): void {
  const t = ctx.t;
  const bySource = new Map<number, number[]>();
  for (const r of members) {
    const list = bySource.get(t.source[r]);
    if (list) list.push(r);
    else bySource.set(t.source[r], [r]);
  }
  const srcs = [...bySource.keys()].sort((a, b) => a - b);
  for (let x = 0; x < srcs.length; x++) {
    for (let y = x + 1; y < srcs.length; y++) {
      const [a, b] = representativePair(ctx, bySource.get(srcs[x])!, bySource.get(srcs[y])!);
      compareIdentity(ctx, a, b);
    }
  }
}

function representativePair(ctx: Ctx, as: number[], bs: number[]): [number, number] {
  const t = ctx.t;
  // members are sorted by program, so the first shared program is found in order.
  for (const a of as) {
    const b = bs.find((q) => t.program[q] === t.program[a] && t.program[a] !== 0);
    if (b !== undefined) return [a, b];
  }
  const byLine = (xs: number[]) => xs.reduce((m, r) => (t.line[r] < t.line[m] ? r : m));
  return [byLine(as), byLine(bs)];
}

function compareIdentity(ctx: Ctx, a: number, b: number): void {
  const t = ctx.t;
  const out = ctx.findings;
  // Damaged or missing ids are invalid findings already; only two clean values can disagree.
  if (t.nikState[a] === IdState.Ok && t.nikState[b] === IdState.Ok && (t.nikHi[a] !== t.nikHi[b] || t.nikLo[a] !== t.nikLo[b])) {
    out.push(outOfSync(ctx, a, b, 'nik', nikText(t, a), nikText(t, b)));
  }
  const na = t.name[a];
  const nb = t.name[b];
  // Most pairs carry the very same text: skip normalising those (it dominated reconcile time).
  if (na !== nb && na !== '' && nb !== '' && cosmeticName(na) !== cosmeticName(nb)) out.push(outOfSync(ctx, a, b, 'name', na, nb));
  const ba = t.birth[a];
  const bb = t.birth[b];
  if (ba > 0 && bb > 0 && ba !== bb) out.push(outOfSync(ctx, a, b, 'birth_date', birthText(ba), birthText(bb)));
  if (t.kkState[a] === IdState.Ok && t.kkState[b] === IdState.Ok && (t.kkHi[a] !== t.kkHi[b] || t.kkLo[a] !== t.kkLo[b])) {
    out.push(outOfSync(ctx, a, b, 'kk', kkText(t, a), kkText(t, b)));
  }
  const ra = recordRegion(ctx, a);
  const rb = recordRegion(ctx, b);
  // BPS and Kemendagri codes differ even at regency level: never compared as if one scheme.
  if (ra !== rb && ra !== '' && rb !== '' && ra.startsWith('bps:') === rb.startsWith('bps:') && !regionsAgree(ra, rb)) {
    out.push(outOfSync(ctx, a, b, 'region', ra, rb));
  }
}

/** A clean NIK carried by records the matcher judged to be different people. */
function reportConflicts(ctx: Ctx): void {
  const { a, b, length } = ctx.model.conflicts;
  for (let k = 0; k < length; k++) {
    const [x, y] = orderPair(ctx, a[k], b[k]);
    ctx.findings.push({
      kind: 'invalid',
      code: 'nik.shared_by_different_people',
      severity: 'error',
      ...base(ctx, x),
      other: ref(ctx, y),
      field: 'nik',
      value: nikText(ctx.t, x),
      otherValue: nikText(ctx.t, y),
      score: ctx.model.explain(Math.min(x, y), Math.max(x, y)).probability,
      args: { name: ctx.t.name[x], other_name: ctx.t.name[y] },
    });
  }
}
