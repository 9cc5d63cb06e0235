import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Runs the built CLI as a real process and kills it with SIGKILL at moments spread over the run,
// including the report writing at its end: the previous reports must stay whole every time.
const BIN = 'bin/padan.js';
const REPORTS = ['findings.csv', 'summary.json', 'report.html', 'report.md'];

function runToEnd(config: string, out: string): number {
  const t0 = Date.now();
  execFileSync(process.execPath, [BIN, 'reconcile', config, '--out', out, '--state', mkdtempSync(join(tmpdir(), 'padan-ks-'))], {
    stdio: 'ignore',
    env: { ...process.env, PADAN_CHILD: '1' },
  });
  return Date.now() - t0;
}

function killAfter(config: string, out: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'reconcile', config, '--out', out, '--state', mkdtempSync(join(tmpdir(), 'padan-ks-'))], {
      stdio: 'ignore',
      env: { ...process.env, PADAN_CHILD: '1' },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('reports survive a run killed mid-write', () => {
  let config: string;
  let out: string;
  let baseline: Map<string, Buffer>;
  let runMs: number;

  beforeAll(() => {
    if (!existsSync('dist/cli/main.js')) execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'ignore' });
    const data = mkdtempSync(join(tmpdir(), 'padan-kill-'));
    execFileSync(process.execPath, [BIN, 'generate', '--rows', '30000', '--regencies', '3', '--seed', '5', '--out', data], { stdio: 'ignore' });
    config = join(data, 'padan.config.json');
    out = mkdtempSync(join(tmpdir(), 'padan-kill-out-'));
    runMs = runToEnd(config, out);
    baseline = new Map(REPORTS.map((f) => [f, readFileSync(join(out, f))]));
  }, 120_000);

  it('leaves the previous findings.csv byte-identical and every report parseable after each kill', async () => {
    for (const fraction of [0.3, 0.6, 0.8, 0.9, 0.95, 1.0]) {
      await killAfter(config, out, Math.round(runMs * fraction));
      expect(readFileSync(join(out, 'findings.csv'))).toEqual(baseline.get('findings.csv'));
      expect(() => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).not.toThrow();
      expect(readFileSync(join(out, 'report.html'), 'utf8').trimEnd().endsWith('</html>')).toBe(true);
      expect(readFileSync(join(out, 'report.md'), 'utf8').length).toBeGreaterThan(0);
    }
    // The next complete run clears whatever a killed run had staged.
    runToEnd(config, out);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(readFileSync(join(out, 'findings.csv'))).toEqual(baseline.get('findings.csv'));
  }, 180_000);
});
