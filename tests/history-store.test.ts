import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingKind } from '../src/domain/finding.js';
import { emptyChanges, type FindingSet } from '../src/history/diff.js';
import { tableFromRows } from '../src/domain/table.js';
import { prepareNightly } from '../src/history/nightly.js';
import {
  appendRun,
  decodeFindingSet,
  encodeFindingSet,
  newRunId,
  readFindingSet,
  readRuns,
  RUNS_LOG,
  withStoreLock,
  type RunRecord,
} from '../src/history/store.js';
import type { NumberedFinding } from '../src/report/order.js';
import { buildPadanPackage } from './ci-build.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fps(n: number, seed: string): FindingSet {
  const set: FindingSet = new Map();
  for (let i = 0; i < n; i++) {
    const fp = createHash('sha256').update(`${seed}${i}`).digest().subarray(0, 16).toString('base64url');
    set.set(fp, { kind: (['invalid', 'missing'] as FindingKind[])[i % 2], count: 1 + (i % 3 === 0 ? 1 : 0), firstSeen: '2026-11-20T19:00:00.000Z' });
  }
  return set;
}

function record(at: string, findings: number): Omit<RunRecord, 'file' | 'fileSha256'> {
  return {
    v: 1,
    id: newRunId(new Date(at)),
    at,
    config: '/x/padan.config.json',
    previous: null,
    keyId: 'k',
    padanVersion: 'test',
    findings,
    byKind: { invalid: findings, duplicate: 0, missing: 0, out_of_sync: 0 },
    changes: emptyChanges(),
    accepted: 0,
  };
}

describe('findings file encoding', () => {
  it('round-trips counts, kinds and first-seen times', () => {
    const set = fps(1000, 'a');
    set.set('AAAAAAAAAAAAAAAAAAAAAA', { kind: 'out_of_sync', count: 4, firstSeen: '2026-11-01T19:00:00.000Z' });
    expect(decodeFindingSet(encodeFindingSet(set))).toEqual(set);
  });

  it('is byte-identical for the same set in any insertion order', () => {
    const a = fps(200, 'b');
    const b: FindingSet = new Map([...a.entries()].reverse());
    expect(Buffer.from(encodeFindingSet(a)).equals(Buffer.from(encodeFindingSet(b)))).toBe(true);
  });
});

describe('run log', () => {
  it('an empty or absent state folder is an empty history', () => {
    expect(readRuns(join(dir, 'nothing'))).toEqual({ runs: [], damagedLines: 0, tornTail: false });
  });

  it('a torn last line (run killed mid-append) is ignored and the previous run stays intact', () => {
    const one = appendRun(dir, record('2026-11-21T19:00:00.000Z', 10), fps(10, 'one')).record;
    const two = appendRun(dir, record('2026-11-22T19:00:00.000Z', 20), fps(20, 'two')).record;
    const log = join(dir, RUNS_LOG);
    const size = statSync(log).size;
    const lastLine = readFileSync(log, 'utf8').split('\n').at(-2)!;
    // Cut the second line in the middle, as a kill during write() would.
    truncateSync(log, size - Math.floor(lastLine.length / 2));
    const after = readRuns(dir);
    expect(after.tornTail).toBe(true);
    expect(after.runs.map((r) => r.id)).toEqual([one.id]);
    expect(readFindingSet(dir, after.runs[0])).toEqual(fps(10, 'one'));

    // The next run repairs the log: the torn line is gone, its orphaned findings file removed.
    const three = appendRun(dir, record('2026-11-23T19:00:00.000Z', 30), fps(30, 'three')).record;
    const repaired = readRuns(dir);
    expect(repaired).toMatchObject({ tornTail: false, damagedLines: 0 });
    expect(repaired.runs.map((r) => r.id)).toEqual([one.id, three.id]);
    expect(existsSync(join(dir, two.file))).toBe(false);
    expect(readFileSync(log, 'utf8').endsWith('\n')).toBe(true);
  });

  it('a line whose checksum fails is skipped, the rest is read', () => {
    appendRun(dir, record('2026-11-21T19:00:00.000Z', 10), fps(10, 'one'));
    appendRun(dir, record('2026-11-22T19:00:00.000Z', 20), fps(20, 'two'));
    const log = join(dir, RUNS_LOG);
    const text = readFileSync(log, 'utf8');
    writeFileSync(log, text.replace('"findings":10', '"findings":11'));
    const r = readRuns(dir);
    expect(r.damagedLines).toBe(1);
    expect(r.runs.map((x) => x.findings)).toEqual([20]);
  });

  it('a findings file that fails its checksum is reported as unreadable, not misread', () => {
    const one = appendRun(dir, record('2026-11-21T19:00:00.000Z', 10), fps(10, 'one')).record;
    const path = join(dir, one.file);
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(path, bytes);
    expect(readFindingSet(dir, one)).toBeNull();
  });

  it('keeps the last N runs and their findings files only', () => {
    const ids: string[] = [];
    for (let d = 1; d <= 6; d++) ids.push(appendRun(dir, record(`2026-11-0${d}T19:00:00.000Z`, d), fps(d, `r${d}`), 3).record.id);
    const runs = readRuns(dir).runs;
    expect(runs.map((r) => r.id)).toEqual(ids.slice(3));
    expect(readdirSync(join(dir, 'runs')).sort()).toEqual(runs.map((r) => r.file.slice('runs/'.length)).sort());
    for (const r of runs) expect(readFindingSet(dir, r)?.size).toBe(r.findings);
  });

  it('refuses a nonsensical retention', () => {
    expect(() => appendRun(dir, record('2026-11-21T19:00:00.000Z', 1), fps(1, 'x'), 0)).toThrow(/keep-runs/);
  });

  it('a lock left by a killed run is taken over; a live one is waited for, then refused', () => {
    mkdirSync(dir, { recursive: true });
    // pid 2^22+1 is above Linux's default pid_max: no such process.
    writeFileSync(join(dir, 'lock'), `${4_194_305}\n`);
    expect(withStoreLock(dir, () => 'ran')).toBe('ran');
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    writeFileSync(join(dir, 'lock'), `${process.ppid}\n`);
    expect(() => withStoreLock(dir, () => 'ran', 0)).toThrow(/another padan run/);
  });
});

describe('a previous run that is unreadable', () => {
  it('makes every finding new, with a note, instead of failing the night', () => {
    const cfg = join(dir, 'padan.config.json');
    const t = tableFromRows([{ name: 'SITI AMINAH', birth: 19900805, line: 2 }]);
    const f: NumberedFinding = { id: 'F1', kind: 'invalid', code: 'nik.missing', severity: 'error', source: 'kab_6171', line: 2, recordId: '', index: 0, field: 'nik' };
    const opts = { configPath: cfg, env: {}, padanVersion: 'test' };
    const a = prepareNightly([f], t, { ...opts, now: new Date('2026-11-21T19:00:00Z') });
    const rec = a.commit();
    rmSync(join(dir, '.padan', rec.file));
    const b = prepareNightly([f], t, { ...opts, now: new Date('2026-11-22T19:00:00Z') });
    expect(b.history.previous).toBeNull();
    expect(b.history.totals).toEqual({ new: 1, open: 0, resolved: 0 });
    expect(b.warnings.join('\n')).toMatch(/missing or damaged/);
  });
});

describe('a run killed mid-write (SIGKILL)', () => {
  it('leaves the store readable and every completed run intact', async () => {
    const built = join(buildPadanPackage(join(dir, 'pkg')).root, 'dist', 'history', 'store.js');
    const state = join(dir, 'state');
    const child = `
      import { appendRun, newRunId } from ${JSON.stringify(built)};
      import { createHash } from 'node:crypto';
      const kinds = ['invalid', 'duplicate', 'missing', 'out_of_sync'];
      const set = new Map();
      for (let i = 0; i < 40000; i++) {
        const fp = createHash('sha256').update(String(i)).digest().subarray(0, 16).toString('base64url');
        set.set(fp, { kind: kinds[i % 4], count: 1, firstSeen: '2026-11-20T19:00:00.000Z' });
      }
      for (let run = 0; ; run++) {
        const at = new Date(Date.UTC(2026, 0, 1) + run * 86400000).toISOString();
        appendRun(${JSON.stringify(state)}, { v: 1, id: newRunId(new Date(at)) + '-' + run, at, config: 'c', previous: null, keyId: 'k', padanVersion: 't',
          findings: set.size, byKind: { invalid: 0, duplicate: 0, missing: 0, out_of_sync: 0 }, changes: {}, accepted: 0 }, set, 4);
      }`;
    const proc = spawn(process.execPath, ['--input-type=module', '-e', child], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += d));
    // Let it record a few runs (retention rewrites included), then kill it wherever it is.
    while (readRuns(state).runs.length < 3 || !existsSync(join(state, RUNS_LOG))) {
      if (proc.exitCode !== null) throw new Error(`child ended early: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 37));
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));

    const after = readRuns(state);
    expect(after.damagedLines).toBe(0);
    expect(after.runs.length).toBeGreaterThanOrEqual(3);
    for (const r of after.runs) expect(readFindingSet(state, r)?.size).toBe(40000);

    // The next run (the lock of the killed one is taken over) repairs whatever was cut short.
    appendRun(state, record('2027-01-01T19:00:00.000Z', 1), fps(1, 'next'), 4);
    const repaired = readRuns(state);
    expect(repaired).toMatchObject({ damagedLines: 0, tornTail: false });
    expect(repaired.runs.at(-1)?.findings).toBe(1);
    const referenced = new Set(repaired.runs.map((r) => r.file.slice('runs/'.length)));
    expect(readdirSync(join(state, 'runs')).filter((n) => !referenced.has(n))).toEqual([]);
  });
});
