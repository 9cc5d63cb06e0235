import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';

describe('padan validate --junit', () => {
  it('writes well-formed JUnit XML with one test case per roster, failing where errors are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-junit-'));
    const file = join(dir, 'ci', 'junit.xml');
    const io = memoryIo();
    const code = await main(['node', 'padan', 'validate', 'fixtures/validate/padan.config.json', '--junit', file], io);
    expect(code).toBe(1);
    const xml = readFileSync(file, 'utf8');
    new SaxesParser().write(xml).close();
    const cases = [...xml.matchAll(/<testcase [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    const config = JSON.parse(readFileSync('fixtures/validate/padan.config.json', 'utf8')) as { sources: { name: string }[] };
    expect(cases.length).toBe(config.sources.length);
    expect(xml).toMatch(/<failure /);
    expect(xml).not.toMatch(/\b\d{16}\b/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('exits 2 naming the file when the JUnit file cannot be written', async () => {
    // A folder that is really a file: the write must fail with a one-line reason.
    const dir = mkdtempSync(join(tmpdir(), 'padan-junit-'));
    writeFileSync(join(dir, 'not-a-folder'), '');
    const target = join(dir, 'not-a-folder', 'junit.xml');
    const io = memoryIo();
    const code = await main(['node', 'padan', 'validate', 'fixtures/validate/padan.config.json', '--junit', target], io);
    expect(code).toBe(2);
    expect(io.stderr).toContain(`--junit ${target}: cannot write`);
  });
});
