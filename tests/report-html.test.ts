import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/domain/finding.js';
import { renderHtmlReport } from '../src/report/html.js';
import { numberFindings } from '../src/report/order.js';
import type { RecordView } from '../src/report/record-view.js';
import { countFindings, type RunSummary } from '../src/report/summary.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function view(source: string, line: number, name: string, kk: string): RecordView {
  return {
    source,
    line,
    record_id: '',
    nik: '6171********0003',
    name,
    kk,
    birth_date: '1990-08-05',
    sex: 'P',
    region: '6171010001',
    address: 'JL. GAJAH MADA NO. 12',
    program: 'PKH',
    status: 'AKTIF',
    amount: '750000',
  };
}

function sample() {
  const raw: Finding[] = [
    { kind: 'duplicate', code: 'duplicate.within_source', severity: 'error', group: 'G1', source: 'kab_6171', line: 4, recordId: '', index: 0, program: 'PKH', region: '6171010001', score: 0.99, args: { count: 2 } },
    { kind: 'duplicate', code: 'duplicate.within_source', severity: 'error', group: 'G1', source: 'kab_6171', line: 9, recordId: '', index: 1, program: 'PKH', region: '6171010001', score: 0.99, args: { count: 2 } },
    { kind: 'out_of_sync', code: 'out_of_sync.field', severity: 'warning', source: 'kab_6171', line: 4, recordId: '', index: 0, other: { source: 'kemensos_pkh', line: 7, recordId: '', index: 2 }, field: 'kk', value: '6171012304150007', otherValue: '6171012304150009', region: '6171010001', score: 0.97 },
    { kind: 'missing', code: 'missing.from_source', severity: 'warning', source: 'kab_6172', line: 3, recordId: '', index: 3, other: { source: 'kemensos_pkh', line: 0, recordId: '' }, program: 'PKH', region: '6172', args: { program: 'PKH' } },
    { kind: 'invalid', code: 'row.ragged', severity: 'error', source: 'kab_6172', line: 8, recordId: '', args: { got: 3, expected: 5 } },
  ];
  const findings = numberFindings(raw);
  const c = countFindings(findings, ['kab_6171', 'kab_6172', 'kemensos_pkh']);
  const summary: RunSummary = {
    padanVersion: '0.0.0-test',
    config: '/x/padan.config.json',
    settings: {},
    inputs: ['kab_6171', 'kab_6172', 'kemensos_pkh'].map((s) => ({ source: s, path: `${s}.csv`, dataLines: 10, records: 10, rejections: 0 })),
    totals: { dataLines: 30, records: 30, rejections: 0, persons: 25, findings: findings.length },
    ...c,
    sourceNotes: [],
    match: {},
    timingsMs: {},
    peakRssBytes: 0,
  };
  const records = new Map<number, RecordView>([
    [0, view('kab_6171', 4, 'SITI AMINAH', '6171********0007')],
    [1, view('kab_6171', 9, 'SITI AMINAH', '6171********0007')],
    [2, view('kemensos_pkh', 7, 'SITI AMINAH', '6171********0009')],
    [3, view('kab_6172', 3, 'BUDI SANTOSO', '6172********0912')],
  ]);
  return { summary, findings, records, regencyNames: new Map([['6171', 'Kota Pontianak'], ['6172', 'Kota Singkawang']]) };
}

describe('report.html', () => {
  it('embeds no full NIK and escapes values that could close the script tag', () => {
    const s = sample();
    s.records.get(0)!.name = '</script><script>alert(1)</script>';
    const html = renderHtmlReport({ ...s, showNik: false, lang: 'en' });
    expect(html).not.toContain('6171012304150007');
    expect(html).toContain('6171********0007');
    expect(html).not.toContain('</script><script>alert(1)');
  });

  it.skipIf(!CHROMIUM)('renders in headless Chromium: chart, counts and the filterable table', () => {
    const s = sample();
    const dir = mkdtempSync(join(tmpdir(), 'padan-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport({ ...s, showNik: false, lang: 'id' }));
    const dom = execFileSync(
      CHROMIUM!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--dump-dom',
        `file://${file}`,
      ],
      { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    // The table is built by the inline script: rows exist only if it ran without error.
    expect(dom.match(/<tr class="f">/g)?.length).toBe(5);
    expect(dom).toContain('<span id="fcount">5 / 5</span>');
    expect(dom).toContain('<svg role="img"');
    expect(dom).toContain('Kota Pontianak');
    expect(dom).toContain('data ganda');
  });
});
