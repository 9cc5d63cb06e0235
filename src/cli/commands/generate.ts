import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { PadanError } from '../../domain/errors.js';
import type { ProvinceRegions } from '../../generate/population.js';
import { DEFAULT_RATES, generateScenario, PLANTED_KINDS, type GenerateResult, type PlantedKind, type TextSink } from '../../generate/rosters.js';
import { EXIT_OK } from '../exit.js';
import type { CliContext } from '../main.js';

// src/cli/commands under vitest, dist/cli/commands when built: three folders below the package root.
const DATA_DIR = new URL('../../../data/wilayah/', import.meta.url);

function readCsv(name: string): Record<string, string>[] {
  const url = new URL(name, DATA_DIR);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (e) {
    throw new PadanError(`${fileURLToPath(url)}: cannot read bundled region codes (${(e as NodeJS.ErrnoException).code ?? 'error'}); reinstall padan`);
  }
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

const digits = (code: string) => code.replace(/\./g, '');

/** The province's regencies, districts and villages from the bundled Kemendagri list. */
export function readProvinceRegions(province: string): ProvinceRegions {
  const prov = readCsv('provinces.csv').find((p) => p.code === province);
  if (prov === undefined) throw new PadanError(`--province: "${province}" is not a province code (e.g. 61 Kalimantan Barat, 32 Jawa Barat)`);
  const inProvince = (code: string) => code.startsWith(`${province}.`);
  return {
    province,
    provinceName: prov.name,
    regencies: readCsv('regencies.csv')
      .filter((r) => r.province_code === province)
      .map((r) => ({ code: digits(r.code), name: r.name, kind: r.kind === 'kota' ? 'kota' : 'kabupaten' })),
    districts: readCsv('districts.csv')
      .filter((d) => inProvince(d.code))
      .map((d) => ({ code: digits(d.code), regency: digits(d.regency_code) })),
    villages: readCsv('villages.csv')
      .filter((v) => inProvince(v.code))
      .map((v) => ({ code: digits(v.code), district: digits(v.district_code), name: v.name })),
  };
}

/** 1000, 1e6, 100k, 2.5M. */
export function parseCount(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([kKmM]?)$/.exec(value.trim().replace(/_/g, ''));
  const n = m === null ? NaN : Number(m[1]) * (m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1e3 : 1e6);
  if (!Number.isFinite(n) || n < 1 || !Number.isInteger(Math.round(n))) {
    throw new PadanError(`${flag}: "${value}" is not a positive count (e.g. 100000, 1e6, 250k)`);
  }
  return Math.round(n);
}

export function parseRates(mess: string | undefined, rateFlags: string[]): Record<PlantedKind, number> {
  const factor = mess === undefined ? 1 : Number(mess);
  if (!Number.isFinite(factor) || factor < 0) throw new PadanError(`--mess: "${mess}" is not a factor >= 0 (0 = clean rosters, 1 = default rates)`);
  const rates = Object.fromEntries(PLANTED_KINDS.map((k) => [k, DEFAULT_RATES[k] * factor])) as Record<PlantedKind, number>;
  for (const flag of rateFlags) {
    const [kind, value] = flag.split('=');
    if (!(PLANTED_KINDS as string[]).includes(kind)) throw new PadanError(`--rate: "${kind}" is not a planted kind (${PLANTED_KINDS.join(', ')})`);
    const p = Number(value);
    if (value === undefined || !Number.isFinite(p) || p < 0 || p > 1) throw new PadanError(`--rate ${kind}: "${value ?? ''}" is not a rate between 0 and 1`);
    rates[kind as PlantedKind] = p;
  }
  const groupTotal = PLANTED_KINDS.filter((k) => k !== 'twins').reduce((a, k) => a + rates[k], 0);
  if (groupTotal > 1) throw new PadanError(`--rate/--mess: the planted rates add up to ${groupTotal.toFixed(2)}; at most one problem is planted per record group, so keep the sum <= 1`);
  return rates;
}

/** Files written with plain synchronous writes of large chunks: simple, and as fast as streams here. */
function fileSink(path: string): TextSink {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw new PadanError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return {
    write: (chunk) => void (typeof chunk === 'string' ? writeSync(fd, chunk) : writeSync(fd, chunk)),
    close: () => closeSync(fd),
  };
}

interface GenerateOpts {
  people?: string;
  rows?: string;
  regencies: string;
  seed: string;
  out: string;
  province: string;
  mess?: string;
  rate: string[];
}

export function registerGenerate(program: Command, ctx: CliContext): void {
  program
    .command('generate')
    .summary('write synthetic rosters with planted problems, to try padan on (no real people)')
    .description(
      'Builds a seeded population of families in K regencies of a province and writes the rosters agencies send ' +
        '(kemensos PKH and BPNT, bulog PBP, kemenko_pmk P3KE, the provincial and each regency Dinsos), each in ' +
        'its own format, with duplicates, missing and out-of-sync records, Excel-damaged and invalid NIKs and ' +
        'twins planted at low rates. Also writes DIR/padan.config.json that loads them and DIR/truth.json that ' +
        'lists every planted problem. NIK and KK serials are 9001-9999: synthetic, never a real person.',
    )
    .option('--people <N>', 'population size (default 10000 unless --rows is given)')
    .option('--rows <N>', 'stop when the rosters hold this many rows in total (e.g. 1e6)')
    .option('--regencies <K>', 'regencies with their own roster', '3')
    .option('--seed <S>', 'random seed: the same seed gives byte-identical files', '1')
    .requiredOption('-o, --out <DIR>', 'folder to write (created; files of the same name are replaced)')
    .option('--province <PP>', 'Kemendagri province code', '61')
    .option('--mess <F>', 'multiply every planted rate by F (0 = clean rosters)')
    .option('--rate <KIND=P>', `set one planted rate (repeatable); kinds: ${PLANTED_KINDS.join(', ')}`, (v: string, prev: string[]) => [...prev, v], [] as string[])
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  padan generate --people 20000 --regencies 3 --seed 7 --out demo && padan reconcile demo/padan.config.json --out demo/out\n' +
        '  padan generate --rows 1e6 --regencies 5 --out bench-data/1m --rate twins=0.05\n',
    )
    .action((opts: GenerateOpts) => {
      ctx.exitCode = runGenerate(opts, ctx);
    });
}

function runGenerate(opts: GenerateOpts, ctx: CliContext): number {
  const people = opts.people === undefined ? undefined : parseCount('--people', opts.people);
  const rows = opts.rows === undefined ? undefined : parseCount('--rows', opts.rows);
  const regencies = parseCount('--regencies', opts.regencies);
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new PadanError(`--seed: "${opts.seed}" is not an integer between 0 and 4294967295`);
  if (!/^\d{2}$/.test(opts.province)) throw new PadanError(`--province: "${opts.province}" is not a 2-digit province code`);
  const rates = parseRates(opts.mess, opts.rate);
  const regions = readProvinceRegions(opts.province);
  const withVillages = regions.regencies.filter((r) => regions.villages.some((v) => v.code.startsWith(r.code))).length;
  if (regencies > withVillages) throw new PadanError(`--regencies: province ${opts.province} (${regions.provinceName}) has ${withVillages} regencies; asked for ${regencies}`);

  const dir = resolve(ctx.io.cwd, opts.out);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new PadanError(`${dir}: cannot create folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const started = performance.now();
  const result = generateScenario(regions, { seed, people, rows, regencies, rates }, (rel) => fileSink(join(dir, rel)));
  const seconds = (performance.now() - started) / 1000;
  ctx.io.out(summary(result, dir, seconds));
  return EXIT_OK;
}

function summary(r: GenerateResult, dir: string, seconds: number): string {
  const planted = PLANTED_KINDS.filter((k) => r.counts[k] > 0).map((k) => `${k} ${r.counts[k]}`);
  return (
    `padan generate: ${r.people.toLocaleString('en')} people, ${r.families.toLocaleString('en')} families, ` +
    `${r.rows.toLocaleString('en')} rows in ${r.sources.length} rosters (${seconds.toFixed(1)} s, ${Math.round(r.rows / Math.max(seconds, 1e-3)).toLocaleString('en')} rows/s)\n` +
    r.sources.map((s) => `  ${s.file.padEnd(28)} ${String(s.rows).padStart(10)} rows\n`).join('') +
    `planted: ${planted.join(', ') || 'nothing (--mess 0)'}\n` +
    `wrote ${join(dir, 'padan.config.json')}, truth.json and README.md\n`
  );
}
