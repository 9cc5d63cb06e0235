import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { registerGenerate, readProvinceRegions } from '../src/cli/commands/generate.js';
import { memoryIo } from '../src/cli/io.js';
import type { CliContext } from '../src/cli/main.js';
import type { PadanConfig, SourceConfig } from '../src/config/schema.js';
import type { ProvinceRegions } from '../src/generate/population.js';
import { DEFAULT_RATES, generateScenario, type GenerateOptions, type PlantedKind } from '../src/generate/rosters.js';

const regionCache = new Map<string, ProvinceRegions>();
export function regionsOf(province: string): ProvinceRegions {
  let r = regionCache.get(province);
  if (r === undefined) regionCache.set(province, (r = readProvinceRegions(province)));
  return r;
}

/** Runs the generator into memory: file name -> bytes. */
export function generateInMemory(opts: Partial<GenerateOptions> & { province?: string } = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer[]>();
  generateScenario(
    regionsOf(opts.province ?? '61'),
    { seed: 1, people: 4000, regencies: 3, rates: DEFAULT_RATES, ...opts },
    (rel) => {
      const chunks: Buffer[] = [];
      files.set(rel, chunks);
      // The generator reuses its buffer after write returns: copy.
      return { write: (c) => void chunks.push(Buffer.from(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c))), close: () => {} };
    },
  );
  return new Map([...files].map(([k, v]) => [k, Buffer.concat(v)]));
}

export interface TruthRow {
  source: string;
  line: number;
  changed?: boolean;
}
export interface TruthProblem {
  id: number;
  kind: PlantedKind;
  expect: string;
  field?: string;
  program: string;
  person: string;
  other_person?: string;
  rows: TruthRow[];
  absent_from?: string[];
}
export interface Truth {
  format: string;
  problems: TruthProblem[];
  counts: Record<PlantedKind, number>;
  expected: Record<string, number>;
  totals: { people: number; families: number; rows: number; rows_by_source: Record<string, number> };
}

/** One roster row mapped onto canonical fields through the generated config's columns. */
export interface Row {
  line: number;
  nik: string;
  kk: string;
  name: string;
  birth: string;
  sex: string;
  region: string;
  program: string;
}

export interface Scenario {
  config: PadanConfig;
  truth: Truth;
  rows: Map<string, Row[]>;
  source(name: string): SourceConfig;
}

export function readScenario(files: Map<string, Buffer>): Scenario {
  const config = JSON.parse(files.get('padan.config.json')!.toString('utf8')) as PadanConfig;
  const truth = JSON.parse(files.get('truth.json')!.toString('utf8')) as Truth;
  const rows = new Map<string, Row[]>();
  for (const s of config.sources) {
    const records = parse(files.get(s.path)!, { delimiter: s.delimiter, bom: true, columns: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[];
    const c = s.columns!;
    rows.set(
      s.name,
      records.map(({ record, info }) => ({
        line: info.lines,
        nik: record[c.nik!],
        kk: record[c.kk!],
        name: record[c.name!],
        birth: record[c.birth_date!],
        sex: record[c.sex!],
        region: record[c.region!],
        program: c.program !== undefined ? record[c.program] : s.program!,
      })),
    );
  }
  return { config, truth, rows, source: (name) => config.sources.find((s) => s.name === name)! };
}

/** `padan generate ...` through the real command registration; returns the exit code and output. */
export async function runGenerateCli(args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  const io = memoryIo({}, cwd);
  const ctx: CliContext = { io, exitCode: 0 };
  const program = new Command('padan').exitOverride();
  registerGenerate(program, ctx);
  await program.parseAsync(['node', 'padan', 'generate', ...args]);
  return { code: ctx.exitCode, stdout: io.stdout };
}

const MONTHS: Record<string, number> = {
  januari: 1, februari: 2, pebruari: 2, maret: 3, april: 4, mei: 5, juni: 6, juli: 7, agustus: 8,
  september: 9, oktober: 10, november: 11, nopember: 11, desember: 12,
};

/** Any of the generated date styles -> [year, month, day]. */
export function parseBirth(text: string): [number, number, number] {
  let m = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(text);
  if (m) return [Number(m[3]), Number(m[2]), Number(m[1])];
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(text);
  if (m && MONTHS[m[2].toLowerCase()] !== undefined) return [Number(m[3]), MONTHS[m[2].toLowerCase()], Number(m[1])];
  throw new Error(`unexpected date ${text}`);
}

export function isFemale(sex: string): boolean {
  return sex === 'P' || sex === '2' || sex === 'PEREMPUAN';
}
