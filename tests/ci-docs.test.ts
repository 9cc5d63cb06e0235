import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPadanPackage } from './ci-build.js';
import { NIGHT1, NIGHT2, PEOPLE, writeNight } from './history-fixture.js';

// The commands the docs tell people to run, run here as far as this machine allows: the CI check
// script the GitHub workflow calls, the nightly script the systemd unit and cron line call, and
// the units themselves through systemd-analyze where it exists.

const CHECK = resolve('docs/ci/padan-check.sh');
const NIGHTLY = resolve('docs/nightly/padan-nightly.sh');
const WORKFLOW = readFileSync('docs/github-actions/padan-rosters.yml', 'utf8');

let tmp = '';
let padanCmd = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'padan-docs-'));
  padanCmd = buildPadanPackage(join(tmp, 'pkg')).command;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(script: string, cwd: string, env: Record<string, string>) {
  const r = spawnSync('bash', [script], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp, TMPDIR: tmp, ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Variables a script reads: its documented PADAN_* settings. */
function settingsOf(script: string): Set<string> {
  return new Set([...readFileSync(script, 'utf8').matchAll(/\$\{(PADAN_[A-Z_]+|PADAN)[:}]/g)].map((m) => m[1]));
}

describe('docs/ci/padan-check.sh (the GitHub workflow step)', () => {
  it('the workflow calls this script and sets only settings it reads', () => {
    expect(WORKFLOW).toMatch(/^\s+run: bash \.padan-tool\/docs\/ci\/padan-check\.sh$/m);
    const envBlock = WORKFLOW.slice(WORKFLOW.indexOf('- name: Check rosters'), WORKFLOW.indexOf('run: bash .padan-tool'));
    const set = [...envBlock.matchAll(/^\s+(PADAN\w*):/gm)].map((m) => m[1]);
    expect(set).toEqual(['PADAN', 'PADAN_CONFIG', 'PADAN_OUT', 'PADAN_FAIL_ON', 'PADAN_FORMAT', 'PADAN_FINGERPRINT_KEY']);
    const reads = settingsOf(CHECK);
    for (const v of set.filter((v) => v !== 'PADAN_FINGERPRINT_KEY')) expect(reads).toContain(v);
    // The report folder it uploads is the one the script writes.
    expect(WORKFLOW).toMatch(/path: padan-report\//);
  });

  it('fails a pull request with an invalid row, annotating the file and line; passes once it is accepted', () => {
    const repo = join(tmp, 'roster-repo');
    writeNight(repo, NIGHT2);
    const key = randomBytes(32).toString('hex');
    const env = { PADAN: padanCmd, PADAN_FORMAT: 'github', PADAN_FINGERPRINT_KEY: key, RUNNER_TEMP: tmp };

    const first = run(CHECK, repo, env);
    expect(first.err).toBe('');
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/^::error file=rosters\/kota_singkawang\.csv,line=3,title=birth_date\.[a-z_]+::F1: /m);
    expect(first.out).toMatch(/^::warning file=rosters\/kemensos_pkh\.csv,line=2,title=missing\.from_source::/m);
    expect(first.out).toMatch(/^::notice title=padan summary::padan: 5 findings/m);
    for (const p of Object.values(PEOPLE)) expect(first.out).not.toContain(p[0]);
    // validate's per-file accounting is in the log, JUnit and the reports in the artifact folder.
    expect(first.out).toContain('kota_singkawang  rosters/kota_singkawang.csv');
    for (const f of ['findings.csv', 'summary.json', 'report.html', 'junit.xml', 'fingerprints.json', 'validate/findings.csv']) {
      expect(existsSync(join(repo, 'padan-report', f))).toBe(true);
    }
    const junit = readFileSync(join(repo, 'padan-report', 'junit.xml'), 'utf8');
    new SaxesParser().write(junit).close();
    expect(junit).toContain('<failure type="invalid" message="invalid 1 (--fail-on)">');
    // No state left in the checkout or the artifact: a throwaway folder, removed.
    expect(existsSync(join(repo, '.padan'))).toBe(false);

    // An officer accepts the row (with the same key the CI secret holds) and commits the baseline.
    execFileSync(process.execPath, [padanCmd.split(' ')[1], 'accept', join(repo, 'padan-report'), 'F1', '--reason', 'tanggal lahir dari KTP, menunggu perbaikan Dukcapil'], {
      cwd: repo,
      env: { ...process.env, USER: 'ci-test' },
    });
    const second = run(CHECK, repo, env);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/^::notice file=rosters\/kota_singkawang\.csv,line=3,.*\(accepted: tanggal lahir dari KTP/m);

    // Without the key (a pull request from a fork gets no secrets) the acceptance cannot apply.
    const fork = run(CHECK, repo, { ...env, PADAN_FINGERPRINT_KEY: '' });
    expect(fork.code).toBe(1);
    expect(fork.out).toContain('no acceptance applies');
  });

  it('stops with exit 2 when the config cannot be read', () => {
    const repo = join(tmp, 'broken-repo');
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(repo, 'padan.config.json'), '{"province": "61", "sources": []}');
    const r = run(CHECK, repo, { PADAN: padanCmd, PADAN_FORMAT: 'text' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^padan: .*padan\.config\.json: invalid config/m);
    expect(existsSync(join(repo, 'padan-report', 'summary.json'))).toBe(false);
  });
});

describe('docs/nightly (systemd timer and cron)', () => {
  it('two nights: dated report folders, a latest link, the history, old folders removed', () => {
    const site = join(tmp, 'site');
    const cfg = writeNight(join(site, 'config'), NIGHT1);
    const env = {
      PADAN: padanCmd,
      PADAN_CONFIG: cfg,
      PADAN_REPORTS: join(site, 'reports'),
      PADAN_STATE: join(site, 'state'),
      PADAN_KEEP_REPORT_DAYS: '30',
    };
    // A report folder from long ago: personal data past its keeping time.
    mkdirSync(join(site, 'reports', '2026-09-01'), { recursive: true });
    const old = new Date('2026-09-01T19:00:00Z');
    utimesSync(join(site, 'reports', '2026-09-01'), old, old);

    const n1 = run(NIGHTLY, site, { ...env, PADAN_DAY: '2026-11-22' });
    expect(n1.err).toBe('');
    expect(n1.code).toBe(0);
    writeNight(join(site, 'config'), NIGHT2);
    const n2 = run(NIGHTLY, site, { ...env, PADAN_DAY: '2026-11-23', PADAN_FAIL_ON: 'duplicate' });
    expect(n2.code).toBe(0);
    expect(n2.out).toMatch(/2 new · 3 still open · 4 resolved/);
    expect(readlinkSync(join(site, 'reports', 'latest'))).toBe('2026-11-23');
    expect(JSON.parse(readFileSync(join(site, 'reports', 'latest', 'summary.json'), 'utf8')).history.totals).toEqual({ new: 2, open: 3, resolved: 4 });
    expect(existsSync(join(site, 'reports', '2026-09-01'))).toBe(false);
    expect(existsSync(join(site, 'reports', '2026-11-22', 'report.html'))).toBe(true);

    // PADAN_FAIL_ON makes the unit fail (for OnFailure= alerts): night 2 has an invalid row.
    const n3 = run(NIGHTLY, site, { ...env, PADAN_DAY: '2026-11-24', PADAN_FAIL_ON: 'invalid' });
    expect(n3.code).toBe(1);
    const history = spawnSync(process.execPath, [padanCmd.split(' ')[1], 'history', '--state', join(site, 'state'), '--format', 'json'], { encoding: 'utf8' });
    expect(JSON.parse(history.stdout).runs).toHaveLength(3);
  });

  it('the service and cron line call the nightly script with settings it reads', () => {
    const reads = settingsOf(NIGHTLY);
    const service = readFileSync('docs/nightly/padan-nightly.service', 'utf8');
    const cron = readFileSync('docs/nightly/padan-nightly.cron', 'utf8');
    const serviceVars = [...service.matchAll(/^Environment="?(PADAN\w*)=/gm)].map((m) => m[1]);
    const cronVars = [...cron.matchAll(/^(PADAN\w*)=/gm)].map((m) => m[1]);
    expect(serviceVars.length).toBeGreaterThan(3);
    for (const v of [...serviceVars, ...cronVars].filter((v) => v !== 'PADAN_LANG')) expect(reads).toContain(v);
    expect(service).toMatch(/^ExecStart=\/opt\/padan\/docs\/nightly\/padan-nightly\.sh$/m);
    // minute hour day month weekday user command
    expect(cron).toMatch(/^30 1 \* \* \* padan \/opt\/padan\/docs\/nightly\/padan-nightly\.sh /m);
  });

  const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  it.skipIf(!analyze)('systemd-analyze accepts both units (ExecStart pointed at this checkout)', () => {
    const units = join(tmp, 'units');
    mkdirSync(units, { recursive: true });
    cpSync('docs/nightly/padan-nightly.timer', join(units, 'padan-nightly.timer'));
    writeFileSync(
      join(units, 'padan-nightly.service'),
      readFileSync('docs/nightly/padan-nightly.service', 'utf8').replace('/opt/padan/docs/nightly/padan-nightly.sh', NIGHTLY),
    );
    const r = spawnSync('systemd-analyze', ['verify', join(units, 'padan-nightly.service'), join(units, 'padan-nightly.timer')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const cal = spawnSync('systemd-analyze', ['calendar', '*-*-* 01:30:00'], { encoding: 'utf8' });
    expect(cal.stdout).toContain('Normalized form: *-*-* 01:30:00');
  });
});
