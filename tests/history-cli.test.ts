import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/report/summary.js';
import { NIGHT1, NIGHT2, padan, PEOPLE, writeNight } from './history-fixture.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'padan-nightly-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const summaryOf = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
const findingsOf = (out: string) => parse(readFileSync(join(out, 'findings.csv'), 'utf8'), { columns: true }) as Record<string, string>[];

/** Every file under dir, as text (latin1 keeps bytes; gzip is decoded where needed by the caller). */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).map((f) => join(dir, f)).filter((p) => statSync(p).isFile());
}

describe('two nightly runs: fixed, new and moved problems', () => {
  let dir = '';
  let cfg = '';
  let night1: Awaited<ReturnType<typeof padan>>;
  let night2: Awaited<ReturnType<typeof padan>>;
  beforeAll(async () => {
    dir = tmp();
    cfg = writeNight(dir, NIGHT1);
    night1 = await padan(['reconcile', cfg, '--out', join(dir, 'night1')], dir);
    writeNight(dir, NIGHT2);
    night2 = await padan(['reconcile', cfg, '--out', join(dir, 'night2')], dir);
  });

  it('night 1 is the first recorded run: all 7 findings are new', () => {
    expect(night1.err).toBe('');
    expect(night1.code).toBe(0);
    const s = summaryOf(join(dir, 'night1'));
    expect(s.history?.previous).toBeNull();
    expect(s.history?.totals).toEqual({ new: 7, open: 0, resolved: 0 });
    expect(night1.out).toContain('first recorded run');
  });

  it('the problems moved to other lines, and are still found', () => {
    const brief = (out: string) => findingsOf(out).map((r) => `${r.kind} ${r.source}:${r.line} ${r.other_source} ${r.field}`);
    expect(brief(join(dir, 'night2'))).toEqual([
      'invalid kota_singkawang:3  birth_date',
      'missing kemensos_pkh:2 kota_singkawang ',
      'missing kemensos_pkh:5 kota_pontianak ',
      'missing kota_pontianak:3 kemensos_pkh ',
      'out_of_sync kemensos_pkh:8 kota_pontianak name',
    ]);
  });

  it('night 2 shows exactly what is new, still open and resolved, per kind', () => {
    const h = summaryOf(join(dir, 'night2')).history!;
    expect(h.previous).not.toBeNull();
    expect(h.totals).toEqual({ new: 2, open: 3, resolved: 4 });
    const first = summaryOf(join(dir, 'night1')).history!.at;
    expect(h.changes).toEqual({
      // BUDI's impossible birth date: same problem, other line.
      invalid: { new: 0, open: 1, resolved: 0, oldestOpenSince: first },
      // WATI's second row removed.
      duplicate: { new: 0, open: 0, resolved: 2 },
      // RINA (moved) and WATI still missing; one of WATI's two rows gone; DEWI new.
      missing: { new: 1, open: 2, resolved: 1, oldestOpenSince: first },
      // AGUS fixed, SITI's name new.
      out_of_sync: { new: 1, open: 0, resolved: 1 },
    });
  });

  it('the terminal summary and report.html show the comparison', () => {
    expect(night2.out).toMatch(/since the previous run \(\d{4}-\d\d-\d\d \d\d:\d\d\): 2 new · 3 still open · 4 resolved/);
    expect(night2.out).toMatch(/missing\s+new 1 · still open 2 \(oldest since \d{4}-\d\d-\d\d\) · resolved 1/);
    const html = readFileSync(join(dir, 'night2', 'report.html'), 'utf8');
    expect(html).toContain('<table id="history">');
    expect(html).toMatch(/<tr><td>duplicate<\/td><td class="num">0<\/td><td class="num">0<\/td><td><\/td><td class="num">2<\/td><\/tr>/);
    // Each finding's row says whether it is new or since when it is open.
    expect(html).toMatch(/not found in kota_singkawang[^"]*\[new\]/);
    expect(html).toMatch(/not found in kota_pontianak[^"]*\[still open \(\d{4}-\d\d-\d\d\)\]/);
  });

  it('neither the state folder nor the fingerprints file holds a NIK', () => {
    const niks = Object.values(PEOPLE).map((p) => p[0]);
    for (const file of [...filesUnder(join(dir, '.padan')), join(dir, 'night2', 'fingerprints.json')]) {
      const text = readFileSync(file).toString('latin1');
      for (const nik of niks) expect(text).not.toContain(nik);
    }
    expect(statSync(join(dir, '.padan', 'fingerprint.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, '.padan')).mode & 0o777).toBe(0o700);
  });

  it('padan history lists both runs with their counts', async () => {
    const text = await padan(['history', cfg], dir);
    expect(text.code).toBe(0);
    const lines = text.out.trim().split('\n');
    expect(lines[0]).toBe(`runs recorded in ${join(dir, '.padan')}: 2`);
    expect(lines[2]).toMatch(/^\S+ +\d{4}-\d\d-\d\d \d\d:\d\d +7 +1 +2 +3 +1 +- +- +0$/);
    expect(lines[3]).toMatch(/^\S+ +\d{4}-\d\d-\d\d \d\d:\d\d +5 +1 +0 +3 +1 +2 +4 +0$/);
    const json = JSON.parse((await padan(['history', '--state', join(dir, '.padan'), '--format', 'json'], dir)).out);
    expect(json.runs.map((r: { findings: number }) => r.findings)).toEqual([7, 5]);
  });
});

describe('a run killed while it was being recorded', () => {
  it('leaves the history readable; the next night compares with the last complete run', async () => {
    const dir = tmp();
    const cfg = writeNight(dir, NIGHT1);
    await padan(['reconcile', cfg, '--out', join(dir, 'a')], dir);
    writeNight(dir, NIGHT2);
    await padan(['reconcile', cfg, '--out', join(dir, 'b')], dir);
    // Cut night 2's log line in half, as a kill during the append would.
    const log = join(dir, '.padan', 'runs.jsonl');
    const text = readFileSync(log, 'utf8');
    const secondLine = text.split('\n')[1];
    truncateSync(log, text.length - Math.ceil(secondLine.length / 2));

    const listed = await padan(['history', cfg], dir);
    expect(listed.out).toContain(`runs recorded in ${join(dir, '.padan')}: 1`);
    expect(listed.out).toContain('cut short');

    const again = await padan(['reconcile', cfg, '--out', join(dir, 'c')], dir);
    expect(again.code).toBe(0);
    expect(again.out).toContain('cut short');
    // Compared with night 1, which is intact: the same counts night 2 had.
    expect(summaryOf(join(dir, 'c')).history?.totals).toEqual({ new: 2, open: 3, resolved: 4 });
    expect((await padan(['history', cfg, '--format', 'json'], dir)).out).toContain('"tornTail": false');
  });
});

describe('retention', () => {
  it('--keep-runs bounds the history', async () => {
    const dir = tmp();
    const cfg = writeNight(dir, NIGHT1);
    for (let k = 0; k < 4; k++) await padan(['reconcile', cfg, '--out', join(dir, 'out'), '--state', join(dir, 'state'), '--keep-runs', '2'], dir);
    const json = JSON.parse((await padan(['history', '--state', join(dir, 'state'), '--format', 'json'], dir)).out);
    expect(json.runs).toHaveLength(2);
    expect(readdirSync(join(dir, 'state', 'runs'))).toHaveLength(2);
    // Four identical nights: the last compares with the third, everything still open.
    expect(json.runs[1].changes.missing).toMatchObject({ new: 0, open: 3, resolved: 0 });
  });

  it('refuses a retention that is not a whole number, with exit 2', async () => {
    const dir = tmp();
    const cfg = writeNight(dir, NIGHT1);
    const r = await padan(['reconcile', cfg, '--out', join(dir, 'out'), '--keep-runs', 'lots'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe('padan: --keep-runs: expected a whole number of at least 1, got "lots"\n');
  });
});
