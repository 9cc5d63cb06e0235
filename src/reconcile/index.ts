import type { ResolvedConfig, ResolvedSource } from '../config/schema.js';
import { IdState, STATUS_LABEL, Status } from '../domain/fields.js';
import type { CanonicalField } from '../domain/fields.js';
import type { Finding, RecordRef } from '../domain/finding.js';
import { birthText, kkText, nikText } from '../domain/ids.js';
import { cosmeticName } from '../domain/name.js';
import { normaliseProgram } from '../domain/values.js';
import { nameOf, type RecordTable } from '../domain/table.js';
import { PairBuffer, identity, releaseSortScratch, sortByKey } from '../match/sort.js';
import { grown } from '../domain/grow.js';
import { FindingList, ScoreBy } from './finding-list.js';
import { PairIndex } from './pair-index.js';
import { RegionIds } from './regions.js';

/**
 * What reconcile needs from the matcher: who is the same person, and how sure it is.
 * (src/match MatchResult satisfies this; tests can pass a hand-made one.)
 */
export interface PersonModel {
  /** Person id per record; records with the same id are the same person. */
  person: Uint32Array;
  /** Records sharing a clean NIK that the matcher judged to be different people. */
  conflicts: { a: Uint32Array; b: Uint32Array; length: number };
  /** How sure the matcher is that records a < b are one person (scores the findings). */
  pairProbability(a: number, b: number): number;
}

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

/**
 * Applies the coverage rule and emits duplicate, missing and out_of_sync findings (plus invalid
 * findings for NIKs shared by different people). Pure: the same inputs give the same findings
 * in the same order.
 */
export function reconcile(t: RecordTable, config: Pick<ResolvedConfig, 'sources' | 'programs'>, model: PersonModel): Finding[] {
  const r = new Reconciler(t, config, model);
  r.run();
  return r.list.items;
}

/** Members of one person sorted by (program, source, line, index); small groups sort in place. */
const INSERTION_SORT_MAX = 24;

/**
 * Work per record is typed-array loops over one person's records at a time (no Map, Set, string
 * or object per record); objects and strings are made only for findings.
 */
class Reconciler {
  list = new FindingList();
  private readonly t: RecordTable;
  private readonly model: PersonModel;
  private readonly person: Uint32Array;
  private readonly sourceName: string[];
  /** Source order by name (equal names share a rank): fixes the direction of a reported pair. */
  private readonly nameRank: Int32Array;
  private readonly isRegency: Uint8Array;
  private readonly nProg: number;
  /** holds[source * nProg + program] = 1 when the source lists that program (config or any row). */
  private readonly holds: Uint8Array;
  /**
   * program * 0x10000 + source per record: one random read per member instead of two (a person's
   * records lie far apart in the table, so each column read is a cache miss).
   */
  private readonly recordKey: Uint32Array;
  /**
   * True when lines rise strictly with the index within every source (a loaded table): then the
   * index orders a source's records as their lines do, and the hot path never reads the line column.
   */
  private readonly lineFollowsIndex: boolean;
  private readonly family: Uint8Array;
  private readonly regions: RegionIds;
  /**
   * Per-family programs' missing findings that another member of the family may answer, as
   * (findings position, source that lacks the record); settled after the walk.
   */
  private readonly familyQueries = new PairBuffer();
  private groupSeq = 0;

  /** The current person's records. */
  private members = new Uint32Array(64);
  /**
   * Per position in members: program * 0x10000 + source, and line. Read from the table once per
   * record (each column is a cache miss for a person's scattered records), then used by every check.
   */
  private memberKey = new Uint32Array(64);
  private memberLine = new Uint32Array(64);
  /** Per source: stamp of the last program run that lists it (missing: "present"). */
  private readonly presentStamp: Uint32Array;
  private stamp = 0;
  /** Per source: its slot among one person's distinct sources, valid when sourceStamp matches. */
  private readonly sourceSlot: Int32Array;
  private readonly sourceStamp: Uint32Array;
  private readonly personSources: Int32Array;
  /** Per person source slot: its record with the lowest line. */
  private readonly firstLine: Int32Array;
  /** Per source of one program run: its first record, status and amount. */
  private readonly fieldFirst: Uint32Array;
  private readonly fieldStatus: Uint8Array;
  private readonly fieldAmount: Float64Array;
  /** firstIn[k * d + x]: first record of the person's x-th source in its k-th program, or -1. */
  private firstIn = new Int32Array(64);
  /** Duplicate groups as [size, member, member, ...], for scoring after the walk. */
  private groups = new Uint32Array(1024);
  private groupsLength = 0;
  /**
   * Shared by all missing findings naming the same source / program: a 10M run reports hundreds of
   * thousands, and each object more per finding is garbage-collector work. Findings are read, never
   * changed, downstream.
   */
  private readonly missingOther: RecordRef[] = [];
  private readonly programArgs: Record<string, string>[] = [];
  /** cosmeticName per name id, filled for names that differ from another source's. */
  private readonly cosmetic: (string | undefined)[];

  constructor(t: RecordTable, config: Pick<ResolvedConfig, 'sources' | 'programs'>, model: PersonModel) {
    this.t = t;
    this.model = model;
    this.person = model.person;
    const sources = config.sources;
    this.sourceName = sources.map((s) => s.name);
    const byName = sources.map((_, s) => s).sort((a, b) => (this.sourceName[a] < this.sourceName[b] ? -1 : this.sourceName[a] > this.sourceName[b] ? 1 : 0));
    this.nameRank = new Int32Array(sources.length);
    for (let k = 1; k < byName.length; k++) {
      const same = this.sourceName[byName[k]] === this.sourceName[byName[k - 1]];
      this.nameRank[byName[k]] = same ? this.nameRank[byName[k - 1]] : k;
    }
    this.isRegency = Uint8Array.from(sources, (s) => (s.role === 'regency' ? 1 : 0));
    const nProg = t.programs.length;
    this.nProg = nProg;
    this.holds = new Uint8Array(sources.length * nProg);
    this.recordKey = new Uint32Array(t.size);
    const lastLine = new Float64Array(Math.max(sources.length, 1)).fill(-1);
    let lineFollowsIndex = true;
    for (let i = 0; i < t.size; i++) {
      const src = t.source[i];
      const prog = t.program[i];
      this.holds[src * nProg + prog] = 1;
      this.recordKey[i] = prog * 0x10000 + src;
      const line = t.line[i];
      if (line <= lastLine[src]) lineFollowsIndex = false;
      lastLine[src] = line;
    }
    this.lineFollowsIndex = lineFollowsIndex;
    // Program names are compared as the loader stores them (upper case), whatever case the config uses.
    const units = new Map(Object.entries(config.programs ?? {}).map(([k, v]) => [normaliseProgram(k), v.unit]));
    this.family = Uint8Array.from(t.programs, (p) => (units.get(p) === 'family' ? 1 : 0));
    this.regions = new RegionIds(t, sources.map(sourceRegionKey));
    this.presentStamp = new Uint32Array(sources.length);
    this.sourceSlot = new Int32Array(sources.length);
    this.sourceStamp = new Uint32Array(sources.length);
    this.personSources = new Int32Array(sources.length);
    this.firstLine = new Int32Array(sources.length);
    this.fieldFirst = new Uint32Array(sources.length);
    this.fieldStatus = new Uint8Array(sources.length);
    this.fieldAmount = new Float64Array(sources.length);
    this.cosmetic = new Array<string | undefined>(t.names.length);
  }

  run(): void {
    if (!this.byChain()) this.bySort();
    this.settleFamilies();
    this.reportConflicts();
    this.list.score((a, b) => this.model.pairProbability(a, b), this.groups);
  }

  /**
   * The matcher names each person by its lowest record index. Then one array of 4 bytes per record
   * chains each person's records (no sort, no person-sized keys and scatter buffers), and persons
   * come in id order by walking the records. False, with nothing reported, for other ids.
   */
  private byChain(): boolean {
    const person = this.person;
    const n = this.t.size;
    const chain = new Uint32Array(n);
    // Built from the last record down, chain[root] is the person's lowest record after the root
    // and each record points to its next higher one; the highest points back to the root (a root
    // alone points to itself). Walking a person then gives ascending index, which is (source,
    // line) order in a loaded table: nothing to reverse and little for the sort to move.
    // chain[root] is still 0 (not above the root) until a member is linked.
    for (let i = n - 1; i >= 0; i--) {
      const p = person[i];
      if (p === i) {
        if (chain[i] <= i) chain[i] = i;
      } else if (p < i && person[p] === p) {
        const head = chain[p];
        chain[i] = head > p ? head : p;
        chain[p] = i;
      } else return false;
    }
    let members = this.members;
    for (let p = 0; p < n; p++) {
      if (person[p] !== p) continue;
      let x = chain[p];
      if (x === p) {
        this.single(p);
        continue;
      }
      members[0] = p;
      let m = 1;
      while (x !== p) {
        if (m === members.length) this.members = members = grown(members, m + 1);
        members[m++] = x;
        x = chain[x];
      }
      this.reconcilePerson(0, m);
    }
    return true;
  }

  /** Any person ids (hand-made models): records radix-sorted by id. */
  private bySort(): void {
    const n = this.t.size;
    const keys = this.person.slice(0, n);
    const order = identity(n);
    sortByKey(keys, order);
    releaseSortScratch();
    let start = 0;
    while (start < n) {
      const p = keys[start];
      let end = start + 1;
      while (end < n && keys[end] === p) end++;
      if (end - start === 1) this.single(order[start]);
      else {
        this.members = grown(this.members, end - start);
        this.members.set(order.subarray(start, end));
        this.reconcilePerson(0, end - start);
      }
      start = end;
    }
  }

  /** A person with one record: no duplicate and nothing to compare, only coverage. */
  private single(r: number): void {
    const key = this.recordKey[r];
    const prog = key >>> 16;
    if (prog === 0) return;
    this.presentStamp[key & 0xffff] = ++this.stamp;
    this.missing(r, prog);
  }

  /** members[start..end): one person's records, sorted here by (program, source, line, index). */
  private reconcilePerson(start: number, end: number): void {
    const order = this.members;
    this.sortMembers(start, end);
    const key = this.memberKey;
    let s = start;
    while (s < end) {
      const prog = key[s] >>> 16;
      let e = s + 1;
      while (e < end && key[e] >>> 16 === prog) e++;
      if (prog !== 0) {
        if (e - s >= 2) this.duplicates(s, e);
        const stamp = ++this.stamp;
        for (let k = s; k < e; k++) this.presentStamp[key[k] & 0xffff] = stamp;
        for (let k = s; k < e; k++) this.missing(order[k], prog);
        if (e - s >= 2) this.programFieldsOutOfSync(s, e);
      }
      s = e;
    }
    this.identityOutOfSync(start, end);
  }

  private sortMembers(start: number, end: number): void {
    const t = this.t;
    const order = this.members;
    if (this.memberKey.length < end) {
      this.memberKey = new Uint32Array(order.length);
      this.memberLine = new Uint32Array(order.length);
    }
    const key = this.memberKey;
    const line = this.memberLine;
    if (end - start > INSERTION_SORT_MAX) {
      const members = Array.from(order.subarray(start, end));
      members.sort((a, b) => t.program[a] - t.program[b] || t.source[a] - t.source[b] || t.line[a] - t.line[b] || a - b);
      order.set(members, start);
      for (let k = start; k < end; k++) {
        const r = order[k];
        key[k] = this.recordKey[r];
        line[k] = t.line[r];
      }
      return;
    }
    // Few records: insertion sort on (program, source) and line read once per record. Lines are
    // compared only within one source, where the index stands in for them when it orders them alike.
    const recordKey = this.recordKey;
    if (this.lineFollowsIndex) {
      for (let k = start; k < end; k++) {
        const r = order[k];
        key[k] = recordKey[r];
        line[k] = r;
      }
    } else {
      for (let k = start; k < end; k++) {
        const r = order[k];
        key[k] = recordKey[r];
        line[k] = t.line[r];
      }
    }
    for (let k = start + 1; k < end; k++) {
      const r = order[k];
      const kr = key[k];
      const lr = line[k];
      let j = k - 1;
      while (j >= start && (key[j] > kr || (key[j] === kr && (line[j] > lr || (line[j] === lr && order[j] > r))))) {
        order[j + 1] = order[j];
        key[j + 1] = key[j];
        line[j + 1] = line[j];
        j--;
      }
      order[j + 1] = r;
      key[j + 1] = kr;
      line[j + 1] = lr;
    }
  }

  /**
   * The same person more than once in one source, or in two regency sources, for one program.
   * members[s..e) is one program's records, sorted by source and line.
   */
  private duplicates(s: number, e: number): void {
    const key = this.memberKey;
    const order = this.members;
    let withinSource = false;
    let regencySources = 0;
    for (let k = s; k < e; ) {
      const src = key[k] & 0xffff;
      let k2 = k + 1;
      while (k2 < e && key[k2] === key[k]) k2++;
      if (k2 - k >= 2) withinSource = true;
      if (this.isRegency[src]) regencySources++;
      k = k2;
    }
    const acrossRegencies = regencySources >= 2;
    // Past here the group has two records or more: a source listing the person twice, or two regencies.
    if (!withinSource && !acrossRegencies) return;
    const at = this.groupsLength;
    this.groups = grown(this.groups, at + 1 + (e - s));
    const groups = this.groups;
    let g = 0;
    for (let k = s; k < e; ) {
      const src = key[k] & 0xffff;
      let k2 = k + 1;
      while (k2 < e && key[k2] === key[k]) k2++;
      if (k2 - k >= 2 || (acrossRegencies && this.isRegency[src])) for (let q = k; q < k2; q++) groups[at + 1 + g++] = order[q];
      k = k2;
    }
    groups[at] = g;
    this.groupsLength = at + 1 + g;
    const gid = `G${++this.groupSeq}`;
    const code = withinSource ? 'duplicate.within_source' : 'duplicate.across_regencies';
    const t = this.t;
    // The members' findings share one args object (findings are read, never changed, downstream).
    const args = { count: g };
    for (let x = 0; x < g; x++) {
      const r = groups[at + 1 + x];
      this.list.push(
        {
          kind: 'duplicate',
          code,
          severity: 'error',
          group: gid,
          source: this.sourceName[t.source[r]],
          line: t.line[r],
          recordId: t.recordId.get(r),
          index: r,
          program: this.programOf(r),
          region: this.regionOf(r),
          // Score: how sure the strongest link tying this record into the group is. Filled after
          // the walk; NaN keeps the field a double, so filling it does not reshape the object.
          score: Number.NaN,
          args,
        },
        ScoreBy.Group,
        at,
        x,
      );
    }
  }

  /** A covering source that should list record r's person for the program but does not. */
  private missing(r: number, prog: number): void {
    const covering = this.regions.coveringSources(this.regions.of(r));
    for (let k = 0; k < covering.length; k++) {
      const b = covering[k];
      if (this.holds[b * this.nProg + prog] === 0 || this.presentStamp[b] === this.stamp) continue;
      // Per-family programs: whether b lists another member of r's family is settled after the
      // walk (see settleFamilies).
      if (this.family[prog] === 1 && this.t.kkState[r] === IdState.Ok) this.familyQueries.push(this.list.length, b);
      this.list.push(this.missingFinding(r, b, prog));
    }
  }

  private missingFinding(r: number, b: number, prog: number): Finding {
    const t = this.t;
    return {
      kind: 'missing',
      code: 'missing.from_source',
      severity: 'warning',
      source: this.sourceName[t.source[r]],
      line: t.line[r],
      recordId: t.recordId.get(r),
      index: r,
      program: this.programOf(r),
      region: this.regionOf(r),
      other: (this.missingOther[b] ??= { source: this.sourceName[b], line: 0, recordId: '' }),
      args: (this.programArgs[prog] ??= { program: t.programs[prog] }),
    };
  }

  /**
   * Per-family programs list one representative per KPM: if source b lists another member of r's
   * family (same clean KK) for the program, that is one out_of_sync (nik) finding, not two missing.
   * The questions gathered during the walk are answered together: one pass over the records
   * collects the families asked about (few), instead of an index of every family record.
   */
  private settleFamilies(): void {
    const queries = this.familyQueries;
    if (queries.length === 0) return;
    const t = this.t;
    // Families asked about, numbered by their KK.
    const kks = new PairIndex(queries.length);
    const familyOf = new Uint32Array(queries.length);
    const recordOf = (k: number) => this.list.items[queries.a[k]].index!;
    for (let k = 0; k < queries.length; k++) {
      const r = recordOf(k);
      familyOf[k] = kks.add(t.kkHi[r], t.kkLo[r]);
    }
    // Their records in per-family programs: one pass collects them in index order, a counting
    // sort by family keeps that order within each family.
    const found = new PairBuffer();
    for (let i = 0; i < t.size; i++) {
      if (t.kkState[i] !== IdState.Ok || this.family[t.program[i]] !== 1) continue;
      const f = kks.get(t.kkHi[i], t.kkLo[i]);
      if (f >= 0) found.push(f, i);
    }
    const start = new Uint32Array(kks.size + 1);
    for (let k = 0; k < found.length; k++) start[found.a[k] + 1]++;
    for (let f = 0; f < kks.size; f++) start[f + 1] += start[f];
    const records = new Uint32Array(found.length);
    const fill = start.slice(0, kks.size);
    for (let k = 0; k < found.length; k++) records[fill[found.a[k]]++] = found.b[k];
    const reported = new PairIndex();
    const person = this.person;
    const settled = new FindingList();
    let next = 0;
    for (let k = 0; k < queries.length; k++) {
      while (next < queries.a[k]) settled.pushFrom(this.list, next++);
      // The missing finding itself: kept unless a family member in b answers it.
      const missingAt = next++;
      const r = recordOf(k);
      const b = queries.b[k];
      const prog = t.program[r];
      let q = -1;
      for (let x = start[familyOf[k]]; x < start[familyOf[k] + 1]; x++) {
        const m = records[x];
        if (t.source[m] === b && t.program[m] === prog && person[m] !== person[r]) {
          q = m;
          break;
        }
      }
      if (q < 0) {
        settled.pushFrom(this.list, missingAt);
        continue;
      }
      const a = r < q ? r : q;
      const c = r < q ? q : r;
      const seen = reported.size;
      if (reported.add(a, c) === seen) {
        const f = this.outOfSync(a, c, 'nik', nikText(t, a), nikText(t, c), 'out_of_sync.family_member', {
          name: nameOf(t, a),
          other_name: nameOf(t, c),
          program: t.programs[prog],
        });
        settled.push(f, ScoreBy.Pair, a, c);
      }
    }
    while (next < this.list.length) settled.pushFrom(this.list, next++);
    this.list = settled;
  }

  /** status and amount may differ only within one program: the first record of each source. */
  private programFieldsOutOfSync(s: number, e: number): void {
    const t = this.t;
    const order = this.members;
    const key = this.memberKey;
    // Each source's first record, with its status and amount read once.
    const first = this.fieldFirst;
    const status = this.fieldStatus;
    const amount = this.fieldAmount;
    let d = 0;
    for (let k = s; k < e; k++) {
      if (k > s && key[k] === key[k - 1]) continue;
      const r = order[k];
      first[d] = r;
      status[d] = t.status[r];
      amount[d++] = t.amount[r];
    }
    for (let x = 0; x < d; x++) {
      const sa = status[x];
      const ma = amount[x];
      for (let y = x + 1; y < d; y++) {
        const sb = status[y];
        const mb = amount[y];
        if (sa !== Status.None && sb !== Status.None && sa !== sb) {
          this.pushPair(this.outOfSync(first[x], first[y], 'status', STATUS_LABEL[sa], STATUS_LABEL[sb]), first[x], first[y]);
        }
        if (!Number.isNaN(ma) && !Number.isNaN(mb) && ma !== mb) {
          this.pushPair(this.outOfSync(first[x], first[y], 'amount', String(ma), String(mb)), first[x], first[y]);
        }
      }
    }
  }

  /**
   * Identity fields (nik, name, birth_date, kk, region) across any two sources. Each pair of sources
   * is compared once, through the first records of the first program both list (else through
   * each source's record with the lowest line).
   */
  private identityOutOfSync(start: number, end: number): void {
    const order = this.members;
    const key = this.memberKey;
    const line = this.memberLine;
    const stamp = ++this.stamp;
    const srcs = this.personSources;
    let d = 0;
    for (let k = start; k < end; k++) {
      const src = key[k] & 0xffff;
      if (this.sourceStamp[src] === stamp) continue;
      this.sourceStamp[src] = stamp;
      // Insertion keeps the person's few sources ascending.
      let j = d++;
      while (j > 0 && srcs[j - 1] > src) {
        srcs[j] = srcs[j - 1];
        j--;
      }
      srcs[j] = src;
    }
    if (d < 2 || this.sameIdentity(start, end)) return;
    const firstLine = this.firstLine;
    for (let x = 0; x < d; x++) {
      this.sourceSlot[srcs[x]] = x;
      firstLine[x] = -1;
    }
    // Program runs (nonzero programs only) x sources: first record of each.
    let runs = 0;
    for (let k = start; k < end; k++) {
      const prog = key[k] >>> 16;
      if (prog !== 0 && (k === start || key[k - 1] >>> 16 !== prog)) runs++;
    }
    if (this.firstIn.length < runs * d) this.firstIn = new Int32Array(runs * d * 2);
    const firstIn = this.firstIn;
    firstIn.fill(-1, 0, runs * d);
    let run = -1;
    for (let k = start; k < end; k++) {
      const r = order[k];
      const prog = key[k] >>> 16;
      if (prog !== 0 && (k === start || key[k - 1] >>> 16 !== prog)) run++;
      const x = this.sourceSlot[key[k] & 0xffff];
      // firstLine holds positions while scanning (lines are at hand by position), records after.
      const m = firstLine[x];
      if (m < 0 || line[k] < line[m]) firstLine[x] = k;
      if (prog !== 0 && firstIn[run * d + x] < 0) firstIn[run * d + x] = r;
    }
    for (let x = 0; x < d; x++) firstLine[x] = order[firstLine[x]];
    for (let x = 0; x < d; x++) {
      for (let y = x + 1; y < d; y++) {
        let a = firstLine[x];
        let b = firstLine[y];
        for (let k = 0; k < runs; k++) {
          const fa = firstIn[k * d + x];
          const fb = firstIn[k * d + y];
          if (fa >= 0 && fb >= 0) {
            a = fa;
            b = fb;
            break;
          }
        }
        this.compareIdentity(a, b);
      }
    }
  }

  /** True when all records carry the same identity values: then no two sources can disagree. */
  private sameIdentity(start: number, end: number): boolean {
    const t = this.t;
    const order = this.members;
    const f = order[start];
    const region = this.regions.of(f);
    for (let k = start + 1; k < end; k++) {
      const r = order[k];
      if (
        t.nikHi[r] !== t.nikHi[f] ||
        t.nikLo[r] !== t.nikLo[f] ||
        t.nikState[r] !== t.nikState[f] ||
        t.nameId[r] !== t.nameId[f] ||
        t.birth[r] !== t.birth[f] ||
        t.kkHi[r] !== t.kkHi[f] ||
        t.kkLo[r] !== t.kkLo[f] ||
        t.kkState[r] !== t.kkState[f] ||
        this.regions.of(r) !== region
      ) {
        return false;
      }
    }
    return true;
  }

  private compareIdentity(a: number, b: number): void {
    const t = this.t;
    // Damaged or missing ids are invalid findings already; only two clean values can disagree.
    if (t.nikState[a] === IdState.Ok && t.nikState[b] === IdState.Ok && (t.nikHi[a] !== t.nikHi[b] || t.nikLo[a] !== t.nikLo[b])) {
      this.pushPair(this.outOfSync(a, b, 'nik', nikText(t, a), nikText(t, b)), a, b);
    }
    // Most pairs carry the very same (interned) name: skip normalising those.
    if (t.nameId[a] !== t.nameId[b]) {
      const na = nameOf(t, a);
      const nb = nameOf(t, b);
      if (na !== nb && na !== '' && nb !== '' && this.cosmeticOf(a) !== this.cosmeticOf(b)) this.pushPair(this.outOfSync(a, b, 'name', na, nb), a, b);
    }
    const ba = t.birth[a];
    const bb = t.birth[b];
    if (ba > 0 && bb > 0 && ba !== bb) this.pushPair(this.outOfSync(a, b, 'birth_date', birthText(ba), birthText(bb)), a, b);
    if (t.kkState[a] === IdState.Ok && t.kkState[b] === IdState.Ok && (t.kkHi[a] !== t.kkHi[b] || t.kkLo[a] !== t.kkLo[b])) {
      this.pushPair(this.outOfSync(a, b, 'kk', kkText(t, a), kkText(t, b)), a, b);
    }
    const ia = this.regions.of(a);
    const ib = this.regions.of(b);
    if (ia === ib) return;
    const ra = this.regions.text[ia];
    const rb = this.regions.text[ib];
    // BPS and Kemendagri codes differ even at regency level: never compared as if one scheme.
    if (ra !== rb && ra !== '' && rb !== '' && ra.startsWith('bps:') === rb.startsWith('bps:') && !regionsAgree(ra, rb)) {
      this.pushPair(this.outOfSync(a, b, 'region', ra, rb), a, b);
    }
  }

  /** A clean NIK carried by records the matcher judged to be different people. */
  private reportConflicts(): void {
    const t = this.t;
    const { a, b, length } = this.model.conflicts;
    for (let k = 0; k < length; k++) {
      const first = this.firstOfPair(a[k], b[k]);
      const x = first ? a[k] : b[k];
      const y = first ? b[k] : a[k];
      this.pushPair(
        {
          kind: 'invalid',
          code: 'nik.shared_by_different_people',
          severity: 'error',
          source: this.sourceName[t.source[x]],
          line: t.line[x],
          recordId: t.recordId.get(x),
          index: x,
          program: this.programOf(x),
          region: this.regionOf(x),
          other: this.ref(y),
          field: 'nik',
          value: nikText(t, x),
          otherValue: nikText(t, y),
          score: Number.NaN,
          args: { name: nameOf(t, x), other_name: nameOf(t, y) },
        },
        x,
        y,
      );
    }
  }

  /** True when a comes first by (source name, line): "each unordered pair once" has one direction. */
  private firstOfPair(a: number, b: number): boolean {
    const t = this.t;
    const ra = this.nameRank[t.source[a]];
    const rb = this.nameRank[t.source[b]];
    return ra < rb || (ra === rb && t.line[a] <= t.line[b]);
  }

  private outOfSync(
    a0: number,
    b0: number,
    field: CanonicalField,
    va: string,
    vb: string,
    code = 'out_of_sync.field',
    args?: Record<string, string | number>,
  ): Finding {
    const swapped = !this.firstOfPair(a0, b0);
    const a = swapped ? b0 : a0;
    const b = swapped ? a0 : b0;
    const t = this.t;
    return {
      kind: 'out_of_sync',
      code,
      severity: 'warning',
      source: this.sourceName[t.source[a]],
      line: t.line[a],
      recordId: t.recordId.get(a),
      index: a,
      program: this.programOf(a),
      region: this.regionOf(a),
      other: this.ref(b),
      field,
      value: swapped ? vb : va,
      otherValue: swapped ? va : vb,
      score: Number.NaN,
      args: swapped && args ? { ...args, name: args.other_name, other_name: args.name } : args,
    };
  }

  private cosmeticOf(i: number): string {
    const id = this.t.nameId[i];
    return (this.cosmetic[id] ??= cosmeticName(nameOf(this.t, i)));
  }

  /** A finding on records a and b (either order), scored by their link. */
  private pushPair(f: Finding, a: number, b: number): void {
    this.list.push(f, ScoreBy.Pair, Math.min(a, b), Math.max(a, b));
  }

  // Findings spell their location out (source, line, recordId, index, program, region) in each
  // literal rather than spreading a where(i) object: measured at 10M rows, the spread took
  // reconcile from 3.8 to 4.9 s. Keep the six lines in the same order as ref()'s fields.
  private ref(i: number): RecordRef {
    const t = this.t;
    return { source: this.sourceName[t.source[i]], line: t.line[i], recordId: t.recordId.get(i), index: i };
  }

  private programOf(i: number): string | undefined {
    const program = this.t.programs[this.t.program[i]];
    return program === '' ? undefined : program;
  }

  private regionOf(i: number): string | undefined {
    return this.regions.text[this.regions.of(i)] || undefined;
  }
}
