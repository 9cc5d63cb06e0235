import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig, SourceConfig } from '../src/config/schema.js';
import { PadanError } from '../src/domain/errors.js';
import { IdState, Sex, Status } from '../src/domain/fields.js';
import type { SourceAccounting } from '../src/domain/finding.js';
import { nikText } from '../src/domain/ids.js';
import { addressOf, nameOf, readRow, type RecordTable } from '../src/domain/table.js';
import { DelimitedRowReader, loadSources, SourceIngest, sniffDelimiter, type IngestSink, type LoadResult } from '../src/load/index.js';
import { RecordTableBuilder } from '../src/domain/table.js';
import { detachString } from '../src/domain/text.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/validate');
const tmp = mkdtempSync(join(tmpdir(), 'padan-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function configFor(absPath: string, extra: Partial<SourceConfig> = {}): ResolvedConfig {
  return {
    province: '61',
    configPath: '',
    sources: [{ name: 'src', role: 'central', path: absPath, absPath, index: 0, ...extra }],
  };
}

function writeTmp(name: string, content: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

async function load(absPath: string, extra: Partial<SourceConfig> = {}): Promise<LoadResult> {
  return loadSources(configFor(absPath, extra));
}

function lines(t: RecordTable): number[] {
  return Array.from(t.line);
}

function expectBalanced(a: SourceAccounting): void {
  expect(a.records + a.rejections).toBe(a.dataLines);
}

/** Every record's name / address in record order. */
const namesOf = (t: RecordTable): string[] => Array.from({ length: t.size }, (_, i) => nameOf(t, i));
const addressesOf = (t: RecordTable): string[] => Array.from({ length: t.size }, (_, i) => addressOf(t, i));

describe('kab_6171.csv: ; delimiter, UTF-8 BOM, CRLF, quoted newline, blank and ragged rows', () => {
  it('keeps every record at its physical start line and counts every data line', async () => {
    const r = await load(join(FIXTURES, 'kab_6171.csv'));
    expect(r.accounting[0]).toMatchObject({ dataLines: 18, records: 17, rejections: 1 });
    expectBalanced(r.accounting[0]);
    // line 6 is blank, line 7 ragged, lines 8-9 one record (quoted newline)
    expect(lines(r.table)).toEqual([2, 3, 4, 5, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    expect(r.rejections).toEqual([
      expect.objectContaining({ kind: 'invalid', code: 'row.ragged', severity: 'error', source: 'src', line: 7, args: { got: 5, expected: 9 } }),
    ]);
  });

  it('normalises the values of a row', async () => {
    const { table } = await load(join(FIXTURES, 'kab_6171.csv'));
    const first = readRow(table, 0);
    // the BOM did not stick to the first header: NIK was found
    expect(nikText(table, 0)).toBe('6171014508750001');
    expect(first).toMatchObject({ name: 'SITI AMINAH', birth: 19750805, sex: Sex.Female, region: '6171011002', status: Status.Active, amount: 1500000 });
    expect(nikText(table, 1)).toBe('6171011708600002'); // leading apostrophe stripped
    expect(table.nikState[2]).toBe(IdState.Scientific);
    expect(table.nikRaw[2]).toBe('6.17101E+15');
    expect(table.birth[2]).toBe(19750812); // 12 Agustus 1975
    expect(table.nikState[3]).toBe(IdState.Malformed);
    const quoted = readRow(table, 4);
    expect(quoted.line).toBe(8);
    expect(quoted.address).toBe('JL. KENANGA RT 02 RW 03');
    expect(quoted.amount).toBe(1500000);
    expect(readRow(table, lines(table).indexOf(19)).birth).toBe(19740817); // Excel serial 27258
  });

  it('reports unreadable values as field findings with the raw text', async () => {
    const r = await load(join(FIXTURES, 'kab_6171.csv'));
    expect(r.fieldFindings).toEqual([
      expect.objectContaining({ code: 'birth_date.unparseable', field: 'birth_date', value: 'kemarin', line: 16, severity: 'error', region: '6171011002' }),
    ]);
    expect(r.fieldFindings[0].index).toBe(lines(r.table).indexOf(16));
  });
});

describe('dinsos_1252.csv: windows-1252, comma, title rows above the header', () => {
  it('decodes names with Ñ, É, Ë and ’ correctly when the encoding is configured', async () => {
    const r = await load(join(FIXTURES, 'dinsos_1252.csv'), { encoding: 'windows-1252', dateFormat: 'DD/MM/YYYY' });
    expect([0, 1].map((i) => nameOf(r.table, i))).toEqual(['SUÑARTI', 'ANDRÉ WIJAYA']);
    expect(r.table.names).toContain('JOSÉ NOËL');
    expect(addressOf(r.table, 0)).toBe('JL. SUNGAI RAYA, GG. H\u2019 ABDUL');
    expect(nameOf(r.table, 3)).toBe('SITI "ITI" AISYAH');
    expect(r.sourceNotes).toEqual([]);
  });

  it('finds the header on line 4 and skips title rows, blank lines and a ,,,,,,, row', async () => {
    const r = await load(join(FIXTURES, 'dinsos_1252.csv'), { encoding: 'windows-1252' });
    expect(lines(r.table)).toEqual([5, 6, 7, 8, 9, 10, 12]);
    expect(r.accounting[0]).toMatchObject({ dataLines: 7, records: 7, rejections: 0 });
    expect(readRow(r.table, 1).region).toBe('6102011006');
  });

  it('guesses windows-1252 when the file is not UTF-8 and says so once', async () => {
    const r = await load(join(FIXTURES, 'dinsos_1252.csv'));
    expect(nameOf(r.table, 0)).toBe('SUÑARTI');
    expect(r.sourceNotes).toEqual([
      expect.objectContaining({ code: 'source.encoding_guessed', severity: 'warning', line: 0, args: { encoding: 'windows-1252' } }),
    ]);
  });

  it('reads latin1 as windows-1252 (what such files really are)', async () => {
    const r = await load(join(FIXTURES, 'dinsos_1252.csv'), { encoding: 'latin1' });
    expect(addressOf(r.table, 0)).toContain('\u2019');
  });
});

describe('pbp_bulog.txt: pipe, stray and unterminated quotes, BPS codes', () => {
  it('sniffs |, keeps stray quotes as text and rejects only the unterminated row', async () => {
    const r = await load(join(FIXTURES, 'pbp_bulog.txt'), { program: 'pbp' });
    expect(nameOf(r.table, 4)).toBe('"TUTI" ALAWIYAH');
    expect(r.rejections).toEqual([expect.objectContaining({ code: 'row.unterminated_quote', line: 7 })]);
    // line 8 is read again after the bad row, even though the file has no final newline
    expect(lines(r.table)).toEqual([2, 3, 4, 5, 6, 8]);
    expect(readRow(r.table, 5)).toMatchObject({ name: 'MARLINA', status: Status.Deceased, program: 'PBP' });
    expect(r.accounting[0]).toMatchObject({ dataLines: 7, records: 6, rejections: 1 });
  });

  it('warns once that the region codes look like BPS codes', async () => {
    const r = await load(join(FIXTURES, 'pbp_bulog.txt'));
    expect(r.sourceNotes).toEqual([
      expect.objectContaining({ code: 'source.region_scheme_bps', line: 0, severity: 'warning', args: { unresolved: 6, total: 6 } }),
    ]);
  });

  it('stores codes of a declared BPS source apart from Kemendagri codes, without a warning', async () => {
    const r = await load(join(FIXTURES, 'pbp_bulog.txt'), { regionScheme: 'bps' });
    expect(readRow(r.table, 0).region).toBe('bps:6171010001');
    expect(r.sourceNotes).toEqual([]);
  });
});

describe('quoting and line numbers', () => {
  const header = 'NIK,NAMA,ALAMAT\n';
  const row = (i: number, addr = `JL. MAWAR ${i}`) => `61710117086${String(i).padStart(5, '0')},NAMA ${i},${addr}\n`;

  it('gives the start line of records with several quoted newlines and blank lines inside quotes', async () => {
    const text = header + row(1) + row(2, '"JL. A\n\nRT 1\nRW 2"') + '\n' + row(3, '"X ""Y"" Z"') + row(4, '"L1\r\nL2"') + row(5);
    const r = await load(writeTmp('quoted.csv', text));
    expect(lines(r.table)).toEqual([2, 3, 8, 9, 11]);
    expect(addressOf(r.table, 1)).toBe('JL. A RT 1 RW 2');
    expect(addressOf(r.table, 2)).toBe('X "Y" Z');
    expectBalanced(r.accounting[0]);
  });

  it('counts a CRLF inside quotes as one line in a CRLF file', async () => {
    const text = 'NIK;NAMA;ALAMAT\r\n6171011708600001;A;"JL. A\r\nRT 1"\r\n6171011708600002;B;"JL. B\nRT 2"\r\n6171011708600003;C;X\r\n';
    const r = await load(writeTmp('crlf-quoted.csv', text));
    expect(lines(r.table)).toEqual([2, 4, 6]);
  });

  it('gives the same records through the fast path and through csv-parse', async () => {
    let plain = header;
    for (let i = 1; i <= 300; i++) plain += row(i);
    const quoted = plain.replace('NAMA 2,', '"NAMA 2",');
    const a = await load(writeTmp('plain.csv', plain));
    const b = await load(writeTmp('plain-quoted.csv', quoted));
    expect(namesOf(b.table)).toEqual(namesOf(a.table));
    expect(lines(b.table)).toEqual(lines(a.table));
    expect(Array.from(b.table.nikLo)).toEqual(Array.from(a.table.nikLo));
  });

  it('keeps exact lines across 1 MiB chunks, with a multi-byte letter split by a chunk edge and quotes far in', async () => {
    let text = header;
    const n = 40_000;
    for (let i = 1; i <= n; i++) text += row(i, i === 30_000 ? '"JL. PANJANG\nRT 9"' : `JL. SUÑARTI ${i}`);
    const r = await load(writeTmp('big.csv', text));
    expect(r.accounting[0]).toMatchObject({ dataLines: n, records: n, rejections: 0 });
    expect(r.table.line[29_999]).toBe(30_001);
    expect(r.table.line[30_000]).toBe(30_003); // after the two-line record
    expect(addressesOf(r.table).filter((s) => s.includes('\uFFFD'))).toEqual([]);
    expect(addressOf(r.table, 39_999)).toBe('JL. SUÑARTI 40000');
  });

  it('parses quote islands with csv-parse and returns to the fast path after each', async () => {
    let text = header;
    for (let i = 1; i <= 500; i++) text += row(i, i % 50 === 0 ? `"JL. ${i}, RT 1\nRW 2"` : i % 7 === 0 ? `"JL. ${i}, RT 1"` : `JL. ${i}`);
    const cfg = configFor('/unused.csv');
    const builder = new RecordTableBuilder();
    const sink = { rejections: [], fieldFindings: [] };
    const ingest = new SourceIngest(cfg.sources[0], builder, sink);
    const reader = new DelimitedRowReader(',', ingest);
    // written in pieces that cut lines and islands apart
    for (let k = 0; k < text.length; k += 777) reader.write(text.slice(k, k + 777));
    await reader.end();
    const t = builder.finish();
    expect(reader.usedParser).toBe(false);
    expect(reader.islands).toBe(71 + 10 - 1); // every 7th and every 50th row; 350 is both
    expect(t.size).toBe(500);
    // rows 50, 100, ... take two lines each
    const expected: number[] = [];
    let line = 2;
    for (let i = 1; i <= 500; i++) {
      expected.push(line);
      line += i % 50 === 0 ? 2 : 1;
    }
    expect(lines(t)).toEqual(expected);
    expect(addressOf(t, 6)).toBe('JL. 7, RT 1');
    expect(addressOf(t, 49)).toBe('JL. 50, RT 1 RW 2');
    expect(ingest.finish()).toMatchObject({ dataLines: 500, records: 500, rejections: 0 });
  });

  it('reads the same rows however the text is cut, also when a cut line hands the file to csv-parse', async () => {
    // 600 rows quoted throughout: past 500 islands the reader streams the rest through csv-parse;
    // then an unterminated quote, and ragged, blank and CRLF lines around it
    let text = header + '\n' + '6171011708600000,SATU\r\n';
    for (let i = 1; i <= 600; i++) text += row(i, `"JL. ${i}, RT 1"`);
    text += row(601, '"JL. TERBUKA') + '6171011708600602,X,Y,Z\n' + row(603) + ',,\n' + row(604);
    const read = async (size: number) => {
      const builder = new RecordTableBuilder();
      const sink: IngestSink = { rejections: [], fieldFindings: [] };
      const ingest = new SourceIngest(configFor('/unused.csv').sources[0], builder, sink);
      const reader = new DelimitedRowReader(',', ingest);
      for (let k = 0; k < text.length; k += size) reader.write(text.slice(k, k + size));
      await reader.end();
      const t = builder.finish();
      const niks = Array.from(t.nikState, (state, i) => `${state}:${t.nikHi[i]}:${t.nikLo[i]}`);
      return { lines: lines(t), niks, names: namesOf(t), address: addressesOf(t), rejections: sink.rejections, usedParser: reader.usedParser, acc: ingest.finish() };
    };
    const whole = await read(text.length);
    expect(whole.usedParser).toBe(true);
    expect(whole.acc).toMatchObject({ dataLines: 605, records: 602, rejections: 3 });
    expect(whole.rejections.map((f) => [f.line, f.code])).toEqual([
      [3, 'row.ragged'],
      [604, 'row.unterminated_quote'],
      [605, 'row.ragged'],
    ]);
    expect(whole.lines.slice(-3)).toEqual([603, 606, 608]);
    // pieces of 1 finish every line in the piece after its start; the others cut lines anywhere
    for (const size of [1, 2, 7, 40, 777]) expect(await read(size), `pieces of ${size}`).toEqual(whole);
  });

  it('streams the rest through csv-parse when a quote stays open for thousands of lines', async () => {
    let text = header + row(1) + row(2, '"JL. TERBUKA');
    for (let i = 3; i <= 3000; i++) text += row(i);
    const r = await load(writeTmp('open-quote.csv', text));
    expect(r.rejections).toEqual([expect.objectContaining({ code: 'row.unterminated_quote', line: 3 })]);
    expect(r.table.size).toBe(2999);
    expect(r.table.line[1]).toBe(4);
    expect(r.table.line[2998]).toBe(3001);
    expectBalanced(r.accounting[0]);
  });

  it('rejects rows with too few or too many fields but accepts trailing empty cells', async () => {
    const text = header + row(1) + '6171011708600002,BUDI\n' + row(3).replace('\n', ',\n') + row(4).replace('\n', ',X\n') + row(5);
    const r = await load(writeTmp('ragged.csv', text));
    expect(r.rejections.map((f) => [f.line, f.code, f.args])).toEqual([
      [3, 'row.ragged', { got: 2, expected: 3 }],
      [5, 'row.ragged', { got: 4, expected: 3 }],
    ]);
    expect(lines(r.table)).toEqual([2, 4, 6]);
    expectBalanced(r.accounting[0]);
  });

  it('rejects rows holding bytes that are not UTF-8 and reads the rest', async () => {
    const bytes = Buffer.concat([
      Buffer.from(header + row(1)),
      Buffer.from('6171011708600002,SU'),
      Buffer.from([0xd1]), // windows-1252 Ñ inside a UTF-8 file
      Buffer.from('ARTI,JL. MAWAR\n' + row(3)),
    ]);
    const r = await load(writeTmp('bad-byte.csv', bytes), { encoding: 'utf-8' });
    expect(r.rejections).toEqual([expect.objectContaining({ code: 'row.undecodable', line: 3, args: { encoding: 'UTF-8' } })]);
    expect(lines(r.table)).toEqual([2, 4]);
  });

  it("reads Excel's Unicode Text export (UTF-16LE with BOM, tab-separated)", async () => {
    const text = 'NIK\tNAMA\r\n6171014508750001\tSUÑARTI\r\n6171011708600002\tANDRÉ WIJAYA\r\n';
    const r = await load(writeTmp('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])));
    expect(namesOf(r.table)).toEqual(['SUÑARTI', 'ANDRÉ WIJAYA']);
    expect(lines(r.table)).toEqual([2, 3]);
    expect(r.sourceNotes).toEqual([]);
  });

  it('reads tab-separated files and CR-only line ends', async () => {
    const tsv = 'NIK\tNAMA\n6171011708600001\tSITI AMINAH\n6171011708600002\tBUDI\n';
    const r = await load(writeTmp('tab.tsv', tsv));
    expect(namesOf(r.table)).toEqual(['SITI AMINAH', 'BUDI']);
    const cr = await load(writeTmp('cr.csv', 'NIK;NAMA\r6171011708600001;SITI\r\r6171011708600002;BUDI\r'));
    expect(lines(cr.table)).toEqual([2, 4]);
  });
});

describe('header mapping', () => {
  it('maps DTKS-style headers by synonym, case and punctuation aside', async () => {
    const text =
      'IDDTKS|nomor_nik|Nama|Nomor KK|Tanggal_Lahir|Jenis Kelamin|Alamat|Kode Wilayah|Jenis Bansos|Keterangan|Nominal\n' +
      'D-1|6171011708600001|SITI|6171011203150007|17-08-1960|L|JL. X|61.71.01|bpnt|Aktif|200.000\n';
    const r = await load(writeTmp('dtks.txt', text));
    expect(readRow(r.table, 0)).toMatchObject({
      recordId: 'D-1',
      name: 'SITI',
      kkState: IdState.Ok,
      birth: 19600817,
      sex: Sex.Male,
      region: '617101',
      program: 'BPNT',
      status: Status.Active,
      amount: 200000,
    });
  });

  it('uses configured columns first', async () => {
    const text = 'NIK;NIK_PENGURUS;NM;LAHIR\n6171011708600001;6171014508750002;SITI;1960-08-17\n';
    const r = await load(writeTmp('cols.csv', text), { columns: { nik: 'NIK_PENGURUS', name: 'NM', birth_date: 'LAHIR' } });
    expect(nikText(r.table, 0)).toBe('6171014508750002');
    expect(r.table.birth[0]).toBe(19600817);
  });

  it('joins a BDT-style region split over KD_PROV, KD_KAB, KD_KEC, KD_DESA', async () => {
    const text = 'NIK;NAMA;KD_PROV;KD_KAB;KD_KEC;KD_DESA\n6171011708600001;SITI;61;71;010;001\n';
    const r = await load(writeTmp('bdt.csv', text), { regionScheme: 'bps' });
    expect(readRow(r.table, 0).region).toBe('bps:6171010001');
  });

  it('names the file and the headers it saw when NIK or NAMA has no column', async () => {
    const p = writeTmp('nohdr.csv', 'NOMOR;NAMA_LENGKAP;ALAMAT\n1;SITI;JL. X\n');
    const err = await load(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PadanError);
    expect((err as PadanError).message).toContain('nohdr.csv');
    expect((err as PadanError).message).toContain(':1: no column for nik');
    expect((err as PadanError).message).toContain('headers seen: NOMOR, NAMA_LENGKAP, ALAMAT');
  });

  it('says which configured column is not in the file', async () => {
    const p = writeTmp('cfgcol.csv', 'NIK;NAMA\n6171011708600001;SITI\n');
    await expect(load(p, { columns: { name: 'NAMA_KPM' } })).rejects.toThrow(/column "NAMA_KPM" configured for name is not in the file/);
  });

  it('uses the configured header row', async () => {
    const p = writeTmp('hdrrow.csv', 'NIK;NAMA\nREKAP;2026\nNIK;NAMA\n6171011708600001;SITI\n');
    const r = await load(p, { headerRow: 3 });
    expect(lines(r.table)).toEqual([4]);
  });

  it('fails clearly on an empty file and an unreadable path, and accepts a header-only file', async () => {
    await expect(load(writeTmp('empty.csv', ''))).rejects.toThrow(/the file is empty/);
    await expect(load(join(tmp, 'nope.csv'))).rejects.toThrow(/cannot read roster \(ENOENT\)/);
    const r = await load(writeTmp('hdronly.csv', 'NIK;NAMA\n'));
    expect(r.accounting[0]).toMatchObject({ dataLines: 0, records: 0, rejections: 0 });
  });

  it('concatenates sources with their index in table.source', async () => {
    const a = writeTmp('a.csv', 'NIK;NAMA\n6171011708600001;A\n');
    const b = writeTmp('b.csv', 'NIK;NAMA\n6171011708600002;B\n6171011708600003;C\n');
    const config: ResolvedConfig = {
      province: '61',
      configPath: '',
      sources: [
        { name: 'a', role: 'central', path: a, absPath: a, index: 0 },
        { name: 'b', role: 'regency', region: '6171', path: b, absPath: b, index: 1 },
      ],
    };
    const r = await loadSources(config);
    expect(Array.from(r.table.source)).toEqual([0, 1, 1]);
    expect(r.accounting.map((x) => x.source)).toEqual(['a', 'b']);
  });
});

describe('detachString', () => {
  it('returns an equal string, short or long', () => {
    const chunk = 'x'.repeat(1000) + 'SITI AMINAH BINTI SALEH' + 'y'.repeat(1000);
    const name = chunk.slice(1000, 1023);
    expect(detachString(name)).toBe('SITI AMINAH BINTI SALEH');
    expect(detachString('BUDI')).toBe('BUDI');
    expect(detachString('')).toBe('');
  });
});

describe('sniffDelimiter', () => {
  it.each([
    ['NIK;NAMA;ALAMAT\n1;A;JL. X, RT 1\n2;B;JL. Y, RT 2\n', ';'],
    ['NIK,NAMA,ALAMAT\n1,A,"JL. X; RT 1"\n2,B,Y\n', ','],
    ['NIK\tNAMA\n1\tA\n', '\t'],
    ['NIK|NAMA|TGL\n1|A|1-1-1990\n', '|'],
    ['DAFTAR KPM, BULAN NOVEMBER\n\nNIK;NAMA;ALAMAT\n1;A;X\n2;B;Y\n3;C;Z\n', ';'],
  ])('%j -> %j', (text, d) => {
    expect(sniffDelimiter(text)).toBe(d);
  });
});
