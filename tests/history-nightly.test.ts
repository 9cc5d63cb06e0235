import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedSource } from '../src/config/schema.js';
import { IdState } from '../src/domain/fields.js';
import type { Finding } from '../src/domain/finding.js';
import { tableFromRows, type RecordTable, type RowValues } from '../src/domain/table.js';
import { diffRuns } from '../src/history/diff.js';
import { fingerprintFindings, fingerprintMaterial } from '../src/history/fingerprint.js';
import { spawnHistoryWorker, startHistoryJob } from '../src/history/job-runner.js';
import { runHistoryJob } from '../src/history/job.js';
import { loadFingerprintKey } from '../src/history/key.js';
import { beginNightly, prepareNightly } from '../src/history/nightly.js';
import { decodeFindingSet, encodeFindingSet, readRuns } from '../src/history/store.js';
import { buildPadanPackage } from './ci-build.js';
import { reconcile, type PersonModel } from '../src/reconcile/index.js';
import { numberFindings, type NumberedFinding } from '../src/report/order.js';

// Synthetic identities: real Kalimantan Barat district codes, made-up serials starting with 9.
function id16(s: string): Pick<RowValues, 'nikHi' | 'nikLo' | 'nikState'> {
  return { nikHi: Number(s.slice(0, 8)), nikLo: Number(s.slice(8)), nikState: IdState.Ok };
}
function src(name: string, role: ResolvedSource['role'], index: number, region?: string): ResolvedSource {
  return { name, role, index, path: `${name}.csv`, absPath: `/x/${name}.csv`, region };
}
const SOURCES = [src('kemensos_pkh', 'central', 0), src('kab_6171', 'regency', 1, '6171'), src('kab_6172', 'regency', 2, '6172')];
const CENTRAL = 0;
const KOTA = 1;
const KAB = 2;

const PEOPLE = {
  siti: { ...id16('6171054508900903'), name: 'SITI AMINAH', birth: 19900805, region: '6171010001' },
  budi: { ...id16('6172031203850911'), name: 'BUDI SANTOSO', birth: 19850312, region: '6172020005' },
  agus: { ...id16('6171011707780904'), name: 'AGUS SALIM', birth: 19780717, region: '6171020003' },
  rina: { ...id16('6171036102950905'), name: 'RINA MARLINA', birth: 19950221, region: '6171030002' },
  wati: { ...id16('6171044403880906'), name: 'WATI SUSANTI', birth: 19880304, region: '6171040001' },
  dewi: { ...id16('6172025409920907'), name: 'DEWI LESTARI', birth: 19920914, region: '6172010004' },
  // NIK typed with 15 digits in the city roster: identified by name and birth date.
  joko: { nikState: IdState.Malformed, nikRaw: '617105120379090', name: 'JOKO WIDODO', birth: 19790312, region: '6171050001' },
};
type Who = keyof typeof PEOPLE;

interface Row {
  who: Who;
  source: number;
  over?: Partial<RowValues>;
}

/** A night's rosters: rows in file order per source (line = position + 2, header on line 1). */
function night(rows: Row[]): { table: RecordTable; findings: NumberedFinding[] } {
  const lineOf = [0, 0, 0];
  const full = rows.map((r) => ({ ...PEOPLE[r.who], program: 'PKH', source: r.source, line: ++lineOf[r.source] + 1, ...r.over }));
  const table = tableFromRows(full);
  const first = new Map<Who, number>();
  const person = new Uint32Array(rows.length);
  rows.forEach((r, i) => {
    if (!first.has(r.who)) first.set(r.who, i);
    person[i] = first.get(r.who)!;
  });
  const model: PersonModel = {
    person,
    conflicts: { a: new Uint32Array(0), b: new Uint32Array(0), length: 0 },
    pairProbability: (a, b) => person[a] === person[b] ? 0.98 : 0.02,
  };
  // The loader reports the 15-digit NIK as an invalid finding on its row.
  const invalid: Finding[] = [];
  rows.forEach((r, i) => {
    if (table.nikState[i] === IdState.Malformed) {
      invalid.push({ kind: 'invalid', code: 'nik.length', severity: 'error', source: SOURCES[r.source].name, line: table.line[i], recordId: '', index: i, field: 'nik', value: table.nikRaw[i] });
    }
  });
  return { table, findings: numberFindings([...invalid, ...reconcile(table, { sources: SOURCES }, model)]) };
}

// Night 1: AGUS's name differs between the rosters, WATI is listed twice by the city and not at all
// centrally, RINA is missing from the city roster, JOKO's NIK is one digit short.
const NIGHT1: Row[] = [
  { who: 'siti', source: CENTRAL },
  { who: 'budi', source: CENTRAL },
  { who: 'agus', source: CENTRAL, over: { name: 'AGUS SALIMIN' } },
  { who: 'rina', source: CENTRAL },
  { who: 'joko', source: CENTRAL, over: { ...id16('6171051203790908') } },
  { who: 'siti', source: KOTA },
  { who: 'agus', source: KOTA },
  { who: 'wati', source: KOTA },
  { who: 'joko', source: KOTA },
  { who: 'wati', source: KOTA },
  { who: 'budi', source: KAB },
];

// Night 2: every roster re-sorted (rows on other lines). AGUS's name fixed centrally, WATI's second
// row removed, but she is still not in the central roster. New: DEWI added centrally but not by the
// regency; SITI's birth date mistyped by the city. RINA and JOKO unchanged (still open, other lines).
const NIGHT2: Row[] = [
  { who: 'dewi', source: CENTRAL },
  { who: 'rina', source: CENTRAL },
  { who: 'joko', source: CENTRAL, over: { ...id16('6171051203790908') } },
  { who: 'budi', source: CENTRAL },
  { who: 'agus', source: CENTRAL },
  { who: 'siti', source: CENTRAL },
  { who: 'joko', source: KOTA },
  { who: 'wati', source: KOTA },
  { who: 'agus', source: KOTA },
  { who: 'siti', source: KOTA, over: { birth: 19900508 } },
  { who: 'budi', source: KAB },
];

const KEY = new Uint8Array(32).fill(7);
const brief = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.source}:${f.line} ${f.other?.source ?? ''} ${f.field ?? ''}`);

describe('two nightly runs', () => {
  const n1 = night(NIGHT1);
  const n2 = night(NIGHT2);

  it('night 1 has the planted findings', () => {
    expect(brief(n1.findings)).toEqual([
      'invalid kab_6171:5  nik',
      'duplicate kab_6171:4  ',
      'duplicate kab_6171:6  ',
      'missing kab_6171:4 kemensos_pkh ',
      'missing kab_6171:6 kemensos_pkh ',
      'missing kemensos_pkh:5 kab_6171 ',
      'out_of_sync kab_6171:3 kemensos_pkh name',
    ]);
  });

  it('night 2 has the planted findings on their new lines', () => {
    expect(brief(n2.findings)).toEqual([
      'invalid kab_6171:2  nik',
      'missing kab_6171:3 kemensos_pkh ',
      'missing kemensos_pkh:2 kab_6172 ',
      'missing kemensos_pkh:3 kab_6171 ',
      'out_of_sync kab_6171:5 kemensos_pkh birth_date',
    ]);
  });

  it('fingerprints ignore line numbers and keep no raw NIK', () => {
    const f1 = fingerprintFindings(n1.findings, n1.table, KEY);
    const f2 = fingerprintFindings(n2.findings, n2.table, KEY);
    const rina1 = n1.findings.findIndex((f) => f.kind === 'missing' && f.other?.source === 'kab_6171');
    const rina2 = n2.findings.findIndex((f) => f.kind === 'missing' && f.other?.source === 'kab_6171');
    expect(n1.findings[rina1].line).not.toBe(n2.findings[rina2].line);
    expect(f1[rina1]).toBe(f2[rina2]);
    const joko1 = n1.findings.findIndex((f) => f.kind === 'invalid');
    const joko2 = n2.findings.findIndex((f) => f.kind === 'invalid');
    expect(f1[joko1]).toBe(f2[joko2]);
    // The MAC input holds the person's NIK; the fingerprint must not, nor any 16-digit run.
    expect(fingerprintMaterial(n1.findings[rina1], n1.table)).toContain('6171036102950905');
    for (const fp of [...f1, ...f2]) expect(fp).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Another key gives other fingerprints (a copied store is useless without the key).
    expect(fingerprintFindings(n1.findings, n1.table, new Uint8Array(32).fill(8))[rina1]).not.toBe(f1[rina1]);
  });

  it('counts new, still open and resolved per kind', () => {
    const d1 = diffRuns(null, fingerprintFindings(n1.findings, n1.table, KEY), n1.findings, '2026-11-22T19:00:00.000Z');
    expect(d1.byKind.missing).toMatchObject({ new: 3, open: 0, resolved: 0 });
    const d2 = diffRuns(d1.set, fingerprintFindings(n2.findings, n2.table, KEY), n2.findings, '2026-11-23T19:00:00.000Z');
    expect(d2.byKind.invalid).toEqual({ new: 0, open: 1, resolved: 0, oldestOpenSince: '2026-11-22T19:00:00.000Z' });
    expect(d2.byKind.duplicate).toEqual({ new: 0, open: 0, resolved: 2 });
    // RINA and one of WATI's two rows still open; WATI's other row resolved; DEWI new.
    expect(d2.byKind.missing).toEqual({ new: 1, open: 2, resolved: 1, oldestOpenSince: '2026-11-22T19:00:00.000Z' });
    // AGUS's name fixed; SITI's birth date new.
    expect(d2.byKind.out_of_sync).toEqual({ new: 1, open: 0, resolved: 1 });
    const dewi = n2.findings.findIndex((f) => f.kind === 'missing' && f.other?.source === 'kab_6172');
    expect(d2.isNew[dewi]).toBe(1);
    expect(d2.firstSeen[dewi]).toBe('2026-11-23T19:00:00.000Z');
  });

  describe('through the state folder', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('runs the history job on a worker thread with the answer it gives on this thread', async () => {
      dir = mkdtempSync(join(tmpdir(), 'padan-history-'));
      const opts = { configPath: join(dir, 'padan.config.json'), env: {}, padanVersion: 'test' };
      prepareNightly(n1.findings, n1.table, { ...opts, now: new Date('2026-11-22T19:00:00Z') }).commit();
      const start = beginNightly(n2.findings, n2.table, { ...opts, now: new Date('2026-11-23T19:00:00Z') });
      // The worker takes the job's buffers: this thread runs on copies.
      const job = start.job;
      const here = runHistoryJob({ ...job, material: job.material.slice(), ends: job.ends.slice(), kinds: job.kinds.slice() });
      const worker = pathToFileURL(join(buildPadanPackage(join(dir, 'pkg')).root, 'dist', 'history', 'worker.js'));
      const running = startHistoryJob(job, spawnHistoryWorker(worker));
      const diff = await running.diff();
      expect(job.material.length).toBe(0); // moved to the worker, not copied
      expect(diff).toEqual(here.diff);
      expect(diff.previousReadable).toBe(true);
      expect(decodeFindingSet(await running.file())).toEqual(here.set);
      const b = start.complete(diff, () => encodeFindingSet(here.set));
      expect(b.history.totals).toEqual({ new: 2, open: 3, resolved: 4 });
      expect(b.fingerprints).toEqual(fingerprintFindings(n2.findings, n2.table, loadFingerprintKey(join(dir, '.padan'), {}).key));
    });

    it('records both nights and compares the second with the first', () => {
      dir = mkdtempSync(join(tmpdir(), 'padan-history-'));
      const opts = { configPath: join(dir, 'padan.config.json'), env: {}, padanVersion: 'test' };
      const a = prepareNightly(n1.findings, n1.table, { ...opts, now: new Date('2026-11-22T19:00:00Z') });
      expect(a.history.previous).toBeNull();
      expect(a.history.totals).toEqual({ new: 7, open: 0, resolved: 0 });
      a.commit();
      const b = prepareNightly(n2.findings, n2.table, { ...opts, now: new Date('2026-11-23T19:00:00Z') });
      expect(b.history.previous?.id).toBe(a.runId);
      expect(b.history.totals).toEqual({ new: 2, open: 3, resolved: 4 });
      b.commit();
      const runs = readRuns(join(dir, '.padan')).runs;
      expect(runs.map((r) => [r.findings, r.previous])).toEqual([
        [7, null],
        [5, a.runId],
      ]);
      // The key is the owner's only; nothing in the state folder holds a NIK.
      expect(statSync(join(dir, '.padan', 'fingerprint.key')).mode & 0o777).toBe(0o600);
      const index = b.indexFile();
      for (const name of ['runs.jsonl', ...readdirSync(join(dir, '.padan', 'runs')).map((n) => `runs/${n}`)]) {
        expect(readFileSync(join(dir, '.padan', name)).toString('latin1')).not.toMatch(/617\d{13}/);
      }
      expect(index).not.toMatch(/617\d{12}/);
      expect(JSON.parse(index).findings).toHaveLength(5);
    });
  });
});
