import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AcceptState, type BaselineEvaluation } from '../src/baseline/baseline.js';
import type { ResolvedSource } from '../src/config/schema.js';
import { PadanError } from '../src/domain/errors.js';
import type { Finding, FindingKind } from '../src/domain/finding.js';
import type { RunDiff } from '../src/history/diff.js';
import { renderFingerprintIndex, type FingerprintIndexEntry } from '../src/history/nightly.js';
import { hashInputs } from '../src/cli/input-hash.js';
import { renderHtmlReport, shownFindings } from '../src/report/html.js';
import { numberFindings, type NumberedFinding } from '../src/report/order.js';
import type { RecordView } from '../src/report/record-view.js';
import { countFindings } from '../src/report/summary.js';
import { ReportStage } from '../src/report/write.js';

// The report writers stream what they used to build as one string; these tests hold the streamed
// text to what JSON.stringify (or the old string renderers) gave, on awkward values.

const NASTY = ['kab_6171', 'kota "Pontianak"', 'dinsos\u2028prov', '</script>', 'Kab. Sambas, Kalbar', 'Ñusa 日本'];

function findings(n: number): NumberedFinding[] {
  const kinds: FindingKind[] = ['invalid', 'duplicate', 'missing', 'out_of_sync'];
  const raw: Finding[] = [];
  for (let k = 0; k < n; k++) {
    const f: Finding = { kind: kinds[k % 4], code: `code.${k % 3}`, severity: k % 2 ? 'error' : 'warning', source: NASTY[k % NASTY.length], line: k + 2, recordId: '', index: k };
    if (k % 3 === 0) f.other = { source: NASTY[(k + 1) % NASTY.length], line: k % 5, recordId: 'R-1', index: k + 1000 };
    if (k % 4 !== 1) f.program = k % 8 === 0 ? 'PKH' : 'BPNT "sembako"';
    if (k % 5 === 0) f.field = 'name';
    if (k % 7 === 0) f.value = 'SITI <AMINAH>';
    raw.push(f);
  }
  return numberFindings(raw);
}

describe('fingerprints.json', () => {
  it('is the text JSON.stringify gives for each entry, absent values left out', () => {
    const fs = findings(60);
    const fps = fs.map((_, k) => (k === 3 ? 'not base64 "quoted"' : createHash('sha256').update(String(k)).digest('base64url').slice(0, 22)));
    const diff = { firstSeen: fs.map((_, k) => (k % 2 ? '2026-11-22T19:00:00.000Z' : '2026-11-23T19:00:00.000Z')), isNew: Uint8Array.from(fs, (_, k) => k % 2) } as RunDiff;
    const ev = { state: Uint8Array.from(fs, (_, k) => (k % 9 === 0 ? AcceptState.Accepted : k % 9 === 1 ? AcceptState.Expired : AcceptState.None)) } as BaselineEvaluation;
    const meta = { keyId: 'ab12cd34', run: '20261123T190000Z-3fa9', config: '/data/"kalbar"/padan.config.json' };
    const entries = fs.map((f, k) => {
      const e: FingerprintIndexEntry = {
        id: f.id,
        fingerprint: fps[k],
        kind: f.kind,
        code: f.code,
        source: f.source,
        line: f.line,
        otherSource: f.other?.source,
        program: f.program,
        field: f.field,
        firstSeen: diff.firstSeen[k],
        new: diff.isNew[k] === 1,
        accepted: ev.state[k] === AcceptState.Accepted ? 'accepted' : ev.state[k] === AcceptState.Expired ? 'expired' : undefined,
      };
      return '    ' + JSON.stringify(e);
    });
    const expected =
      '{\n' +
      `  "padanFingerprints": 1,\n  "keyId": "ab12cd34",\n  "run": "20261123T190000Z-3fa9",\n  "config": ${JSON.stringify(meta.config)},\n` +
      `  "findings": [\n${entries.join(',\n')}\n  ]\n}\n`;
    expect(renderFingerprintIndex(fs, fps, diff, ev, meta)).toBe(expected);
    expect(renderFingerprintIndex([], [], diff, ev, meta)).toBe(JSON.stringify({ padanFingerprints: 1, ...meta, findings: [] }, null, 2) + '\n');
  });
});

describe('report.html', () => {
  function input(fs: NumberedFinding[], records: Map<number, RecordView>) {
    const view = (source: string): RecordView => ({ source, line: 2, record_id: '', nik: '6171********0003', name: '</script>', kk: '', birth_date: '?', sex: '', region: '', address: '\u2028', program: '', status: '', amount: '' });
    for (const f of fs) for (const i of [f.index, f.other?.index]) if (i !== undefined) records.set(i, view(f.source));
    const c = countFindings(fs, NASTY);
    const summary = {
      padanVersion: 't',
      config: 'c',
      settings: {},
      inputs: [],
      totals: { dataLines: 0, records: 0, rejections: 0, persons: 0, findings: fs.length },
      ...c,
      sourceNotes: [],
      match: {},
      timingsMs: {},
      peakRssBytes: 0,
    };
    return { summary, findings: fs, records, regencyNames: new Map<string, string>(), showNik: false, lang: 'en' as const, findingNote: (k: number) => ` [note ${k}]` };
  }

  it('embeds the data as one JSON document, records by ascending index, nothing that closes the script', () => {
    const fs = findings(40);
    // Inserted out of order: JSON.stringify lists integer keys ascending.
    const html = renderHtmlReport(input(fs, new Map([[5000, { name: 'first inserted' } as RecordView]])));
    const text = /<script id="data" type="application\/json">(.*?)<\/script>/s.exec(html)![1];
    expect(text).not.toContain('<');
    expect(text).not.toContain('\u2028');
    const data = JSON.parse(text) as { rows: { id: string; message: string }[]; records: Record<string, RecordView> };
    expect(data.rows.map((r) => r.id)).toEqual(fs.map((f) => f.id));
    expect(data.rows[7].message.endsWith(' [note 7]')).toBe(true);
    const keys = Object.keys(data.records).map(Number);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(keys.at(-1)).toBe(5000);
    expect(data.records['1000'].name).toBe('</script>');
  });

  it('gives every kind a fair share when it cannot embed every finding', () => {
    const kinds = (counts: Record<FindingKind, number>) =>
      (Object.keys(counts) as FindingKind[]).flatMap((kind) => Array.from({ length: counts[kind] }, () => ({ kind })));
    const perKind = (list: { kind: FindingKind }[], idx: number[]) => {
      const n: Record<string, number> = {};
      for (const k of idx) n[list[k].kind] = (n[list[k].kind] ?? 0) + 1;
      return n;
    };
    // Under the cap: everything, in order.
    expect(shownFindings(kinds({ invalid: 3, duplicate: 2, missing: 0, out_of_sync: 4 }), 9)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // The 1M bench's counts: the first 20,000 in order held only 1,321 out-of-sync findings.
    const big = kinds({ invalid: 3783, duplicate: 8532, missing: 6364, out_of_sync: 26030 });
    const shown = shownFindings(big, 20_000);
    expect(shown).toHaveLength(20_000);
    expect(perKind(big, shown)).toEqual({ invalid: 3783, duplicate: 5406, missing: 5406, out_of_sync: 5405 });
    // Each kind's first findings, ascending.
    expect(shown.slice(0, 3784)).toEqual([...Array.from({ length: 3783 }, (_, k) => k), 3783]);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    // Few kinds, tiny cap: the remainder goes one each in kind order.
    expect(perKind(big, shownFindings(big, 6))).toEqual({ invalid: 2, duplicate: 2, missing: 1, out_of_sync: 1 });
  });

  it('says per kind how many findings the truncated table holds', () => {
    const fs = findings(40);
    const html = renderHtmlReport({ ...input(fs, new Map()), maxRows: 8 });
    expect(html).toContain('8 / 40 (findings.csv): invalid 2 / 10 · duplicate 2 / 10 · missing 2 / 10 · out of sync 2 / 10');
    const data = JSON.parse(/<script id="data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]) as { rows: { id: string; message: string }[] };
    // Notes stay attached to their own finding (index into all findings, not into the shown ones).
    for (const r of data.rows) expect(r.message.endsWith(` [note ${fs.findIndex((f) => f.id === r.id)}]`)).toBe(true);
  });
});

describe('ReportStage', () => {
  it('streams a large file in pieces, owner-only, in place only after commit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-stage-'));
    writeFileSync(join(dir, 'findings.csv'), 'old\n');
    const stage = new ReportStage(dir);
    const line = 'F1,duplicate,error,G1,kab_6171,4,,,,,,,,0.9900,"Dewi Lestari, listed twice"\n';
    stage.stream('findings.csv', (out) => {
      for (let k = 0; k < 20_000; k++) out.write(line);
    });
    stage.add('report.md', '# padan — laporan\n');
    expect(readFileSync(join(dir, 'findings.csv'), 'utf8')).toBe('old\n');
    stage.commit();
    expect(readFileSync(join(dir, 'findings.csv'), 'utf8')).toBe(line.repeat(20_000));
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('# padan — laporan\n');
    expect(statSync(join(dir, 'findings.csv')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['findings.csv', 'report.md']);
  });

  it('keeps the previous file when a renderer throws mid-stream', () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-stage-'));
    writeFileSync(join(dir, 'report.html'), '<html>old</html>\n');
    const stage = new ReportStage(dir);
    expect(() =>
      stage.stream('report.html', (out) => {
        out.write('x'.repeat(200_000));
        throw new Error('renderer bug');
      }),
    ).toThrow('renderer bug');
    stage.discard();
    expect(readdirSync(dir)).toEqual(['report.html']);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe('<html>old</html>\n');
  });
});

describe('input hashes', () => {
  const source = (name: string, absPath: string): ResolvedSource => ({ name, role: 'regency', index: 0, path: `${name}.csv`, absPath });

  it('are the sha256 and size of each file, in config order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-hash-'));
    // Larger than one 4 MiB read.
    const big = Buffer.alloc(9 << 20, 'NIK;NAMA;TGL_LAHIR\n6171054508900903;SITI AMINAH;05-08-1990\n');
    writeFileSync(join(dir, 'a.csv'), big);
    writeFileSync(join(dir, 'b.csv'), '');
    const got = await hashInputs([source('kab_6171', join(dir, 'a.csv')), source('kab_6172', join(dir, 'b.csv'))]);
    expect(got).toEqual([
      { source: 'kab_6171', path: 'kab_6171.csv', sha256: createHash('sha256').update(big).digest('hex'), bytes: big.length },
      { source: 'kab_6172', path: 'kab_6172.csv', sha256: createHash('sha256').digest('hex'), bytes: 0 },
    ]);
  });

  it('name an unreadable file in one line', async () => {
    await expect(hashInputs([source('kab_6171', '/nonexistent/kab_6171.csv')])).rejects.toThrow(PadanError);
    await expect(hashInputs([source('kab_6171', '/nonexistent/kab_6171.csv')])).rejects.toThrow('kab_6171 (kab_6171.csv): cannot read roster (ENOENT)');
  });
});

describe('summary counts', () => {
  it('count every kind x source x program x regency cell once, in the documented order', () => {
    let seed = 13;
    const next = (m: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % m;
    const kinds: FindingKind[] = ['invalid', 'duplicate', 'missing', 'out_of_sync'];
    const sources = ['kab_6171', 'Kab_6171', 'kemensos_pkh', 'kota_6172'];
    const fs = Array.from({ length: 5000 }, (_, k): Finding => ({
      kind: kinds[next(4)],
      code: 'x',
      severity: 'warning',
      source: sources[next(4)],
      line: k,
      recordId: '',
      program: next(5) ? ['PKH', 'BPNT', 'pkh'][next(3)] : undefined,
      region: next(7) ? ['6171010001', '6172020005', 'bps:61710100', '61', ''][next(5)] : undefined,
    }));
    // Reference: one string key per cell.
    const cells = new Map<string, number>();
    for (const f of fs) {
      const r = !f.region ? '' : f.region.startsWith('bps:') ? f.region.slice(0, 8) : f.region.slice(0, 4);
      const key = JSON.stringify([f.kind, f.source, f.program ?? '', r]);
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    const { counts, byKind } = countFindings(fs, sources);
    expect(counts.map((c) => [JSON.stringify([c.kind, c.source, c.program, c.regency]), c.count])).toEqual(
      [...cells.entries()].sort(([a], [b]) => {
        const [x, y] = [JSON.parse(a) as string[], JSON.parse(b) as string[]];
        return kinds.indexOf(x[0] as FindingKind) - kinds.indexOf(y[0] as FindingKind) || x[1].localeCompare(y[1]) || x[2].localeCompare(y[2]) || x[3].localeCompare(y[3]);
      }),
    );
    expect(Object.values(byKind).reduce((a, b) => a + b, 0)).toBe(5000);
  });
});
