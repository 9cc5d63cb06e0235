import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { maskId, maskName } from '../src/domain/mask.js';
import { csvRecord, findingRow, FINDINGS_CSV_HEADER, neutraliseCell, renderFindingsCsv, writeFindingsCsv } from '../src/report/findings-csv.js';
import { numberFindings } from '../src/report/order.js';
import type { Finding } from '../src/domain/finding.js';
import { KK_OUT_OF_SYNC, RAGGED_ROW_WITH_FORMULA } from './findings-fixture.js';

describe('masking', () => {
  it('keeps the first and last four digits of a NIK', () => {
    expect(maskId('6171054508900003')).toBe('6171********0003');
  });
  it('masks short ids harder and leaves empty as empty', () => {
    expect(maskId('5304218')).toBe('53***18');
    expect(maskId('')).toBe('');
  });
  it('masks each name token to first and last letter', () => {
    expect(maskName('WARSINI LESTARI')).toBe('W*****I L*****I');
    expect(maskName('I  WAYAN')).toBe('I  W***N');
  });
});

describe('findings.csv', () => {
  const findings: Finding[] = [KK_OUT_OF_SYNC, RAGGED_ROW_WITH_FORMULA];

  it('has the contract header, stable ids, masked ids and neutralised formulas', () => {
    const csv = renderFindingsCsv(numberFindings(findings), { showNik: false, lang: 'en' });
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual([...FINDINGS_CSV_HEADER]);
    // invalid sorts before out_of_sync
    expect(rows[1].slice(0, 6)).toEqual(['F1', 'invalid', 'error', '', 'kab_6171', '3']);
    expect(rows[1][11]).toBe(`'=HYPERLINK("http://x")`);
    expect(rows[2][0]).toBe('F2');
    expect(rows[2][11]).toBe('6171********0007');
    expect(rows[2][12]).toBe('6171********0009');
    expect(rows[2][13]).toBe('0.9877');
    expect(csv).not.toContain('6171012304150007');
  });

  it('shows full ids only with showNik', () => {
    const csv = renderFindingsCsv(numberFindings(findings), { showNik: true, lang: 'en' });
    expect(csv).toContain('6171012304150007');
  });

  it('neutralises every dangerous first character', () => {
    for (const s of ['=1+1', '+62', '-5', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(s).startsWith("'")).toBe(true);
    expect(neutraliseCell('SITI')).toBe('SITI');
  });
});

describe('findings.csv quoting', () => {
  // findings.csv was first written with csv-stringify; the streaming writer must give the same bytes.
  function randomRows(alphabet: string[], seed: number): string[][] {
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const rows: string[][] = [];
    for (let r = 0; r < 400; r++) {
      const row: string[] = [];
      for (let c = 0; c < 15; c++) {
        let s = '';
        for (let k = next() % 6; k > 0; k--) s += alphabet[next() % alphabet.length];
        row.push(s);
      }
      rows.push(row);
    }
    return rows;
  }
  const AWKWARD = ['a', 'Z', ' ', ',', '"', '\n', '\t', ';', "'", '=', 'é', 'ñ', '\u2028', '日'];

  it('quotes exactly as csv-stringify does, on values built from awkward characters', () => {
    const rows = randomRows(AWKWARD, 7);
    expect(rows.map(csvRecord).join('')).toBe(stringify(rows, { record_delimiter: '\n' }));
  });

  it('also quotes a lone carriage return (csv-stringify 6.9 leaves it bare), so every value reads back', () => {
    expect(csvRecord(['a\rb', 'c'])).toBe('"a\rb",c\n');
    const rows = randomRows([...AWKWARD, '\r'], 11);
    expect(parse(rows.map(csvRecord).join(''), { relax_column_count: false })).toEqual(rows);
  });

  it('streams the same text it renders, a few dozen rows per write', () => {
    const numbered = numberFindings(Array.from({ length: 130 }, (_, k) => ({ ...(k % 2 ? KK_OUT_OF_SYNC : RAGGED_ROW_WITH_FORMULA), line: k + 2 })));
    const pieces: string[] = [];
    writeFindingsCsv({ write: (s) => void pieces.push(s) }, numbered, { showNik: false, lang: 'id' });
    expect(pieces).toHaveLength(1 + 3);
    expect(pieces.join('')).toBe(renderFindingsCsv(numbered, { showNik: false, lang: 'id' }));
    expect(parse(pieces.join(''))).toHaveLength(131);
  });

  it('writes each finding as csvRecord(findingRow(f)), on awkward values and absent fields', () => {
    const awkward = ['kab_6171', '=HYPERLINK("x")', '-5', '+62 812', '@SUM', '\tx', 'a,b', 'say "hi"', 'two\nlines', '', 'Ñusa 日本'];
    let seed = 5;
    const next = (m: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % m;
    const pick = () => awkward[next(awkward.length)];
    const raw: Finding[] = Array.from({ length: 400 }, (_, k) => {
      const f: Finding = { ...(k % 2 ? KK_OUT_OF_SYNC : RAGGED_ROW_WITH_FORMULA), source: pick(), line: 2 + next(50), recordId: pick() };
      delete f.other;
      delete f.group;
      delete f.score;
      if (next(2)) f.other = { source: pick(), line: next(3) === 0 ? 0 : 2 + next(50), recordId: pick() };
      if (next(3) === 0) f.group = `G${next(9)}`;
      if (next(2)) f.value = pick();
      if (next(2)) f.otherValue = pick();
      if (next(3) === 0) f.score = next(2) ? next(1000) / 999 : Number.NaN;
      return f;
    });
    for (const showNik of [false, true]) {
      const opts = { showNik, lang: 'en' as const };
      const numbered = numberFindings(raw);
      const expected = csvRecord(FINDINGS_CSV_HEADER) + numbered.map((f) => csvRecord(findingRow(f, opts))).join('');
      expect(renderFindingsCsv(numbered, opts)).toBe(expected);
    }
  });
});
