import { CANONICAL_FIELDS, REQUIRED_FIELDS, type CanonicalField } from '../domain/fields.js';
import { PadanError } from '../domain/errors.js';
import type { ResolvedSource } from '../config/schema.js';

/** Header text reduced to A-Z0-9: "No. KK" -> NOKK, "L/P" -> LP, "tgl_lahir" -> TGLLAHIR. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/**
 * Known header names per field, most specific first: when a file has both NIK and NIK_PENGURUS,
 * NIK wins. None of these is an official schema (no agency publishes one); they are the names seen
 * in DTKS/BDT exports, PKH/BPNT lists, PBP (Bulog) and P3KE files and village systems.
 */
const SYNONYMS: Record<CanonicalField, string[]> = {
  nik: ['NIK', 'NONIK', 'NOMORNIK', 'NIKKPM', 'NIKKTP', 'NIKPENERIMA', 'NIKART', 'NIKPENGURUS', 'NOMORINDUKKEPENDUDUKAN', 'NOKTP', 'NOMORKTP'],
  name: ['NAMA', 'NAMAKPM', 'NAMAPENERIMA', 'NAMALENGKAP', 'NMLENGKAP', 'NAMAART', 'NAMAPENGURUS', 'NMKPM', 'NAMAPENERIMAMANFAAT', 'NMART'],
  kk: ['NOKK', 'NOMORKK', 'NKK', 'KK', 'NOMORKARTUKELUARGA', 'NOKARTUKELUARGA', 'NOKKKPM'],
  birth_date: ['TGLLAHIR', 'TANGGALLAHIR', 'TGLLHR', 'TANGGALLHR', 'TGLLAHIRKPM', 'DOB', 'BIRTHDATE'],
  sex: ['JENISKELAMIN', 'JK', 'JNSKEL', 'JNSKELAMIN', 'LP', 'KELAMIN', 'SEX', 'GENDER'],
  region: [
    'KODEWILAYAH',
    'KDWILAYAH',
    'KODEWIL',
    'KODEDESA',
    'KDDESA',
    'KODEDESAKELURAHAN',
    'KODEDESAKEL',
    'KODEKEL',
    'KODEKELURAHAN',
    'KDKEL',
    'KODEKECAMATAN',
    'KODEKEC',
    'KDKEC',
  ],
  address: ['ALAMAT', 'ALAMATKPM', 'ALAMATLENGKAP', 'ALAMATPENGURUS', 'ALAMATRUMAH'],
  program: ['PROGRAM', 'JENISBANSOS', 'PROGRAMBANSOS', 'JENISBANTUAN', 'NAMAPROGRAM', 'BANSOS'],
  status: ['STATUS', 'STATUSKPM', 'STATUSPENERIMA', 'KETERANGAN', 'KET', 'STS'],
  amount: ['NOMINAL', 'JUMLAH', 'BESARAN', 'NILAI', 'NOMINALBANTUAN', 'JUMLAHBANTUAN', 'BESARANBANTUAN'],
  record_id: ['ID', 'IDDTKS', 'IDDTSEN', 'IDARTBDT', 'IDART', 'NOPKH', 'NOPPKH', 'IDKPM', 'IDPENERIMA', 'IDINDIVIDU', 'NOREF', 'IDBDT'],
};

/** Per agency, the names its exports are known to use, tried before the general synonyms. */
const PRESETS: Record<string, Partial<Record<CanonicalField, string[]>>> = {
  kemensos: {
    nik: ['NIK', 'NOMORNIK', 'NIKKPM', 'NIKPENGURUS'],
    name: ['NAMA', 'NMLENGKAP', 'NAMAKPM', 'NAMAPENGURUS'],
    kk: ['NOKK', 'NOMORKK'],
    record_id: ['IDDTKS', 'IDDTSEN', 'IDARTBDT', 'NOPKH', 'NOPPKH'],
  },
  bulog: {
    nik: ['NIKPENERIMA', 'NIK', 'NIKKPM'],
    name: ['NAMAPENERIMA', 'NAMAKPM', 'NAMA'],
    record_id: ['IDPBP', 'IDPENERIMA', 'NOREF', 'ID'],
  },
  kemenko_pmk: {
    record_id: ['IDINDIVIDU', 'IDKELUARGAP3KE', 'IDP3KE', 'ID'],
  },
};

/** BDT-era files split the region over KD_PROV, KD_KAB, KD_KEC, KD_DESA (BPS style 2+2+3+3). */
const REGION_PARTS = [
  ['KDPROV', 'KODEPROV', 'KODEPROVINSI', 'KDPROP', 'KODEPROP'],
  ['KDKAB', 'KODEKAB', 'KODEKABUPATEN', 'KDKABKOTA', 'KODEKABKOTA'],
  ['KDKEC', 'KODEKEC', 'KODEKECAMATAN'],
  ['KDDESA', 'KODEDESA', 'KODEKEL', 'KODEKELURAHAN', 'KDKEL'],
];

export type ColumnMap = Record<CanonicalField, number>;

export interface HeaderMapping {
  /** Column index per canonical field, -1 when the file has none. */
  columns: ColumnMap;
  /** When the region is split over several columns: their indexes, province first. */
  regionParts: number[] | null;
  /** Canonical fields the file lacks that padan needs. */
  missingRequired: CanonicalField[];
  /** Configured `columns` headers that are not in the file. */
  missingConfigured: { field: CanonicalField; header: string }[];
}

/** Maps a header row onto canonical fields: configured `columns`, then the agency preset, then synonyms. */
export function mapHeader(source: Pick<ResolvedSource, 'columns' | 'agency' | 'program'>, headerCells: readonly string[]): HeaderMapping {
  const keys = headerCells.map(headerKey);
  const byKey = new Map<string, number>();
  keys.forEach((k, i) => {
    if (k !== '' && !byKey.has(k)) byKey.set(k, i);
  });
  const used = new Set<number>();
  const columns = Object.fromEntries(CANONICAL_FIELDS.map((f) => [f, -1])) as ColumnMap;
  const missingConfigured: HeaderMapping['missingConfigured'] = [];

  for (const [field, header] of Object.entries(source.columns ?? {}) as [CanonicalField, string][]) {
    let idx = headerCells.findIndex((h) => h.trim() === header.trim());
    if (idx < 0) idx = byKey.get(headerKey(header)) ?? -1;
    if (idx < 0) missingConfigured.push({ field, header });
    else {
      columns[field] = idx;
      used.add(idx);
    }
  }
  const configured = new Set(Object.keys(source.columns ?? {}));
  const preset = (source.agency && PRESETS[source.agency]) || {};
  for (const field of CANONICAL_FIELDS) {
    if (configured.has(field)) continue;
    for (const name of [...(preset[field] ?? []), ...SYNONYMS[field]]) {
      const idx = byKey.get(name);
      if (idx !== undefined && !used.has(idx)) {
        columns[field] = idx;
        used.add(idx);
        break;
      }
    }
  }

  let regionParts: number[] | null = null;
  if (!configured.has('region')) {
    const parts = REGION_PARTS.map((names) => names.map((n) => byKey.get(n)).find((i) => i !== undefined) ?? -1);
    if (parts[0] >= 0 && parts[1] >= 0) {
      regionParts = parts.filter((i) => i >= 0);
      columns.region = regionParts[regionParts.length - 1];
    }
  }

  const missingRequired = REQUIRED_FIELDS.filter((f) => columns[f] < 0);
  return { columns, regionParts, missingRequired, missingConfigured };
}

/** A header row that maps the required fields (used to find the header below title rows). */
export function isUsableHeader(m: HeaderMapping): boolean {
  return m.missingRequired.length === 0 && m.missingConfigured.length === 0;
}

const FIELD_HINT: Record<CanonicalField, string> = {
  nik: 'NIK',
  name: 'NAMA',
  kk: 'NO_KK',
  birth_date: 'TGL_LAHIR',
  sex: 'JENIS_KELAMIN',
  region: 'KODE_WILAYAH',
  address: 'ALAMAT',
  program: 'PROGRAM',
  status: 'STATUS',
  amount: 'NOMINAL',
  record_id: 'ID',
};

/** The one-line config error for a header that cannot be used, naming the file and what it saw. */
export function headerError(where: string, headerLine: number, headerCells: readonly string[], m: HeaderMapping): PadanError {
  const seen = headerCells.map((h) => h.trim()).filter((h) => h !== '');
  const shown = seen.length > 0 ? seen.slice(0, 30).join(', ') + (seen.length > 30 ? ', ...' : '') : '(no headers)';
  const problems: string[] = [];
  for (const { field, header } of m.missingConfigured) problems.push(`column "${header}" configured for ${field} is not in the file`);
  for (const f of m.missingRequired) {
    if (!m.missingConfigured.some((c) => c.field === f)) problems.push(`no column for ${f} (a header such as ${FIELD_HINT[f]})`);
  }
  return new PadanError(`${where}:${headerLine}: ${problems.join('; ')}; headers seen: ${shown}`, [
    `name the column in the source's "columns", e.g. "columns": { "${m.missingRequired[0] ?? 'nik'}": "<header in your file>" }`,
  ]);
}
