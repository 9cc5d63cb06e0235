import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReportFiles } from '../src/report/write.js';

describe('writeReportFiles', () => {
  it('creates files readable by the owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-write-'));
    writeReportFiles(dir, { 'findings.csv': 'a\n', 'summary.json': '{}\n' });
    for (const f of ['findings.csv', 'summary.json']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
  });

  it('leaves the previous reports whole when a write fails part-way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-write-'));
    writeReportFiles(dir, { 'findings.csv': 'old findings\n', 'report.md': 'old report\n' });
    // The second file cannot be staged (its folder does not exist) after the first one was.
    expect(() => writeReportFiles(dir, { 'findings.csv': 'new findings\n', 'missing-dir/report.md': 'new report\n' })).toThrow(/ENOENT/);
    expect(readdirSync(dir).sort()).toEqual(['findings.csv', 'report.md']);
    expect(readFileSync(join(dir, 'findings.csv'), 'utf8')).toBe('old findings\n');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('old report\n');
  });

  it('removes files staged by a run that was killed before renaming them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-write-'));
    writeFileSync(join(dir, 'findings.csv.tmp-999-123'), 'half a fi');
    writeReportFiles(dir, { 'findings.csv': 'x\n' });
    expect(readdirSync(dir).sort()).toEqual(['findings.csv']);
  });
});
