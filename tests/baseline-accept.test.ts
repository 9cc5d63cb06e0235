import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAcceptances,
  AcceptState,
  emptyBaseline,
  evaluateBaseline,
  parseBaseline,
  serialiseBaseline,
  type Acceptance,
} from '../src/baseline/baseline.js';
import type { RunSummary } from '../src/report/summary.js';
import { NIGHT1, NIGHT2, padan, PEOPLE, writeNight } from './history-fixture.js';

const FP = (c: string) => c.repeat(22);
function entry(fp: string, over: Partial<Acceptance> = {}): Acceptance {
  return { fingerprint: fp, kind: 'missing', code: 'missing.from_source', source: 'kota_pontianak', reason: 'pindah domisili', by: 'budi', at: '2026-11-23', ...over };
}

describe('baseline file', () => {
  it('serialises with a fixed key order, sorted, one entry per line, and parses back', () => {
    const b = addAcceptances(emptyBaseline('844d1e26'), [
      entry(FP('b'), { source: 'kota_singkawang', until: '2026-12-31', seenAt: 'kota_singkawang:4' }),
      entry(FP('a'), { kind: 'duplicate', code: 'duplicate.within_source', program: 'PKH' }),
      entry(FP('c')),
    ]);
    const text = serialiseBaseline(b);
    expect(text).toBe(
      '{\n' +
        '  "padanBaseline": 1,\n' +
        '  "keyId": "844d1e26",\n' +
        '  "accepted": [\n' +
        `    {"fingerprint":"${FP('a')}","kind":"duplicate","code":"duplicate.within_source","source":"kota_pontianak","program":"PKH","reason":"pindah domisili","by":"budi","at":"2026-11-23"},\n` +
        `    {"fingerprint":"${FP('c')}","kind":"missing","code":"missing.from_source","source":"kota_pontianak","reason":"pindah domisili","by":"budi","at":"2026-11-23"},\n` +
        `    {"fingerprint":"${FP('b')}","kind":"missing","code":"missing.from_source","source":"kota_singkawang","seenAt":"kota_singkawang:4","reason":"pindah domisili","by":"budi","at":"2026-11-23","until":"2026-12-31"}\n` +
        '  ]\n' +
        '}\n',
    );
    expect(parseBaseline(text, 'padan.baseline.json')).toEqual(b);
  });

  it('accepting the same fingerprint again replaces the entry', () => {
    const b = addAcceptances(addAcceptances(emptyBaseline('k'), [entry(FP('a'))]), [entry(FP('a'), { reason: 'sudah diverifikasi', until: '2027-01-31' })]);
    expect(b.accepted).toHaveLength(1);
    expect(b.accepted[0]).toMatchObject({ reason: 'sudah diverifikasi', until: '2027-01-31' });
  });

  it('a hand-edited file with mistakes is refused with every problem and its path', () => {
    const bad = JSON.stringify({ padanBaseline: 1, keyId: 'k', accepted: [{ ...entry('short'), until: '2026-02-30', reason: ' ' }] });
    try {
      parseBaseline(bad, 'padan.baseline.json');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe('padan.baseline.json: invalid baseline (3 problems)');
      expect((e as { details: string[] }).details).toEqual([
        'accepted[0].fingerprint: expected a 22-character fingerprint',
        'accepted[0].reason: a reason is required',
        'accepted[0].until: not a calendar date',
      ]);
    }
    expect(() => parseBaseline('{"padanBaseline": 1,', 'b.json')).toThrow(/^b\.json: not valid JSON/);
  });
});

describe('applying a baseline', () => {
  const b = addAcceptances(emptyBaseline('k1'), [entry(FP('a')), entry(FP('b'), { until: '2026-11-30' }), entry(FP('c'))]);

  it('accepts until the last day inclusive, then the finding fails again', () => {
    const fps = [FP('a'), FP('b'), FP('x'), FP('a')];
    const onLastDay = evaluateBaseline(b, fps, '2026-11-30', 'k1');
    expect([...onLastDay.state]).toEqual([AcceptState.Accepted, AcceptState.Accepted, AcceptState.None, AcceptState.Accepted]);
    const dayAfter = evaluateBaseline(b, fps, '2026-12-01', 'k1');
    expect([...dayAfter.state]).toEqual([AcceptState.Accepted, AcceptState.Expired, AcceptState.None, AcceptState.Accepted]);
    expect(dayAfter).toMatchObject({ accepted: 2, expired: 1 });
  });

  it('reports acceptances whose finding is gone as stale', () => {
    expect(evaluateBaseline(b, [FP('a')], '2026-11-23', 'k1').stale.map((e) => e.fingerprint)).toEqual([FP('b'), FP('c')]);
  });

  it('applies nothing, and says so, when the fingerprints were made with another key', () => {
    const ev = evaluateBaseline(b, [FP('a')], '2026-11-23', 'other');
    expect(ev).toMatchObject({ keyMismatch: true, accepted: 0, stale: [] });
  });
});

describe('padan accept, end to end', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  let dir = '';
  let cfg = '';
  const baselinePath = () => join(dir, 'padan.baseline.json');
  const summary = (out: string) => JSON.parse(readFileSync(join(dir, out, 'summary.json'), 'utf8')) as RunSummary;
  const reconcile = (out: string, ...more: string[]) => padan(['reconcile', cfg, '--out', join(dir, out), '--fail-on', 'missing', ...more], dir);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'padan-accept-'));
    dirs.push(dir);
    cfg = writeNight(dir, NIGHT1);
    await padan(['reconcile', cfg, '--out', join(dir, 'night1')], dir);
    writeNight(dir, NIGHT2);
  });

  it('fails --fail-on missing before anything is accepted', async () => {
    const r = await reconcile('before');
    expect(r.code).toBe(1);
  });

  it('accepted findings are still listed, marked, and no longer fail', async () => {
    // Night 2's three missing findings: F2 DEWI (Singkawang), F3 RINA (Pontianak), F4 WATI (central).
    const acc = await padan(['accept', join(dir, 'before'), 'F2', 'F3', 'F4', '--reason', 'pindah domisili, surat pindah sudah diverifikasi', '--until', '2099-12-31'], dir);
    expect(acc.err).toBe('');
    expect(acc.code).toBe(0);
    expect(acc.out).toContain('accepted F2, F3, F4 in padan.baseline.json until 2099-12-31');
    const text = readFileSync(baselinePath(), 'utf8');
    expect(text.split('\n')).toHaveLength(10); // 3 entries, one line each
    expect(text).toContain('"by":"budi.dinsos"');
    expect(text).toContain('"seenAt":"kemensos_pkh:2"');
    for (const p of Object.values(PEOPLE)) {
      expect(text).not.toContain(p[0]);
      expect(text).not.toContain(p[1]);
    }
    expect(statSync(baselinePath()).mode & 0o777).toBe(0o644);

    const r = await reconcile('accepted', '--format', 'github');
    expect(r.code).toBe(0);
    expect(summary('accepted').baseline).toMatchObject({ entries: 3, accepted: 3, expired: 0, stale: [], keyMismatch: false });
    expect(summary('accepted').byKind.missing).toBe(3);
    expect(r.out).toMatch(/^::notice file=rosters\/kota_pontianak\.csv,line=3,title=missing\.from_source::F4: .*\(accepted: pindah domisili, surat pindah sudah diverifikasi\)$/m);
    expect(r.out).toMatch(/Accepted findings: 3 accepted/);
    const html = readFileSync(join(dir, 'accepted', 'report.html'), 'utf8');
    expect(html).toContain('[accepted: pindah domisili, surat pindah sudah diverifikasi; still open');
  });

  it('an expired acceptance fails again', async () => {
    const b = parseBaseline(readFileSync(baselinePath(), 'utf8'), 'b');
    const wati = b.accepted.find((e) => e.seenAt === 'kota_pontianak:3')!;
    writeFileSync(baselinePath(), serialiseBaseline(addAcceptances(b, [{ ...wati, until: '2026-01-31' }])));
    const r = await reconcile('expired', '--junit', join(dir, 'expired', 'junit.xml'));
    expect(r.code).toBe(1);
    expect(summary('expired').baseline).toMatchObject({ accepted: 2, expired: 1 });
    expect(r.out).toMatch(/1 acceptance expired \(failing again\)/);
    const junit = readFileSync(join(dir, 'expired', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase classname="padan.reconcile" name="kota_pontianak" file="rosters\/kota_pontianak.csv">\n {6}<failure type="missing" message="missing 1 \(--fail-on\)">missing 1:\n {2}F4 kota_pontianak:3 ~ kemensos_pkh missing.from_source: .* \(acceptance expired 2026-01-31\)\n<\/failure>/);
  });

  it('an acceptance whose finding disappeared is reported as stale', async () => {
    // The city adds RINA: her missing finding is resolved, so its acceptance is stale.
    writeNight(dir, { ...NIGHT2, kota: [...NIGHT2.kota, 'rina'] });
    const r = await reconcile('stale');
    const s = summary('stale').baseline!;
    expect(s.stale).toEqual([{ fingerprint: expect.stringMatching(/^[\w-]{22}$/), kind: 'missing', code: 'missing.from_source', source: 'kemensos_pkh', seenAt: 'kemensos_pkh:5' }]);
    expect(r.out).toContain(`stale acceptance (finding gone): remove it from ${baselinePath()}`);
    writeNight(dir, NIGHT2);
  });

  it('refuses unknown ids, past dates and an empty reason with exit 2', async () => {
    const base = ['accept', join(dir, 'before')];
    expect(await padan([...base, 'F99', '--reason', 'x'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('F99: no such finding') });
    expect(await padan([...base, 'F2', '--reason', 'x', '--until', '2020-01-01'], dir)).toMatchObject({ code: 2, err: 'padan: --until: 2020-01-01 is already past\n' });
    expect(await padan([...base, 'F2', '--reason', 'x', '--until', '31-12-2099'], dir)).toMatchObject({ code: 2 });
    expect(await padan([...base, 'F2', '--reason', '  '], dir)).toMatchObject({ code: 2 });
    expect((await padan([...base, 'F2'], dir)).code).toBe(2);
    expect(await padan(['accept', join(dir, 'nowhere'), 'F1', '--reason', 'x'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('run padan reconcile --out') });
  });

  it('a baseline made with another fingerprint key is not applied, and the run says why', async () => {
    const r = await reconcile('otherkey', '--state', join(dir, 'other-state'));
    expect(r.code).toBe(1);
    expect(summary('otherkey').baseline?.keyMismatch).toBe(true);
    expect(r.out).toMatch(/written with fingerprint key \w+, this run uses \w+; no acceptance applies/);
    // The same key through the environment (as CI would get it) applies the baseline again.
    const key = readFileSync(join(dir, '.padan', 'fingerprint.key'), 'utf8').trim();
    const ci = await padan(['reconcile', cfg, '--out', join(dir, 'ci'), '--state', join(dir, 'ci-state'), '--fail-on', 'invalid'], dir, { PADAN_FINGERPRINT_KEY: key });
    expect(JSON.parse(readFileSync(join(dir, 'ci', 'summary.json'), 'utf8')).baseline).toMatchObject({ keyMismatch: false, accepted: 2, expired: 1 });
    expect(ci.code).toBe(1);
  });
});
