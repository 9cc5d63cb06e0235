import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The pure core never touches the file system or the process: I/O lives in config/read, load,
// report/write and cli (../shared/style.md). This scan keeps it that way.
const PURE = ['src/domain', 'src/match', 'src/reconcile', 'src/validate', 'src/messages', 'src/generate'];
const PURE_FILES_IN_REPORT = (f: string) => f !== 'write.ts';
// node:stream is only an in-memory buffer for exceljs here, not I/O.
const ALLOWED = new Set(['node:stream']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

function nodeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from\s+'(node:[a-z_/]+)'/g)].map((m) => m[1]).filter((m) => !ALLOWED.has(m));
}

describe('architecture', () => {
  it('keeps domain, match, reconcile, validate, messages and generate free of node: I/O imports', () => {
    const offenders = PURE.flatMap(tsFiles).filter((f) => nodeImports(f).length > 0);
    expect(offenders).toEqual([]);
  });

  it('keeps report renderers pure (only report/write.ts writes files)', () => {
    const offenders = readdirSync('src/report')
      .filter((f) => f.endsWith('.ts') && PURE_FILES_IN_REPORT(f))
      .filter((f) => nodeImports(join('src/report', f)).length > 0);
    expect(offenders).toEqual([]);
  });

  it('lets only the CLI touch process.exit', () => {
    const all = tsFiles('src').filter((f) => /process\.exit\(/.test(readFileSync(f, 'utf8')));
    expect(all).toEqual([]);
  });
});
