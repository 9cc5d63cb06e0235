import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PadanError } from '../domain/errors.js';
import { FINDING_KINDS, type FindingKind } from '../domain/finding.js';
import type { FindingSet, KindChange } from './diff.js';

/*
 * The run history: an append-only log plus one findings file per run.
 *
 * Why not SQLite: Node 20 has no node:sqlite and better-sqlite3 needs a native build on every
 * officer's machine. The history needs only "append a run" and "read the last runs", which an
 * append-only log does safely:
 * - STATE/runs.jsonl: one line per run, `<sha256 of the JSON> <JSON>\n`. A run killed mid-append
 *   leaves a torn last line whose checksum fails (or that has no newline); readers skip it, and the
 *   next writer rewrites the log without it before appending.
 * - STATE/runs/<id>.fp.gz: that run's fingerprints, written to a temporary name, fsynced and renamed
 *   before the log line that names it (with its sha256) is appended. A findings file no complete line
 *   names is an orphan and is deleted at the next write.
 * - Retention (keep the last N runs) and repairs rewrite the log to a temporary file and rename it
 *   over the old one, so a crash leaves either the old log or the new one.
 */

export const RUNS_LOG = 'runs.jsonl';
export const RUNS_DIR = 'runs';
export const LOCK_FILE = 'lock';
export const DEFAULT_KEEP_RUNS = 30;

export interface RunRecord {
  v: 1;
  /** e.g. 20261123T020000Z-3fa9: sortable, unique. */
  id: string;
  /** ISO time the run started. */
  at: string;
  config: string;
  /** The run this one was compared with (null: first run, or the previous one was unreadable). */
  previous: string | null;
  keyId: string;
  padanVersion: string;
  findings: number;
  byKind: Record<FindingKind, number>;
  changes: Record<FindingKind, KindChange>;
  /** Findings covered by a valid acceptance in the baseline. */
  accepted: number;
  /** Findings file, relative to the state folder, and its sha256. */
  file: string;
  fileSha256: string;
}

export interface StoreContents {
  runs: RunRecord[];
  /** Complete lines whose checksum or JSON failed (skipped). */
  damagedLines: number;
  /** The log ended in an incomplete line (a write was cut short). */
  tornTail: boolean;
}

const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

export function encodeRunLine(r: RunRecord): string {
  const json = JSON.stringify(r);
  return `${sha256(json)} ${json}\n`;
}

function parseRunLine(line: string): RunRecord | undefined {
  const sp = line.indexOf(' ');
  if (sp !== 64) return undefined;
  const json = line.slice(65);
  if (sha256(json) !== line.slice(0, 64)) return undefined;
  try {
    const r = JSON.parse(json) as RunRecord;
    return r && r.v === 1 && typeof r.id === 'string' && typeof r.file === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Parses the log text: complete, checksummed lines only. */
export function parseRunsLog(text: string): StoreContents & { lines: string[] } {
  const parts = text.split('\n');
  const tail = parts.pop() ?? '';
  const runs: RunRecord[] = [];
  const lines: string[] = [];
  let damagedLines = 0;
  for (const p of parts) {
    if (p === '') continue;
    const r = parseRunLine(p);
    if (r) {
      runs.push(r);
      lines.push(p + '\n');
    } else damagedLines++;
  }
  return { runs, lines, damagedLines, tornTail: tail !== '' };
}

/** Reads the run log; a missing state folder or log is an empty history. */
export function readRuns(stateDir: string): StoreContents {
  const path = join(stateDir, RUNS_LOG);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], damagedLines: 0, tornTail: false };
    throw new PadanError(`${path}: cannot read the run history (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const { runs, damagedLines, tornTail } = parseRunsLog(text);
  return { runs, damagedLines, tornTail };
}

/** Findings file text: grouped by kind and first-seen time so the repeated parts compress away. */
export function encodeFindingSet(set: FindingSet): Uint8Array {
  // kind (in FINDING_KINDS order) -> first-seen time -> fingerprints; no string key per entry.
  const byKind = FINDING_KINDS.map(() => new Map<string, string[]>());
  for (const [fp, e] of set) {
    const groups = byKind[FINDING_KINDS.indexOf(e.kind)];
    const line = e.count === 1 ? fp : `${fp} ${e.count}`;
    const list = groups.get(e.firstSeen);
    if (list) list.push(line);
    else groups.set(e.firstSeen, [line]);
  }
  let text = 'padan-findings 1\n';
  FINDING_KINDS.forEach((kind, k) => {
    // Default sorts compare UTF-16 code units: deterministic for ISO times and base64url fingerprints.
    for (const firstSeen of [...byKind[k].keys()].sort()) {
      text += `#${kind} ${firstSeen}\n`;
      const lines = byKind[k].get(firstSeen)!.sort();
      for (let i = 0; i < lines.length; i++) text += lines[i] + '\n';
    }
  });
  return gzipSync(text);
}

export function decodeFindingSet(gz: Uint8Array): FindingSet {
  const lines = gunzipSync(gz).toString('utf8').split('\n');
  if (lines[0] !== 'padan-findings 1') throw new Error('not a padan findings file');
  const set: FindingSet = new Map();
  let kind: FindingKind = 'invalid';
  let firstSeen = '';
  for (let k = 1; k < lines.length; k++) {
    const l = lines[k];
    if (l === '') continue;
    if (l[0] === '#') {
      const sp = l.indexOf(' ');
      kind = l.slice(1, sp) as FindingKind;
      firstSeen = l.slice(sp + 1);
      continue;
    }
    const sp = l.indexOf(' ');
    if (sp < 0) set.set(l, { kind, firstSeen, count: 1 });
    else set.set(l.slice(0, sp), { kind, firstSeen, count: Number(l.slice(sp + 1)) });
  }
  return set;
}

/** A run's fingerprints, or null when its file is gone or fails its checksum. */
export function readFindingSet(stateDir: string, run: RunRecord): FindingSet | null {
  try {
    const gz = readFileSync(join(stateDir, run.file));
    if (sha256(gz) !== run.fileSha256) return null;
    return decodeFindingSet(gz);
  } catch {
    return null;
  }
}

function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeDurably(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Holds STATE/lock while fn runs, so two runs sharing a state folder never interleave their writes.
 * A lock left by a killed run (its pid gone) is taken over.
 */
export function withStoreLock<T>(stateDir: string, fn: () => T, waitMs = 10_000): T {
  const path = join(stateDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new PadanError(`${path}: cannot lock the state folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      let holder = NaN;
      try {
        holder = Number(readFileSync(path, 'utf8').trim());
      } catch {
        // Removed meanwhile: try again.
      }
      if (Number.isInteger(holder) && holder > 0 && !pidAlive(holder)) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new PadanError(`${stateDir}: another padan run (pid ${holder}) is writing this state folder; try again when it ends`);
      }
      sleepMs(100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(path, { force: true });
  }
}

export function newRunId(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export interface AppendResult {
  record: RunRecord;
  /** Runs dropped by retention. */
  dropped: number;
}

/**
 * Records one run: its findings file first, then its log line. `set` is the run's finding set, or
 * its findings file already encoded (encodeFindingSet). Keeps the last `keepRuns` runs and
 * removes findings files no kept run names.
 */
export function appendRun(
  stateDir: string,
  record: Omit<RunRecord, 'file' | 'fileSha256'>,
  set: FindingSet | Uint8Array,
  keepRuns = DEFAULT_KEEP_RUNS,
): AppendResult {
  if (!Number.isInteger(keepRuns) || keepRuns < 1) throw new PadanError(`keep-runs: expected a whole number of at least 1, got ${keepRuns}`);
  try {
    mkdirSync(join(stateDir, RUNS_DIR), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new PadanError(`${stateDir}: cannot create the state folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return withStoreLock(stateDir, () => {
    const gz = set instanceof Uint8Array ? set : encodeFindingSet(set);
    const file = `${RUNS_DIR}/${record.id}.fp.gz`;
    const tmp = join(stateDir, `${file}.tmp-${process.pid}`);
    rmSync(tmp, { force: true });
    writeDurably(tmp, gz);
    renameSync(tmp, join(stateDir, file));
    fsyncPath(join(stateDir, RUNS_DIR));
    const full: RunRecord = { ...record, file, fileSha256: sha256(gz) };
    const line = encodeRunLine(full);

    const logPath = join(stateDir, RUNS_LOG);
    let text = '';
    try {
      text = readFileSync(logPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const current = parseRunsLog(text);
    const dropped = Math.max(0, current.lines.length + 1 - keepRuns);
    let kept = current.runs;
    if (dropped > 0 || current.tornTail || current.damagedLines > 0) {
      // Rewrite: the kept lines plus the new one, renamed over the log in one step.
      const keptLines = current.lines.slice(dropped);
      kept = current.runs.slice(dropped);
      const tmpLog = `${logPath}.tmp-${process.pid}`;
      rmSync(tmpLog, { force: true });
      writeDurably(tmpLog, keptLines.join('') + line);
      renameSync(tmpLog, logPath);
      fsyncPath(stateDir);
    } else {
      const fd = openSync(logPath, 'a', 0o600);
      try {
        writeFileSync(fd, line);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    removeOrphans(stateDir, new Set([...kept.map((r) => r.file), file]));
    return { record: full, dropped };
  });
}

/** Findings files no kept run names, and temporary files of runs killed mid-write. */
function removeOrphans(stateDir: string, keep: Set<string>): void {
  try {
    for (const n of readdirSync(stateDir)) if (n.startsWith(`${RUNS_LOG}.tmp-`)) rmSync(join(stateDir, n), { force: true });
  } catch {
    // Nothing to tidy.
  }
  let names: string[];
  try {
    names = readdirSync(join(stateDir, RUNS_DIR));
  } catch {
    return;
  }
  for (const n of names) {
    const rel = `${RUNS_DIR}/${n}`;
    if (!keep.has(rel)) rmSync(join(stateDir, rel), { force: true });
  }
}
