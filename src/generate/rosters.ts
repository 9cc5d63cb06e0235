/**
 * Writes a synthetic population as the rosters agencies actually send: four central rosters
 * (kemensos PKH and BPNT, bulog PBP, kemenko_pmk P3KE), one provincial and one per regency, each
 * with its own headers, delimiter and date format, with realistic mess planted at low rates, plus
 * the padan config that loads them and truth.json listing every planted problem.
 *
 * Streams: rows go to per-file buffers that are handed to a sink in chunks; nothing holds a whole
 * file. Pure: the caller supplies the sinks (files in the CLI, memory in tests).
 */
import { Rng } from '../domain/rng.js';
import type { CanonicalField } from '../domain/fields.js';
import type { PadanConfig, SourceConfig } from '../config/schema.js';
import { cosmeticVariant, nameVariant, type Sex } from './names.js';
import {
  civilFromDays,
  daysFromCivil,
  isValidDate,
  PAD2,
  planRegions,
  PopulationGenerator,
  PROGRAM_BIT,
  type Family,
  type Person,
  type Program,
  type ProvinceRegions,
  type Relation,
} from './population.js';

// ---------------------------------------------------------------- planted problems

/** What can be planted, with what padan should report for it ('none' = a trap: report nothing). */
export const PLANTED = {
  duplicate_in_roster: { expect: 'duplicate', field: undefined },
  two_regencies: { expect: 'duplicate', field: undefined },
  missing_from_regency: { expect: 'missing', field: undefined },
  missing_from_central: { expect: 'missing', field: undefined },
  name_variant: { expect: 'out_of_sync', field: 'name' },
  kk_changed: { expect: 'out_of_sync', field: 'kk' },
  moved: { expect: 'out_of_sync', field: 'region' },
  birth_typo: { expect: 'out_of_sync', field: 'birth_date' },
  family_rep_differs: { expect: 'out_of_sync', field: 'nik' },
  nik_excel_zeroed: { expect: 'out_of_sync', field: 'nik' },
  nik_scientific: { expect: 'invalid', field: 'nik' },
  invalid_nik: { expect: 'invalid', field: 'nik' },
  leading_apostrophe: { expect: 'none', field: undefined },
  cosmetic_name: { expect: 'none', field: undefined },
  twins: { expect: 'none', field: undefined },
} as const satisfies Record<string, { expect: 'duplicate' | 'missing' | 'out_of_sync' | 'invalid' | 'none'; field: CanonicalField | undefined }>;

export type PlantedKind = keyof typeof PLANTED;
export const PLANTED_KINDS = Object.keys(PLANTED) as PlantedKind[];

/**
 * Default rates. Per (family, program) group for the per-family programs, per row for P3KE;
 * `twins` is per family with children. About 6% of groups carry one problem.
 */
export const DEFAULT_RATES: Record<PlantedKind, number> = {
  duplicate_in_roster: 0.006,
  two_regencies: 0.004,
  missing_from_regency: 0.008,
  missing_from_central: 0.005,
  name_variant: 0.008,
  kk_changed: 0.004,
  moved: 0.004,
  birth_typo: 0.004,
  family_rep_differs: 0.004,
  nik_excel_zeroed: 0.002,
  nik_scientific: 0.002,
  invalid_nik: 0.003,
  leading_apostrophe: 0.005,
  cosmetic_name: 0.006,
  twins: 0.02,
};

// ---------------------------------------------------------------- roster layouts

type DateStyle = 'DD-MM-YYYY' | 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'ID_MONTH';
type SexStyle = 'LP' | '12' | 'WORD';
type RegionStyle = 'digits' | 'dotted';
type ColumnKind = CanonicalField | 'seq' | 'village_name' | 'relation' | 'desil';
type Delimiter = ';' | ',' | '|';

interface Layout {
  delimiter: Delimiter;
  date: DateStyle;
  sex: SexStyle;
  region: RegionStyle;
  /** Excel's "CSV UTF-8" writes a BOM. */
  bom: boolean;
  columns: readonly (readonly [header: string, kind: ColumnKind])[];
}

const CENTRAL_LAYOUTS: Record<Program, Layout> = {
  PKH: {
    delimiter: ';', date: 'DD-MM-YYYY', sex: 'LP', region: 'digits', bom: false,
    columns: [['ID_PKH', 'record_id'], ['NIK_KPM', 'nik'], ['NO_KK', 'kk'], ['NAMA_KPM', 'name'], ['TGL_LAHIR', 'birth_date'],
      ['JENIS_KELAMIN', 'sex'], ['KODE_WILAYAH', 'region'], ['NAMA_DESA', 'village_name'], ['ALAMAT', 'address'], ['STATUS', 'status']],
  },
  BPNT: {
    delimiter: '|', date: 'YYYY-MM-DD', sex: '12', region: 'digits', bom: false,
    columns: [['IDDTKS', 'record_id'], ['NOMOR_NIK', 'nik'], ['NOMOR_KK', 'kk'], ['NAMA', 'name'], ['TANGGAL_LAHIR', 'birth_date'],
      ['JENIS_KELAMIN', 'sex'], ['KD_DESA', 'region'], ['ALAMAT', 'address'], ['STATUS', 'status']],
  },
  PBP: {
    delimiter: ',', date: 'ID_MONTH', sex: 'WORD', region: 'dotted', bom: false,
    columns: [['NO', 'seq'], ['NIK', 'nik'], ['NO_KK', 'kk'], ['NAMA_PENERIMA', 'name'], ['TANGGAL_LAHIR', 'birth_date'],
      ['JENIS_KELAMIN', 'sex'], ['KODE_DESA', 'region'], ['DESA', 'village_name'], ['ALAMAT', 'address']],
  },
  P3KE: {
    delimiter: ';', date: 'YYYY-MM-DD', sex: '12', region: 'digits', bom: false,
    columns: [['NIK', 'nik'], ['NO_KK', 'kk'], ['NAMA', 'name'], ['TGL_LAHIR', 'birth_date'], ['JENIS_KELAMIN', 'sex'],
      ['HUBUNGAN_KELUARGA', 'relation'], ['KODE_KEMENDAGRI', 'region'], ['ALAMAT', 'address'], ['DESIL', 'desil']],
  },
};

const PROVINCIAL_LAYOUT: Layout = {
  delimiter: ';', date: 'DD/MM/YYYY', sex: 'LP', region: 'dotted', bom: false,
  columns: [['NO_NIK', 'nik'], ['NO_KK', 'kk'], ['NAMA_LENGKAP', 'name'], ['TGL_LAHIR', 'birth_date'], ['JK', 'sex'],
    ['KODE_WILAYAH', 'region'], ['ALAMAT', 'address'], ['PROGRAM', 'program'], ['STATUS', 'status']],
};

/** Regencies take these in turn: each Dinsos exports its own way. */
const REGENCY_LAYOUTS: readonly Layout[] = [
  {
    delimiter: ',', date: 'DD-MM-YYYY', sex: 'LP', region: 'dotted', bom: true,
    columns: [['NO', 'seq'], ['NIK', 'nik'], ['NOKK', 'kk'], ['NAMA', 'name'], ['TANGGAL_LAHIR', 'birth_date'], ['L/P', 'sex'],
      ['KODE_DESA', 'region'], ['ALAMAT', 'address'], ['PROGRAM', 'program'], ['KET', 'status']],
  },
  {
    delimiter: ';', date: 'DD-MM-YYYY', sex: 'WORD', region: 'digits', bom: false,
    columns: [['NIK', 'nik'], ['NO_KK', 'kk'], ['NAMA_KPM', 'name'], ['TGL_LAHIR', 'birth_date'], ['JENIS_KELAMIN', 'sex'],
      ['KD_WILAYAH', 'region'], ['ALAMAT', 'address'], ['JENIS_BANSOS', 'program'], ['STATUS', 'status']],
  },
  {
    delimiter: '|', date: 'YYYY-MM-DD', sex: '12', region: 'digits', bom: false,
    columns: [['NIK_KTP', 'nik'], ['NOMOR_KK', 'kk'], ['NAMA', 'name'], ['TANGGAL_LAHIR', 'birth_date'], ['JK', 'sex'],
      ['KODE_WILAYAH', 'region'], ['ALAMAT_LENGKAP', 'address'], ['PROGRAM', 'program']],
  },
  {
    delimiter: ',', date: 'ID_MONTH', sex: 'LP', region: 'dotted', bom: false,
    columns: [['NO', 'seq'], ['NIK', 'nik'], ['NO KK', 'kk'], ['NAMA LENGKAP', 'name'], ['TANGGAL LAHIR', 'birth_date'],
      ['JENIS KELAMIN', 'sex'], ['DESA/KELURAHAN', 'village_name'], ['KODE_DESA', 'region'], ['ALAMAT', 'address'], ['BANSOS', 'program']],
  },
];

const CENTRAL_AGENCY: Record<Program, { agency: 'kemensos' | 'bulog' | 'kemenko_pmk'; name: string; idPrefix: string }> = {
  PKH: { agency: 'kemensos', name: 'kemensos_pkh', idPrefix: 'PKH' },
  BPNT: { agency: 'kemensos', name: 'kemensos_bpnt', idPrefix: 'DTKS' },
  PBP: { agency: 'bulog', name: 'bulog_pbp', idPrefix: 'PBP' },
  P3KE: { agency: 'kemenko_pmk', name: 'kemenko_pmk_p3ke', idPrefix: 'P3KE' },
};

/** Programs the provincial and regency Dinsos rosters carry (P3KE stays central). */
const PROVINCIAL_PROGRAMS: readonly Program[] = ['PKH', 'BPNT'];
const REGENCY_PROGRAMS: readonly Program[] = ['PKH', 'BPNT', 'PBP'];
/** Paid per family (one representative per KPM). */
const FAMILY_PROGRAMS: readonly Program[] = ['PKH', 'BPNT', 'PBP'];

const MONTHS_ID = ['', 'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const MONTHS_ID_OLD = ['', 'Januari', 'Pebruari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'Nopember', 'Desember'];

// ---------------------------------------------------------------- options and results

export interface GenerateOptions {
  seed: number;
  /** Stop when the population has this many people. */
  people?: number;
  /** Stop when the rosters hold this many data rows in total; with `people` too, whichever comes first. */
  rows?: number;
  regencies: number;
  rates: Record<PlantedKind, number>;
}

/** Receives one file's text in chunks. A Uint8Array chunk is reused afterwards: consume or copy it before returning. */
export interface TextSink {
  write(chunk: string | Uint8Array): void;
  close(): void;
}
export type OpenSink = (relativePath: string) => TextSink;

export interface GeneratedSource {
  name: string;
  file: string;
  rows: number;
}

export interface GenerateResult {
  people: number;
  families: number;
  rows: number;
  sources: GeneratedSource[];
  counts: Record<PlantedKind, number>;
  config: PadanConfig;
}

// ---------------------------------------------------------------- writer

interface RowData {
  nik: string;
  /** What the roster writes in the NIK column (differs from nik when mangled). */
  nikText: string;
  kk: string;
  name: string;
  birth: number;
  sex: Sex;
  village: number;
  address: string;
  program: Program;
  relation: Relation;
  desil: number;
}

interface TruthRow {
  source: number;
  line: number;
  changed: boolean;
}

interface Problem {
  kind: PlantedKind;
  program: Program;
  person: string;
  otherPerson?: string;
  rows: TruthRow[];
  absentFrom: number[];
  open: number;
  sealed: boolean;
}

interface PendingRow {
  data: RowData;
  problem?: Problem;
  slot: number;
}

const CHUNK = 1 << 20;
/** Formatted dates are cached per day from 1900 to 2049. */
const DATE_CACHE_FIRST = daysFromCivil(1900, 1, 1);
const DATE_CACHE_SIZE = daysFromCivil(2050, 1, 1) - DATE_CACHE_FIRST;
const DEFER_BATCH = 32;

class RosterFile {
  /** Rows are encoded straight into this buffer: concatenating them into big strings costs more in GC than the writes. */
  private readonly bytes = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  line = 1;
  seq = 0;
  pending: PendingRow[] = [];
  private readonly dateCache: string[] = new Array<string>(DATE_CACHE_SIZE).fill('');
  private readonly format: (d: RowData, f: RosterFile) => string;
  private readonly sexText: readonly [string, string];

  constructor(
    readonly name: string,
    readonly file: string,
    readonly layout: Layout,
    readonly idPrefix: string,
    private readonly sink: TextSink,
    private readonly villages: readonly { code: string; dotted: string; name: string }[],
    private readonly oldMonthSpelling: boolean,
  ) {
    this.sexText = layout.sex === 'LP' ? ['L', 'P'] : layout.sex === '12' ? ['1', '2'] : ['LAKI-LAKI', 'PEREMPUAN'];
    const delim = layout.delimiter;
    const esc = (s: string) => (s.includes(delim) || s.includes('"') ? `"${s.replace(/"/g, '""')}"` : s);
    const parts = layout.columns.map(([, kind]): ((d: RowData, f: RosterFile) => string) => {
      switch (kind) {
        case 'nik': return (d) => esc(d.nikText);
        case 'kk': return (d) => d.kk;
        case 'name': return (d) => esc(d.name);
        case 'birth_date': return (d, f) => f.date(d.birth);
        case 'sex': return (d, f) => f.sexText[d.sex === 'L' ? 0 : 1];
        case 'region': return layout.region === 'digits' ? (d) => this.villages[d.village].code : (d) => this.villages[d.village].dotted;
        case 'village_name': return (d) => esc(this.villages[d.village].name);
        case 'address': return (d) => esc(d.address);
        case 'program': return (d) => d.program;
        case 'status': return () => 'AKTIF';
        case 'record_id': return (_, f) => f.idPrefix + String(f.seq).padStart(9, '0');
        case 'seq': return (_, f) => String(f.seq);
        case 'relation': return (d) => d.relation;
        case 'desil': return (d) => String(d.desil);
        case 'amount': return () => '';
      }
    });
    // One closure per layout: a fixed sequence of appends, no per-row arrays.
    this.format = (d, f) => {
      let s = parts[0](d, f);
      for (let i = 1; i < parts.length; i++) s += delim + parts[i](d, f);
      return s;
    };
    if (layout.bom) this.used = this.bytes.write('\uFEFF', 0, 'utf8');
    this.append(layout.columns.map(([h]) => esc(h)).join(delim) + '\n');
  }

  /** Every generated value is ASCII (village names are folded), so latin1 writes the same bytes as utf-8, faster. */
  private append(text: string): void {
    if (this.used + text.length > CHUNK) this.flush();
    this.used += this.bytes.write(text, this.used, 'latin1');
  }

  private flush(): void {
    if (this.used > 0) this.sink.write(this.bytes.subarray(0, this.used));
    this.used = 0;
  }

  get rows(): number {
    return this.line - 1;
  }

  /** Writes one row; returns its physical line. */
  write(d: RowData): number {
    this.seq++;
    this.append(this.format(d, this) + '\n');
    return ++this.line;
  }

  close(): void {
    this.flush();
    this.sink.close();
  }

  private date(day: number): string {
    const slot = day - DATE_CACHE_FIRST;
    const cached = slot >= 0 && slot < DATE_CACHE_SIZE ? this.dateCache[slot] : '';
    if (cached !== '') return cached;
    const ymd = civilFromDays(day);
    const y = Math.floor(ymd / 10000);
    const m = Math.floor(ymd / 100) % 100;
    const dd = PAD2[ymd % 100];
    let s: string;
    switch (this.layout.date) {
      case 'DD-MM-YYYY': s = `${dd}-${PAD2[m]}-${y}`; break;
      case 'DD/MM/YYYY': s = `${dd}/${PAD2[m]}/${y}`; break;
      case 'YYYY-MM-DD': s = `${y}-${PAD2[m]}-${dd}`; break;
      case 'ID_MONTH': s = `${ymd % 100} ${(this.oldMonthSpelling && y < 1980 ? MONTHS_ID_OLD : MONTHS_ID)[m]} ${y}`; break;
    }
    if (slot >= 0 && slot < DATE_CACHE_SIZE) this.dateCache[slot] = s;
    return s;
  }
}

/** Excel's General format for a 16-digit number: 6 significant digits, trailing zeros dropped. */
export function excelScientific(nik: string): string {
  const mantissa = nik.slice(1, 6).replace(/0+$/, '');
  return mantissa === '' ? `${nik[0]}E+15` : `${nik[0]}.${mantissa}E+15`;
}

/** A NIK broken the ways clerks break them: a digit lost, a letter O, day 00, month 13, serial 0000. */
export function breakNik(rng: Rng, nik: string): string {
  switch (rng.int(0, 4)) {
    case 0: {
      const i = rng.int(6, 15);
      return nik.slice(0, i) + nik.slice(i + 1);
    }
    case 1: {
      const i = nik.indexOf('0', 2);
      return i < 0 ? nik.slice(0, 15) : nik.slice(0, i) + 'O' + nik.slice(i + 1);
    }
    case 2:
      return nik.slice(0, 6) + '00' + nik.slice(8);
    case 3:
      return nik.slice(0, 8) + '13' + nik.slice(10);
    default:
      return nik.slice(0, 12) + '0000';
  }
}

/** A birth date as mistyped: day and month swapped, a day or a year off. Always a real, different date. */
export function birthTypo(rng: Rng, day: number): number {
  const ymd = civilFromDays(day);
  const y = Math.floor(ymd / 10000);
  const m = Math.floor(ymd / 100) % 100;
  const d = ymd % 100;
  const r = rng.int(0, 3);
  if (r === 0 && d <= 12 && d !== m && isValidDate(y, d, m)) return daysFromCivil(y, d, m);
  if (r === 1) return daysFromCivil(y + (rng.chance(0.5) ? 1 : -1), m, Math.min(d, 28));
  if (r === 2) return daysFromCivil(y + (y % 100 >= 90 ? -10 : 10), m, Math.min(d, 28)); // a slip in the tens of the year
  return day + (rng.chance(0.5) ? 1 : -1) * rng.int(1, 3);
}

// ---------------------------------------------------------------- the generator

interface GroupPlan {
  program: Program;
  /** Source indexes holding this family for this program: central first. */
  sources: number[];
  regencySource: number;
}

/**
 * Generates the scenario: streams every roster through `open`, then writes padan.config.json,
 * truth.json and README.md the same way. Deterministic for a seed.
 */
export function generateScenario(regions: ProvinceRegions, opts: GenerateOptions, open: OpenSink): GenerateResult {
  const rng = new Rng(opts.seed);
  const plan = planRegions(rng, regions, opts.regencies);
  const population = new PopulationGenerator(rng, plan, { people: opts.people ?? (opts.rows === undefined ? 10_000 : undefined), twinRate: opts.rates.twins });
  const villages = plan.villages.map((v) => ({
    code: v.code,
    dotted: `${v.code.slice(0, 2)}.${v.code.slice(2, 4)}.${v.code.slice(4, 6)}.${v.code.slice(6)}`,
    // ASCII only (Regapu’u -> REGAPU'U): the roster writer relies on it.
    name: v.name.toUpperCase().replace(/[\u2018\u2019]/g, "'").normalize('NFKD').replace(/[^\x20-\x7e]/g, ''),
  }));

  // Sources: central per program, the province, one per regency.
  const files: RosterFile[] = [];
  const sourceConfigs: SourceConfig[] = [];
  const addSource = (cfg: Omit<SourceConfig, 'path' | 'columns' | 'delimiter' | 'encoding' | 'dateFormat'>, layout: Layout, idPrefix: string, oldMonths: boolean): number => {
    const file = `${cfg.name}.csv`;
    files.push(new RosterFile(cfg.name, file, layout, idPrefix, open(file), villages, oldMonths));
    const columns: Partial<Record<CanonicalField, string>> = {};
    for (const [header, kind] of layout.columns) if (kind !== 'seq' && kind !== 'village_name' && kind !== 'relation' && kind !== 'desil') columns[kind] = header;
    sourceConfigs.push({
      ...cfg,
      path: file,
      delimiter: layout.delimiter,
      encoding: 'utf-8',
      // Indonesian month names have no dateFormat value: the loader recognises them itself.
      ...(layout.date === 'ID_MONTH' ? {} : { dateFormat: layout.date }),
      columns,
    });
    return files.length - 1;
  };
  const central = {} as Record<Program, number>;
  for (const p of ['PKH', 'BPNT', 'PBP', 'P3KE'] as const) {
    const a = CENTRAL_AGENCY[p];
    central[p] = addSource({ name: a.name, role: 'central', agency: a.agency, program: p, region: plan.province }, CENTRAL_LAYOUTS[p], a.idPrefix, true);
  }
  const provincial = addSource({ name: `dinsos_prov_${plan.province}`, role: 'provincial', agency: 'dinsos', region: plan.province }, PROVINCIAL_LAYOUT, '', false);
  const regencySource: number[] = plan.regencies.map((r, i) =>
    addSource({ name: `${r.kind === 'kota' ? 'kota' : 'kab'}_${r.code}`, role: 'regency', agency: 'dinsos', region: r.code }, REGENCY_LAYOUTS[i % REGENCY_LAYOUTS.length], '', i % 2 === 1),
  );

  // truth.json streams too: problems are written as soon as all their rows have line numbers.
  const truth = open('truth.json');
  const counts = Object.fromEntries(PLANTED_KINDS.map((k) => [k, 0])) as Record<PlantedKind, number>;
  let truthBuf = '';
  let problemsWritten = 0;
  const flushProblem = (p: Problem) => {
    const def = PLANTED[p.kind];
    const o: Record<string, unknown> = { id: ++problemsWritten, kind: p.kind, expect: def.expect };
    if (def.field !== undefined) o.field = def.field;
    o.program = p.program;
    o.person = p.person;
    if (p.otherPerson !== undefined) o.other_person = p.otherPerson;
    o.rows = p.rows.map((r) => (r.changed ? { source: files[r.source].name, line: r.line, changed: true } : { source: files[r.source].name, line: r.line }));
    if (p.absentFrom.length > 0) o.absent_from = p.absentFrom.map((s) => files[s].name);
    truthBuf += (problemsWritten === 1 ? '\n' : ',\n') + JSON.stringify(o);
    if (truthBuf.length >= CHUNK) {
      truth.write(truthBuf);
      truthBuf = '';
    }
  };
  truth.write(
    `{"format":"padan-truth/1","generator":${JSON.stringify({ seed: opts.seed, people: opts.people ?? null, rows: opts.rows ?? null, province: plan.province, regencies: plan.regencies.map((r) => r.code), rates: opts.rates })},\n"problems":[`,
  );

  const newProblem = (kind: PlantedKind, program: Program, person: string): Problem => {
    counts[kind]++;
    return { kind, program, person, rows: [], absentFrom: [], open: 0, sealed: false };
  };
  const seal = (p: Problem) => {
    p.sealed = true;
    if (p.open === 0) flushProblem(p);
  };
  let totalRows = 0;
  const emit = (source: number, data: RowData, problem?: Problem, changed = false) => {
    const line = files[source].write(data);
    totalRows++;
    if (problem !== undefined) problem.rows.push({ source, line, changed });
  };
  const defer = (source: number, data: RowData, problem: Problem) => {
    problem.rows.push({ source, line: 0, changed: true });
    problem.open++;
    files[source].pending.push({ data, problem, slot: problem.rows.length - 1 });
  };
  const flushPending = (f: RosterFile) => {
    for (const p of f.pending) {
      const line = f.write(p.data);
      totalRows++;
      if (p.problem !== undefined) {
        p.problem.rows[p.slot].line = line;
        if (--p.problem.open === 0 && p.problem.sealed) flushProblem(p.problem);
      }
    }
    f.pending = [];
  };

  const rowOf = (fam: Family, person: Person, program: Program): RowData => ({
    nik: person.nik,
    nikText: person.nik,
    kk: fam.kk,
    name: person.name,
    birth: person.birth,
    sex: person.sex,
    village: fam.village,
    address: fam.address,
    program,
    relation: person.relation,
    desil: 1 + (fam.fid % 4),
  });

  const rates = opts.rates;
  const groupKinds: PlantedKind[] = PLANTED_KINDS.filter((k) => k !== 'twins');
  const singleSourceKinds: PlantedKind[] = ['duplicate_in_roster', 'invalid_nik', 'nik_scientific', 'leading_apostrophe'];
  const roll = (kinds: readonly PlantedKind[]): PlantedKind | undefined => {
    let r = rng.next();
    for (const k of kinds) {
      if (r < rates[k]) return k;
      r -= rates[k];
    }
    return undefined;
  };
  const today = daysFromCivil(2025, 6, 30);
  const adult = (p: Person) => today - p.birth >= 17 * 365;

  const representative = (fam: Family, program: Program): number => {
    if (program === 'PKH') {
      // PKH is usually paid to the mother (pengurus).
      const wife = fam.members.findIndex((m) => m.relation === 'ISTRI');
      if (wife >= 0) return wife;
    }
    return 0;
  };

  /** Plants one problem on a per-family program group and writes its rows. */
  const writeGroup = (fam: Family, g: GroupPlan) => {
    const repIndex = representative(fam, g.program);
    const rep = fam.members[repIndex];
    const base = rowOf(fam, rep, g.program);
    let kind = roll(groupKinds);
    const regencyPos = g.sources.indexOf(g.regencySource);
    // Problems that need something this group lacks fall back to a clean group.
    if (kind === 'two_regencies' && (plan.regencies.length < 2 || regencyPos < 0)) kind = undefined;
    if ((kind === 'missing_from_regency' || kind === 'missing_from_central') && regencyPos < 0) kind = undefined;
    if (kind === 'nik_excel_zeroed' && rep.nik.endsWith('0')) kind = 'nik_scientific';
    let alt = -1;
    if (kind === 'family_rep_differs') {
      alt = fam.members.findIndex((m, i) => i !== repIndex && adult(m));
      if (alt < 0) kind = undefined;
    }
    if (kind === undefined) {
      for (const s of g.sources) emit(s, base);
      return;
    }
    const problem = newProblem(kind, g.program, rep.nik);
    const odd = kind === 'nik_scientific' || kind === 'nik_excel_zeroed' || kind === 'leading_apostrophe'
      ? (regencyPos >= 0 && rng.chance(0.7) ? g.regencySource : rng.pick(g.sources)) // Excel damage happens at the regency
      : rng.pick(g.sources);
    switch (kind) {
      case 'missing_from_regency':
        for (const s of g.sources) if (s !== g.regencySource) emit(s, base, problem);
        problem.absentFrom.push(g.regencySource);
        break;
      case 'missing_from_central':
        for (const s of g.sources) if (s === g.regencySource) emit(s, base, problem, true);
        for (const s of g.sources) if (s !== g.regencySource) problem.absentFrom.push(s);
        break;
      case 'duplicate_in_roster': {
        for (const s of g.sources) emit(s, base, s === odd ? problem : undefined);
        // A re-registration keeps the person's data; now and then the name is retyped with a title.
        defer(odd, rng.chance(0.3) ? { ...base, name: cosmeticVariant(rng, base.name, base.sex) } : base, problem);
        break;
      }
      case 'two_regencies': {
        const r = plan.villages[fam.village].regency;
        let other = rng.int(0, plan.regencies.length - 2);
        if (other >= r) other++;
        const village = rng.int(plan.villageStart[other], plan.villageStart[other + 1] - 1);
        for (const s of g.sources) emit(s, base, s === g.regencySource ? problem : undefined);
        // Still listed where the family lived before moving.
        emit(regencySource[other], { ...base, village, address: population.address() }, problem, true);
        break;
      }
      default: {
        const changed: RowData = { ...base };
        switch (kind) {
          case 'name_variant': changed.name = nameVariant(rng, base.name); break;
          case 'cosmetic_name': changed.name = cosmeticVariant(rng, base.name, base.sex); break;
          case 'kk_changed': changed.kk = population.newKk(fam); break;
          case 'moved': {
            const r = plan.villages[fam.village].regency;
            const lo = plan.villageStart[r];
            const hi = plan.villageStart[r + 1] - 1;
            let v = rng.int(lo, hi);
            // Prefer another district; a few tries are enough in every regency.
            for (let t = 0; t < 8 && (v === fam.village || plan.villages[v].district === plan.villages[fam.village].district); t++) v = rng.int(lo, hi);
            if (v === fam.village) v = fam.village === hi ? lo : fam.village + 1;
            changed.village = v;
            changed.address = population.address();
            break;
          }
          case 'birth_typo': changed.birth = birthTypo(rng, base.birth); break;
          case 'family_rep_differs': {
            Object.assign(changed, rowOf(fam, fam.members[alt], g.program));
            problem.otherPerson = fam.members[alt].nik;
            break;
          }
          case 'nik_excel_zeroed': changed.nikText = rep.nik.slice(0, 15) + '0'; break;
          case 'nik_scientific': changed.nikText = excelScientific(rep.nik); break;
          case 'invalid_nik': changed.nikText = breakNik(rng, rep.nik); break;
          case 'leading_apostrophe': changed.nikText = `'${rep.nik}`; break;
          default: break;
        }
        if (kind === 'name_variant' && changed.name === base.name) changed.name = base.name + 'H';
        for (const s of g.sources) emit(s, s === odd ? changed : base, problem, s === odd);
      }
    }
    seal(problem);
  };

  /** P3KE lists every member of the family (person unit), on the central roster only. */
  const writeP3ke = (fam: Family) => {
    const s = central.P3KE;
    const lines: number[] = [];
    for (const m of fam.members) {
      const base = rowOf(fam, m, 'P3KE');
      const kind = roll(singleSourceKinds);
      if (kind === undefined) {
        lines.push(files[s].line + 1);
        emit(s, base);
        continue;
      }
      const problem = newProblem(kind, 'P3KE', m.nik);
      const changed = { ...base };
      if (kind === 'invalid_nik') changed.nikText = breakNik(rng, m.nik);
      else if (kind === 'nik_scientific') changed.nikText = excelScientific(m.nik);
      else if (kind === 'leading_apostrophe') changed.nikText = `'${m.nik}`;
      lines.push(files[s].line + 1);
      emit(s, changed, problem, kind !== 'duplicate_in_roster');
      if (kind === 'duplicate_in_roster') defer(s, base, problem);
      seal(problem);
    }
    if (fam.twins !== undefined) {
      const [a, b] = fam.twins;
      const problem = newProblem('twins', 'P3KE', fam.members[a].nik);
      problem.otherPerson = fam.members[b].nik;
      problem.rows.push({ source: s, line: lines[a], changed: false }, { source: s, line: lines[b], changed: false });
      seal(problem);
    }
  };

  for (;;) {
    if (opts.rows !== undefined && totalRows >= opts.rows) break;
    const fam = population.next();
    if (fam === undefined) break;
    const r = plan.villages[fam.village].regency;
    for (const program of FAMILY_PROGRAMS) {
      if ((fam.programs & PROGRAM_BIT[program]) === 0) continue;
      const sources = [central[program]];
      if (PROVINCIAL_PROGRAMS.includes(program)) sources.push(provincial);
      if (REGENCY_PROGRAMS.includes(program)) sources.push(regencySource[r]);
      writeGroup(fam, { program, sources, regencySource: regencySource[r] });
    }
    if ((fam.programs & PROGRAM_BIT.P3KE) !== 0) writeP3ke(fam);
    for (const f of files) if (f.pending.length >= DEFER_BATCH) flushPending(f);
  }
  for (const f of files) flushPending(f);
  for (const f of files) f.close();

  const expected: Record<string, number> = {};
  for (const k of PLANTED_KINDS) expected[PLANTED[k].expect] = (expected[PLANTED[k].expect] ?? 0) + counts[k];
  truth.write(
    `${truthBuf}\n],\n"counts":${JSON.stringify(counts)},\n"expected":${JSON.stringify(expected)},\n"totals":${JSON.stringify({ people: population.peopleCount, families: population.familyCount, rows: totalRows, rows_by_source: Object.fromEntries(files.map((f) => [f.name, f.rows])) })}}\n`,
  );
  truth.close();

  const config: PadanConfig = {
    province: plan.province,
    sources: sourceConfigs,
    programs: { PKH: { unit: 'family' }, BPNT: { unit: 'family' }, PBP: { unit: 'family' } },
  };
  const cfgSink = open('padan.config.json');
  cfgSink.write(JSON.stringify(config, null, 2) + '\n');
  cfgSink.close();

  const result: GenerateResult = {
    people: population.peopleCount,
    families: population.familyCount,
    rows: totalRows,
    sources: files.map((f) => ({ name: f.name, file: f.file, rows: f.rows })),
    counts,
    config,
  };
  const readme = open('README.md');
  readme.write(scenarioReadme(result, opts, plan.provinceName, plan.regencies.map((r) => `${r.code} ${r.name}`)));
  readme.close();
  return result;
}

function scenarioReadme(r: GenerateResult, opts: GenerateOptions, provinceName: string, regencies: string[]): string {
  const lines = [
    '# Synthetic padan scenario (not real people)',
    '',
    `Generated by \`padan generate\` with seed ${opts.seed}: ${r.people.toLocaleString('en')} people in ${r.families.toLocaleString('en')} families, ` +
      `${r.rows.toLocaleString('en')} roster rows, province ${provinceName}, regencies ${regencies.join(', ')}.`,
    '',
    'Everything here is made up. Region codes are real Kemendagri codes, but every NIK and No. KK is',
    'synthetic: its last four digits (the serial) are 9001-9999, so it cannot be a real registration.',
    'Names are drawn from lists of common Indonesian names.',
    '',
    'Run it: `padan reconcile padan.config.json --out out` (or `padan validate padan.config.json`).',
    '',
    '## Files',
    '',
    '| source | file | rows |',
    '|---|---|---|',
    ...r.sources.map((s) => `| ${s.name} | ${s.file} | ${s.rows} |`),
    '',
    '## Planted problems (truth.json lists each with its person, sources and lines)',
    '',
    '| kind | padan should report | planted |',
    '|---|---|---|',
    ...PLANTED_KINDS.map((k) => `| ${k} | ${PLANTED[k].expect}${PLANTED[k].field ? ` (${PLANTED[k].field})` : ''} | ${r.counts[k]} |`),
    '',
    '"none" marks traps: twins, a leading apostrophe, a title or case change must not be reported.',
    '',
  ];
  return lines.join('\n');
}
