import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config/read.js';
import { PadanError } from '../src/domain/errors.js';
import { DEFAULT_RATES, PLANTED, PLANTED_KINDS, type PlantedKind } from '../src/generate/rosters.js';
import { generateInMemory, isFemale, parseBirth, readScenario, regionsOf, runGenerateCli, type Row } from './generate-helpers.js';

const digits = (s: string) => s.replace(/\D/g, '');

// Higher rates than the defaults so a small population carries every kind of problem.
const BUSY_RATES = Object.fromEntries(PLANTED_KINDS.map((k) => [k, DEFAULT_RATES[k] * 5])) as Record<PlantedKind, number>;
const busy = readScenario(generateInMemory({ seed: 42, people: 6000, regencies: 4, rates: BUSY_RATES }));

/** Rows whose NIK was mangled on purpose. */
const mangled = new Set<string>();
for (const p of busy.truth.problems) {
  if (p.kind === 'invalid_nik' || p.kind === 'nik_scientific' || p.kind === 'leading_apostrophe' || p.kind === 'nik_excel_zeroed') {
    for (const r of p.rows) if (r.changed) mangled.add(`${r.source}:${r.line}`);
  }
}

function rowAt(source: string, line: number): Row {
  const row = busy.rows.get(source)!.find((r) => r.line === line);
  if (row === undefined) throw new Error(`no row at ${source}:${line}`);
  return row;
}

describe('padan generate: determinism', () => {
  it('gives byte-identical files for the same seed and different files for another seed', () => {
    const a = generateInMemory({ seed: 7, people: 3000 });
    const b = generateInMemory({ seed: 7, people: 3000 });
    const c = generateInMemory({ seed: 8, people: 3000 });
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [name, bytes] of a) expect(bytes.equals(b.get(name)!), name).toBe(true);
    expect(a.get('kemensos_pkh.csv')!.equals(c.get('kemensos_pkh.csv')!)).toBe(false);
  });

  it('stops at the requested row total', () => {
    const s = readScenario(generateInMemory({ seed: 3, people: undefined, rows: 5000 }));
    expect(s.truth.totals.rows).toBeGreaterThanOrEqual(5000);
    expect(s.truth.totals.rows).toBeLessThan(5100); // one family's rows past the target at most
    const written = [...s.rows.values()].reduce((n, r) => n + r.length, 0);
    expect(written).toBe(s.truth.totals.rows);
  });
});

describe('padan generate: NIK and KK structure', () => {
  const districts = new Set(regionsOf('61').districts.map((d) => d.code));

  it('writes 16-digit NIKs with a real district prefix, birth date and +40 for women, and a 9xxx serial', () => {
    let checked = 0;
    let total = 0;
    for (const [source, rows] of busy.rows) {
      total += rows.length;
      for (const r of rows) {
        if (mangled.has(`${source}:${r.line}`)) continue;
        expect(r.nik, `${source}:${r.line}`).toMatch(/^\d{16}$/);
        expect(districts.has(r.nik.slice(0, 6)), r.nik.slice(0, 6)).toBe(true);
        expect(r.nik.slice(12, 13)).toBe('9');
        const dd = Number(r.nik.slice(6, 8));
        const [y, m, d] = parseBirth(r.birth);
        // A planted birth-date typo leaves the NIK as issued; skip rows whose date was changed.
        if (Number(r.nik.slice(8, 10)) === m && Number(r.nik.slice(10, 12)) === y % 100 && dd % 40 === d) {
          expect(dd > 40, `${source}:${r.line} sex ${r.sex}`).toBe(isFemale(r.sex));
          checked++;
        }
        expect(r.kk).toMatch(/^\d{16}$/);
        expect(districts.has(r.kk.slice(0, 6))).toBe(true);
        expect(Number(r.kk.slice(6, 8))).toBeLessThanOrEqual(31); // registration date: no +40
      }
    }
    expect(checked / total).toBeGreaterThan(0.95);
  });

  it('only breaks NIKs where truth.json says so', () => {
    for (const p of busy.truth.problems.filter((q) => q.kind === 'invalid_nik' || q.kind === 'nik_scientific')) {
      for (const r of p.rows.filter((x) => x.changed)) {
        const nik = rowAt(r.source, r.line).nik;
        expect(nik).not.toBe(p.person);
        if (p.kind === 'nik_scientific') expect(nik).toMatch(/^\d(\.\d+)?E\+15$/);
        else {
          // too short, a letter, day 00, month 13 or serial 0000
          const broken = !/^\d{16}$/.test(nik) || nik.slice(6, 8) === '00' || nik.slice(8, 10) === '13' || nik.endsWith('0000');
          expect(broken, nik).toBe(true);
        }
      }
    }
  });
});

describe('padan generate: truth.json', () => {
  const { truth } = busy;

  it('counts every planted problem it lists, and plants each kind', () => {
    const listed: Record<string, number> = {};
    for (const p of truth.problems) listed[p.kind] = (listed[p.kind] ?? 0) + 1;
    for (const k of PLANTED_KINDS) {
      expect(listed[k] ?? 0, k).toBe(truth.counts[k]);
      expect(truth.counts[k], k).toBeGreaterThan(0);
    }
    expect(truth.problems.map((p) => p.id)).toEqual(truth.problems.map((_, i) => i + 1));
    for (const p of truth.problems) expect(p.expect).toBe(PLANTED[p.kind].expect);
  });

  it('points at rows that hold the planted problem', () => {
    const byKind = (k: PlantedKind) => truth.problems.filter((p) => p.kind === k);
    for (const p of byKind('duplicate_in_roster')) {
      const [a, b] = p.rows.map((r) => rowAt(r.source, r.line));
      expect(p.rows[0].source).toBe(p.rows[1].source);
      expect(a.nik).toBe(b.nik);
      expect(a.program).toBe(b.program);
      expect(p.rows[1].line).toBeGreaterThan(p.rows[0].line); // re-registered later in the file
    }
    for (const p of byKind('two_regencies')) {
      const [a, b] = p.rows.map((r) => rowAt(r.source, r.line));
      expect(p.rows[0].source).not.toBe(p.rows[1].source);
      expect(busy.source(p.rows[0].source).role).toBe('regency');
      expect(busy.source(p.rows[1].source).role).toBe('regency');
      expect(a.nik).toBe(b.nik);
      expect(digits(b.region).startsWith(busy.source(p.rows[1].source).region!)).toBe(true);
    }
    for (const p of [...byKind('missing_from_regency'), ...byKind('missing_from_central')]) {
      expect(p.absent_from!.length).toBeGreaterThan(0);
      for (const absent of p.absent_from!) {
        expect(busy.rows.get(absent)!.some((r) => r.nik === p.person && r.program === p.program), `${p.kind} ${absent}`).toBe(false);
      }
      for (const r of p.rows) expect(rowAt(r.source, r.line).nik).toBe(p.person);
    }
    const differs = (k: PlantedKind, value: (r: Row) => string) => {
      for (const p of byKind(k)) {
        const changed = p.rows.filter((r) => r.changed).map((r) => value(rowAt(r.source, r.line)));
        const others = p.rows.filter((r) => !r.changed).map((r) => value(rowAt(r.source, r.line)));
        expect(changed.length, k).toBe(1);
        expect(others.length, k).toBeGreaterThan(0);
        for (const o of others) expect(o, k).not.toBe(changed[0]);
      }
    };
    differs('name_variant', (r) => r.name.toUpperCase().replace(/\s+/g, ' ').trim());
    differs('kk_changed', (r) => r.kk);
    differs('moved', (r) => digits(r.region));
    differs('birth_typo', (r) => parseBirth(r.birth).join('-'));
    differs('family_rep_differs', (r) => r.nik);
    differs('nik_excel_zeroed', (r) => r.nik);
    for (const p of byKind('nik_excel_zeroed')) {
      const changed = p.rows.find((r) => r.changed)!;
      expect(rowAt(changed.source, changed.line).nik).toBe(p.person.slice(0, 15) + '0');
    }
    for (const p of byKind('leading_apostrophe')) {
      const changed = p.rows.find((r) => r.changed)!;
      expect(rowAt(changed.source, changed.line).nik).toBe(`'${p.person}`);
    }
    for (const p of byKind('twins')) {
      const [a, b] = p.rows.map((r) => rowAt(r.source, r.line));
      // A twin's row may carry a second planted problem (a broken NIK); compare the clean ones.
      if (!mangled.has(`${p.rows[0].source}:${p.rows[0].line}`)) expect(a.nik).toBe(p.person);
      if (!mangled.has(`${p.rows[1].source}:${p.rows[1].line}`)) expect(b.nik).toBe(p.other_person);
      expect(p.person).not.toBe(p.other_person);
      // Same birth date coded in both NIKs (a girl's day is +40).
      expect(Number(p.person.slice(6, 8)) % 40).toBe(Number(p.other_person!.slice(6, 8)) % 40);
      expect(p.person.slice(8, 12)).toBe(p.other_person!.slice(8, 12));
      expect(a.kk).toBe(b.kk);
      expect(a.birth).toBe(b.birth);
      expect(p.person.slice(0, 6)).toBe(p.other_person!.slice(0, 6));
    }
  });

  it('plants nothing with --mess 0 (every rate zero)', () => {
    const zero = Object.fromEntries(PLANTED_KINDS.map((k) => [k, 0])) as Record<PlantedKind, number>;
    const clean = readScenario(generateInMemory({ seed: 5, people: 3000, rates: zero }));
    expect(clean.truth.problems).toEqual([]);
    // A clean scenario lists each family once per program in each source.
    for (const [, rows] of clean.rows) {
      const keys = new Set(rows.map((r) => `${r.nik}|${r.program}`));
      expect(keys.size).toBe(rows.length);
    }
  });
});

describe('padan generate: command and config', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes rosters whose config parses with readConfig and points at every file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-gen-'));
    dirs.push(dir);
    const { code, stdout } = await runGenerateCli(['--people', '5k', '--regencies', '2', '--seed', '11', '--out', 'scenario', '--province', '32'], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/padan generate: 5,0\d\d people/);
    const config = readConfig(join(dir, 'scenario', 'padan.config.json'));
    expect(config.province).toBe('32');
    expect(config.sources.map((s) => s.role)).toEqual(['central', 'central', 'central', 'central', 'provincial', 'regency', 'regency']);
    expect(config.programs).toEqual({ PKH: { unit: 'family' }, BPNT: { unit: 'family' }, PBP: { unit: 'family' } });
    const files = readdirSync(join(dir, 'scenario'));
    for (const s of config.sources) {
      expect(files).toContain(s.path);
      expect(s.absPath).toBe(join(dir, 'scenario', s.path));
      expect(s.region?.startsWith('32')).toBe(true);
    }
    const readme = readFileSync(join(dir, 'scenario', 'README.md'), 'utf8');
    expect(readme).toMatch(/9001-9999/);
    expect(readme).toMatch(/not real people/);
  });

  it('refuses bad options with a one-line reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-gen-'));
    dirs.push(dir);
    await expect(runGenerateCli(['--people', 'many', '--out', 'x'], dir)).rejects.toThrow(PadanError);
    await expect(runGenerateCli(['--people', '100', '--province', '99', '--out', 'x'], dir)).rejects.toThrow(/not a province code/);
    await expect(runGenerateCli(['--people', '100', '--regencies', '40', '--out', 'x'], dir)).rejects.toThrow(/has 14 regencies/);
    await expect(runGenerateCli(['--people', '100', '--rate', 'twinz=0.1', '--out', 'x'], dir)).rejects.toThrow(/not a planted kind/);
  });
});
