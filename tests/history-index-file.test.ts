import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AcceptState } from '../src/baseline/baseline.js';
import { packIndexColumns, writeIndexColumns } from '../src/history/index-file.js';
import { collectText } from '../src/report/sink.js';
import { ReportStage, writeStreamedFile } from '../src/report/write.js';

// Kalimantan Barat rosters: a duplicate in a regency roster, a record missing from the central one.
const findings = [
  { id: 'F1', kind: 'duplicate' as const, code: 'duplicate.within_source', source: 'kab_6101', line: 14, program: 'PKH' },
  { id: 'F2', kind: 'missing' as const, code: 'missing.from_source', source: 'dinsos_prov_61', line: 220, program: 'BPNT', other: { source: 'kemensos_bpnt' } },
  { id: 'F3', kind: 'invalid' as const, code: 'nik.placeholder', source: 'kota_6171', line: 9, field: 'nik' as const },
];
const fps = ['AAAAAAAAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBBBBBBBB', 'CCCCCCCCCCCCCCCCCCCCCC'];
const seen = ['2026-11-21T19:00:00.000Z', '2026-11-23T19:00:00.000Z', '2026-11-23T19:00:00.000Z'];
const meta = { keyId: 'ab12cd34', run: '20261123T190000Z-3fa9', config: '/data/kalbar/padan.config.json' };

describe('fingerprints.json from columns', () => {
  it('names the ids only when they are not F1..Fn, and writes what JSON.stringify would', () => {
    expect(packIndexColumns(findings).ids).toBeNull();
    const renumbered = findings.map((f, k) => ({ ...f, id: `F${k + 7}` }));
    const cols = packIndexColumns(renumbered);
    expect(cols.ids).toEqual(['F7', 'F8', 'F9']);
    const state = Uint8Array.of(AcceptState.None, AcceptState.Accepted, AcceptState.None);
    const text = collectText((out) => writeIndexColumns(out, cols, fps, seen, Uint8Array.of(0, 1, 1), state, meta));
    const parsed = JSON.parse(text);
    expect(parsed.findings.map((e: { id: string }) => e.id)).toEqual(['F7', 'F8', 'F9']);
    expect(parsed.findings[1]).toEqual({
      id: 'F8',
      fingerprint: fps[1],
      kind: 'missing',
      code: 'missing.from_source',
      source: 'dinsos_prov_61',
      line: 220,
      otherSource: 'kemensos_bpnt',
      program: 'BPNT',
      firstSeen: seen[1],
      new: true,
      accepted: 'accepted',
    });
    expect(text.split('\n')[8]).toBe('    ' + JSON.stringify(parsed.findings[2]));
  });

  it('is written into a reserved staged file (as the history worker does) and renamed with the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-index-'));
    const stage = new ReportStage(dir);
    stage.add('findings.csv', 'id\n');
    const path = stage.reserve('fingerprints.json');
    writeStreamedFile(path, (out) => writeIndexColumns(out, packIndexColumns(findings), fps, seen, new Uint8Array(3), new Uint8Array(3), meta));
    expect(readdirSync(dir)).not.toContain('fingerprints.json');
    stage.commit();
    expect(readdirSync(dir).sort()).toEqual(['findings.csv', 'fingerprints.json']);
    expect(statSync(join(dir, 'fingerprints.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'fingerprints.json'), 'utf8')).findings).toHaveLength(3);
  });
});
