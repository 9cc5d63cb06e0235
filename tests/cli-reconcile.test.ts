import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { FINDINGS_CSV_HEADER } from '../src/report/findings-csv.js';

const EXAMPLE = 'examples/padan.config.json';

async function reconcile(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = memoryIo(env);
  // Each run keeps its history in a fresh folder so test files never share a store.
  const state = args.includes('--state') ? [] : ['--state', mkdtempSync(join(tmpdir(), 'padan-state-'))];
  const code = await main(['node', 'padan', 'reconcile', ...args, ...state], io);
  return { code, out: io.stdout, err: io.stderr };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'padan-rec-'));
}

type Row = Record<(typeof FINDINGS_CSV_HEADER)[number], string>;

function readFindings(dir: string): Row[] {
  return parse(readFileSync(join(dir, 'findings.csv'), 'utf8'), { columns: true }) as Row[];
}

/** Every full 16-digit NIK/KK that occurs in the example rosters. */
function exampleIds(): string[] {
  const ids = new Set<string>();
  for (const f of readdirSync('examples', { recursive: true, encoding: 'utf8' })) {
    if (!/\.(csv|txt)$/.test(f)) continue;
    for (const m of readFileSync(join('examples', f), 'latin1').matchAll(/\b\d{16}\b/g)) ids.add(m[0]);
  }
  return [...ids];
}

describe('padan reconcile on the bundled example', () => {
  let out: string;
  let first: Awaited<ReturnType<typeof reconcile>>;
  beforeAll(async () => {
    out = tmp();
    first = await reconcile([EXAMPLE, '--out', out]);
  });

  it('exits 0 without --fail-on and writes every report, owner-readable only', () => {
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    for (const f of ['findings.csv', 'summary.json', 'report.html', 'report.md']) {
      expect(statSync(join(out, f)).mode & 0o777).toBe(0o600);
    }
  });

  it('finds exactly the planted findings, and nothing else', () => {
    const expected = parse(readFileSync('examples/expected-findings.csv', 'utf8'), { columns: true, comment: '#' }) as Record<string, string>[];
    const key = (r: Record<string, string>) => [r.kind, r.source, r.line, r.other_source, r.other_line, r.field].join(' | ');
    const got = readFindings(out).map(key).sort();
    const want = expected.map(key).sort();
    expect(got).toEqual(want);
  });

  it('writes the contract header and ids in order', () => {
    const text = readFileSync(join(out, 'findings.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe(FINDINGS_CSV_HEADER.join(','));
    const rows = readFindings(out);
    expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => `F${i + 1}`));
  });

  it('accounts for every data line as a record or a rejection', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const s of summary.inputs) expect(s.records + s.rejections).toBe(s.dataLines);
    expect(summary.inputs.every((s: { sha256: string }) => /^[0-9a-f]{64}$/.test(s.sha256))).toBe(true);
  });

  it('is deterministic: a second run gives a byte-identical findings.csv', async () => {
    const again = tmp();
    await reconcile([EXAMPLE, '--out', again]);
    expect(readFileSync(join(again, 'findings.csv'))).toEqual(readFileSync(join(out, 'findings.csv')));
  });

  it('masks every NIK and KK in the terminal and in every report by default', () => {
    const ids = exampleIds();
    expect(ids.length).toBeGreaterThan(20);
    const texts = [first.out, ...['findings.csv', 'summary.json', 'report.html', 'report.md'].map((f) => readFileSync(join(out, f), 'utf8'))];
    for (const text of texts) for (const id of ids) expect(text).not.toContain(id);
  });

  it('writes full values only with --show-nik', async () => {
    const dir = tmp();
    await reconcile([EXAMPLE, '--out', dir, '--show-nik']);
    const text = readFileSync(join(dir, 'findings.csv'), 'utf8');
    expect(exampleIds().some((id) => text.includes(id))).toBe(true);
  });

  it('prints the summary in Indonesian with --lang id', async () => {
    const r = await reconcile([EXAMPLE, '--out', tmp(), '--lang', 'id']);
    expect(r.out).toContain('data ganda');
    expect(r.out).toContain('tidak ditemukan');
  });
});

describe('padan reconcile --xlsx', () => {
  it('writes findings.xlsx with one sheet per kind and masked NIKs as text cells', async () => {
    const dir = tmp();
    await reconcile([EXAMPLE, '--out', dir, '--xlsx']);
    expect(statSync(join(dir, 'findings.xlsx')).mode & 0o777).toBe(0o600);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'findings.xlsx'));
    expect(wb.worksheets.length).toBe(5);
    const csvRows = readFindings(dir);
    const oosKk = csvRows.find((r) => r.kind === 'out_of_sync' && r.field === 'kk')!;
    let seen = false;
    wb.eachSheet((ws) =>
      ws.eachRow((row) => {
        const cells = (row.values as unknown[]).slice(1).map(String);
        if (cells[0] === oosKk.id) {
          seen = true;
          expect(cells).toContain(oosKk.value);
          expect(oosKk.value).toMatch(/^\d{4}\*{8}\d{4}$/);
          row.eachCell((c) => expect(typeof c.value === 'string' || c.value === null).toBe(true));
        }
      }),
    );
    expect(seen).toBe(true);
  });
});

describe('padan reconcile exit codes', () => {
  it('exits 1 when findings of a --fail-on kind exist', async () => {
    const r = await reconcile([EXAMPLE, '--out', tmp(), '--fail-on', 'duplicate,missing']);
    expect(r.code).toBe(1);
  });

  it('exits 2 with one line for an unknown --fail-on kind', async () => {
    const r = await reconcile([EXAMPLE, '--out', tmp(), '--fail-on', 'duplicates']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^padan: --fail-on: "duplicates" is not a finding kind/);
  });

  it('exits 2 naming the file when the config does not exist', async () => {
    const r = await reconcile(['no/such/padan.config.json', '--out', tmp()]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no/such/padan.config.json');
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits 2 when --out is missing', async () => {
    const r = await reconcile([EXAMPLE]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out/);
  });

  it('--format json prints the summary as JSON', async () => {
    const r = await reconcile([EXAMPLE, '--out', tmp(), '--format', 'json']);
    const s = JSON.parse(r.out);
    expect(Object.keys(s.byKind)).toEqual(['invalid', 'duplicate', 'missing', 'out_of_sync']);
  });
});

describe('padan explain', () => {
  it('shows both records and the per-field contributions of an out_of_sync finding', async () => {
    const dir = tmp();
    await reconcile([EXAMPLE, '--out', dir]);
    const row = readFindings(dir).find((r) => r.kind === 'out_of_sync' && r.other_line !== '');
    expect(row).toBeDefined();
    const io = memoryIo();
    const code = await main(['node', 'padan', 'explain', dir, row!.id], io);
    expect(code).toBe(0);
    expect(io.stdout).toContain(`${row!.source}:${row!.line}`);
    expect(io.stdout).toContain(`${row!.other_source}:${row!.other_line}`);
    expect(io.stdout).toMatch(/match probability \d\.\d{4}/);
    for (const id of exampleIds()) expect(io.stdout).not.toContain(id);
  });

  it('exits 2 for an unknown finding id', async () => {
    const dir = tmp();
    await reconcile([EXAMPLE, '--out', dir]);
    const io = memoryIo();
    expect(await main(['node', 'padan', 'explain', dir, 'F99999'], io)).toBe(2);
    expect(io.stderr).toContain('F99999');
  });
});

describe('report.html', () => {
  it('is self-contained: no external URL is loaded', async () => {
    const dir = tmp();
    await reconcile([EXAMPLE, '--out', dir]);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    // the data the table is built from is inline, not fetched
    expect(html).toContain('<script id="data" type="application/json">');
  });
});
