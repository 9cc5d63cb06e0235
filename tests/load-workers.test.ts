import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdState, Sex, Status } from '../src/domain/fields.js';
import { emptyRow, readRow, RecordTableBuilder, type RecordTable, type RowValues } from '../src/domain/table.js';
import type { ResolvedConfig } from '../src/config/schema.js';
import type { LoadOptions, LoadResult } from '../src/load/index.js';
import { buildPadanPackage } from './ci-build.js';
import { generateInMemory } from './generate-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'padan-load-workers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every column of a table as plain values, record ids included. */
function plain(t: RecordTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) out[k] = ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v;
  out.recordId = Array.from({ length: t.size }, (_, i) => t.recordId.get(i));
  return out;
}

function row(over: Partial<RowValues>): RowValues {
  return { ...emptyRow(), nikState: IdState.Ok, sex: Sex.Female, status: Status.Active, ...over };
}

describe('RecordTableBuilder.append', () => {
  it('gives the table that pushing the same rows one by one gives (ids in order of first appearance)', () => {
    const first = [
      row({ source: 0, line: 2, name: 'SITI AMINAH', address: 'JL. MAWAR 3', region: '6171010001', program: 'PKH', recordId: 'PKH-0001' }),
      row({ source: 0, line: 3, name: 'AHMAD FAUZI', address: 'JL. MAWAR 3', region: '6171010002', program: 'PKH', recordId: '' }),
    ];
    const second = [
      // dictionary order of this part differs from the first's: BUDI before SITI
      row({ source: 1, line: 2, name: 'BUDI SANTOSO', address: 'DUSUN II RT 01', region: '6171010002', program: 'BPNT', nikState: IdState.Malformed, nikRaw: '617101', recordId: 'BDT-77' }),
      row({ source: 1, line: 4, name: 'SITI AMINAH', address: '', region: '6171010001', program: 'PKH', kkState: IdState.Malformed, kkRaw: '6171', recordId: 'BDT-78' }),
      row({ source: 1, line: 5, name: '', address: 'JL. MAWAR 3', region: '', program: '', recordId: 'BDT-79' }),
    ];
    const pushed = new RecordTableBuilder(4);
    for (const r of [...first, ...second]) pushed.push(r);

    const part = new RecordTableBuilder(4);
    for (const r of second) part.push(r);
    const appended = new RecordTableBuilder(4);
    for (const r of first) appended.push(r);
    appended.append(part.finish());
    appended.push(row({ source: 2, line: 9, name: 'AHMAD FAUZI', recordId: 'after' }));
    pushed.push(row({ source: 2, line: 9, name: 'AHMAD FAUZI', recordId: 'after' }));

    const want = pushed.finish();
    const got = appended.finish();
    expect(plain(got)).toEqual(plain(want));
    expect(got.names).toEqual(['', 'SITI AMINAH', 'AHMAD FAUZI', 'BUDI SANTOSO']);
    expect(readRow(got, 2)).toMatchObject({ nikRaw: '617101', recordId: 'BDT-77', program: 'BPNT' });
    expect(readRow(got, 3)).toMatchObject({ kkRaw: '6171', name: 'SITI AMINAH' });
  });

  it('keeps record ids across text chunks and appended tables', () => {
    const a = new RecordTableBuilder();
    const b = new RecordTableBuilder();
    const r = emptyRow();
    const n = 70_000; // more rows than one chunk of the record id text holds
    for (let i = 0; i < n; i++) {
      r.recordId = i % 7 === 0 ? '' : `DTKS-${i}-${'X'.repeat(i % 20)}`;
      (i < 40_000 ? a : b).push(r);
    }
    a.append(b.finish());
    const t = a.finish();
    expect(t.size).toBe(n);
    for (const i of [0, 1, 6, 7, 39_999, 40_000, 65_535, 65_536, 69_999, 12_345, 3]) {
      expect(t.recordId.get(i)).toBe(i % 7 === 0 ? '' : `DTKS-${i}-${'X'.repeat(i % 20)}`);
    }
  });
});

/**
 * The worker path runs the compiled worker, so these tests load a transpiled copy of the package
 * (under vitest the sources are .ts and loadSources stays on the main thread).
 */
describe('loadSources on worker threads', () => {
  let loadSources: (config: ResolvedConfig, opts?: LoadOptions) => Promise<LoadResult>;
  let readConfig: (path: string) => ResolvedConfig;
  let loadWorkerUrl: () => URL | null;
  let configPath: string;

  beforeAll(async () => {
    const pkg = buildPadanPackage(join(tmp, 'pkg'));
    ({ loadSources } = (await import(join(pkg.root, 'dist/load/index.js'))) as typeof import('../src/load/index.js'));
    ({ readConfig } = (await import(join(pkg.root, 'dist/config/read.js'))) as typeof import('../src/config/read.js'));
    ({ loadWorkerUrl } = (await import(join(pkg.root, 'dist/load/pool.js'))) as typeof import('../src/load/pool.js'));

    const data = join(tmp, 'data');
    for (const [rel, bytes] of generateInMemory({ seed: 7, people: 6000, regencies: 3 })) {
      mkdirSync(join(data, rel, '..'), { recursive: true });
      writeFileSync(join(data, rel), bytes);
    }
    configPath = join(data, 'padan.config.json');
    // Rows that must come out the same from a worker: a ragged row, a quoted field over two lines,
    // a birth date that is no date (a field finding with the record's index), a stray quote.
    const config = readConfig(configPath);
    const target = config.sources[1].absPath;
    const text = readFileSync(target, 'utf8');
    const [header, sample] = text.split(/\r?\n/);
    const delim = ['|', ';', '\t', ','].find((d) => header.includes(d))!;
    const cells = sample.split(delim);
    const birth = header.split(delim).findIndex((h) => /LAHIR/i.test(h));
    const bad = [...cells];
    if (birth >= 0) bad[birth] = '31-02-1990';
    const quoted = [...cells];
    quoted[quoted.length - 1] = '"BARIS\nKEDUA"';
    writeFileSync(target, `${text.trimEnd()}\n${cells.slice(0, 2).join(delim)}\n${bad.join(delim)}\n${quoted.join(delim)}\n${cells.join(delim)}\n`);
  });

  it('loads exactly what the main thread loads: rows, ids, dictionaries, findings, accounting', async () => {
    const config = readConfig(configPath);
    expect(config.sources.length).toBeGreaterThan(2);
    // without a compiled worker, threads: 2 falls back to the main thread and proves nothing
    expect(loadWorkerUrl()).not.toBeNull();
    const alone = await loadSources(config, { threads: 0 });
    const progress: { source: string; bytesRead: number; bytesTotal: number; rows: number }[] = [];
    const workers = await loadSources(config, { threads: 2, onProgress: (p) => progress.push(p) });

    expect(alone.rejections.map((f) => f.code)).toContain('row.ragged');
    expect(alone.fieldFindings.some((f) => f.field === 'birth_date' && f.index !== undefined && f.index > 0)).toBe(true);
    expect(plain(workers.table)).toEqual(plain(alone.table));
    expect(workers.rejections).toEqual(alone.rejections);
    expect(workers.fieldFindings).toEqual(alone.fieldFindings);
    expect(workers.accounting).toEqual(alone.accounting);
    expect(workers.sourceNotes).toEqual(alone.sourceNotes);

    // progress came from the workers, and every source got to its end
    for (const s of config.sources) {
      const last = progress.filter((p) => p.source === s.name).at(-1);
      expect(last?.bytesRead).toBe(last?.bytesTotal);
      expect(last?.rows).toBe(alone.accounting[s.index].dataLines);
    }
  });

  it('fails with the error of the first failing source in source order, as one thread would', async () => {
    const config = readConfig(configPath);
    const broken = join(tmp, 'broken.csv');
    writeFileSync(broken, 'NAMA_KABUPATEN;TAHUN\nSANGGAU;2024\n');
    const sources = config.sources.map((s, index) => {
      if (index === 1) return { ...s, path: 'broken.csv', absPath: broken };
      if (index === 2) return { ...s, path: 'missing.csv', absPath: join(tmp, 'missing.csv') };
      return s;
    });
    const failing = { ...config, sources };
    const alone = await loadSources(failing, { threads: 0 }).catch((e: Error) => e);
    const workers = await loadSources(failing, { threads: 2 }).catch((e: Error) => e);
    expect(alone).toBeInstanceOf(Error);
    expect((alone as Error).name).toBe('PadanError');
    expect((alone as Error).message).toContain('broken.csv');
    expect((workers as Error).name).toBe('PadanError');
    expect((workers as Error).message).toBe((alone as Error).message);
    expect((workers as Error & { details: string[] }).details).toEqual((alone as Error & { details: string[] }).details);
  });
});
