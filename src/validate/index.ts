import type { ResolvedConfig, ResolvedSource } from '../config/schema.js';
import { IdState, Sex } from '../domain/fields.js';
import type { Finding } from '../domain/finding.js';
import { birthText, idToString, kkText } from '../domain/ids.js';
import { idDay, idDistrict, idMonth, idProvince, idRegency, idSerial, idYear2, isDateInSomeCentury, isPlaceholderId, nikBirth } from '../domain/nik.js';
import type { RecordTable } from '../domain/table.js';
import { CHECKS, type CheckId } from './checks.js';
import { assessRegionScheme, CODE_UNKNOWN, type RegionIndex } from './regions.js';

export { CHECKS, type CheckId, type CheckInfo } from './checks.js';
export * from './regions.js';

export interface ValidateOptions {
  /** Today as yyyymmdd, for birth dates in the future; defaults to the clock. */
  today?: number;
}

/** Oldest age taken as plausible; Indonesia's oldest verified residents were below this. */
const MAX_AGE_YEARS = 115;

const NAME_PLACEHOLDERS = new Set([
  'NN',
  'N/A',
  'NA',
  'X',
  'XX',
  'XXX',
  'NULL',
  'NONE',
  'TEST',
  'TES',
  'TESTING',
  'DUMMY',
  'ANONIM',
  'TANPA NAMA',
  'TIDAK ADA',
  'TIDAK ADA NAMA',
  'TDK ADA',
  'BELUM ADA',
  'BELUM DIISI',
  'KOSONG',
  'NAMA',
  'NAMA KPM',
  'ABC',
  'ASD',
  'ASDF',
]);

function isPlaceholderName(name: string): boolean {
  // "-", ".", "?", "0", "123": no letter at all
  return NAME_PLACEHOLDERS.has(name.toUpperCase()) || !/\p{L}/u.test(name);
}

function todayYmd(): number {
  const d = new Date();
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
}

/**
 * Checks every record of the table field by field; pure (the caller loads the region index).
 * Findings carry the raw value (renderers mask NIK/KK), the record's program and region.
 */
export function validateTable(table: RecordTable, config: ResolvedConfig, regions: RegionIndex, opts: ValidateOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const today = opts.today ?? todayYmd();
  const oldest = today - MAX_AGE_YEARS * 10000;
  const sources = config.sources;
  const n = table.size;

  // Per source: whether it has a KK column at all (some record carries something), and whether
  // its region codes are really BPS codes (then one source note says so, not a warning per row).
  const hasKk = new Uint8Array(sources.length);
  for (let i = 0; i < n; i++) if (table.kkState[i] !== IdState.Missing || table.kkRaw[i] !== '') hasKk[table.source[i]] = 1;
  const regionsLookBps = sources.map((s) =>
    s.regionScheme === 'bps' ? true : assessRegionScheme(table.regions, table.region, table.source, s.index, n, regions).likelyBps,
  );
  // The region prefix each source covers: its own region, or the province for a provincial roster.
  const coverPrefix = sources.map((s) => coverageOf(s, config));
  const regionResolves = table.regions.map((code) => code === '' || code.startsWith('bps:') || regions.resolves(code));

  for (let i = 0; i < n; i++) {
    const src = table.source[i];
    const source = sources[src];
    const regionCode = table.regions[table.region[i]];
    const base = {
      kind: 'invalid' as const,
      source: source?.name ?? String(src),
      line: table.line[i],
      recordId: table.recordId[i],
      index: i,
      program: table.programs[table.program[i]],
      region: regionCode !== '' && !regionCode.startsWith('bps:') ? regionCode : (source?.region?.replace(/\D/g, '') ?? ''),
    };
    const add = (code: CheckId, value: string, args?: Finding['args'], otherValue?: string): void => {
      const info = CHECKS[code];
      const f: Finding = { ...base, code, severity: info.severity, value };
      if (info.field !== '') f.field = info.field;
      if (args !== undefined) f.args = args;
      if (otherValue !== undefined) f.otherValue = otherValue;
      findings.push(f);
    };

    // NIK
    const nikState = table.nikState[i];
    const hi = table.nikHi[i];
    const lo = table.nikLo[i];
    if (nikState === IdState.Missing) add('nik.missing', table.nikRaw[i]);
    else if (nikState === IdState.Scientific) add('nik.scientific', table.nikRaw[i]);
    else if (nikState === IdState.ExcelNumber) add('nik.excel_number', table.nikRaw[i]);
    else if (nikState === IdState.Malformed) add('nik.malformed', table.nikRaw[i], { digits: countDigits(table.nikRaw[i]) });
    else {
      const nik = idToString(hi, lo);
      if (isPlaceholderId(hi, lo)) add('nik.placeholder', nik);
      else {
        checkIdRegion('nik', hi, nik, regions, add);
        const born = nikBirth(hi, lo);
        if (born === null) add('nik.birth_date_impossible', nik, { day: idDay(hi), month: idMonth(lo) });
        if (idSerial(lo) === 0) add('nik.serial_zero', nik);
        if (table.kkState[i] === IdState.Ok && table.kkHi[i] === hi && table.kkLo[i] === lo) add('nik.equals_kk', nik);
        if (born !== null) {
          const sex = table.sex[i];
          if (sex !== Sex.Unknown && (sex === Sex.Female) !== born.female) {
            add('nik.sex_mismatch', nik, { nikSex: born.female ? 'P' : 'L', sex: sex === Sex.Female ? 'P' : 'L' });
          }
          const birth = table.birth[i];
          if (birth > 0) {
            const d = birth % 100;
            const m = Math.floor(birth / 100) % 100;
            const yy = Math.floor(birth / 10000) % 100;
            if (d !== born.day || m !== born.month || yy !== born.yy) {
              add('nik.birth_date_mismatch', nik, { nikDate: `${pad2(born.day)}-${pad2(born.month)}-${pad2(born.yy)}` }, birthText(birth));
            }
          }
        }
      }
    }

    // No. KK
    const kkState = table.kkState[i];
    if (hasKk[src] === 1) {
      const khi = table.kkHi[i];
      const klo = table.kkLo[i];
      if (kkState === IdState.Missing) add('kk.missing', table.kkRaw[i]);
      else if (kkState === IdState.Scientific) add('kk.scientific', table.kkRaw[i]);
      else if (kkState === IdState.ExcelNumber) add('kk.excel_number', table.kkRaw[i]);
      else if (kkState === IdState.Malformed) add('kk.malformed', table.kkRaw[i], { digits: countDigits(table.kkRaw[i]) });
      else {
        const kk = kkText(table, i);
        if (isPlaceholderId(khi, klo)) add('kk.placeholder', kk);
        else {
          checkIdRegion('kk', khi, kk, regions, add);
          if (!isDateInSomeCentury(idDay(khi), idMonth(klo), idYear2(klo))) add('kk.date_impossible', kk, { day: idDay(khi), month: idMonth(klo) });
          if (idSerial(klo) === 0) add('kk.serial_zero', kk);
        }
      }
    }

    // birth date (unreadable ones were reported while loading)
    const birth = table.birth[i];
    if (birth > 0) {
      if (birth > today) add('birth_date.future', birthText(birth));
      else if (birth < 19000101 || birth < oldest) add('birth_date.implausible', birthText(birth), { maxAge: MAX_AGE_YEARS });
    }

    // name
    const name = table.name[i];
    if (name === '') add('name.missing', '');
    else if (isPlaceholderName(name)) add('name.placeholder', name);
    else if (/\d/.test(name)) add('name.has_digits', name);

    // region column
    if (regionCode !== '' && !regionCode.startsWith('bps:')) {
      if (!regionResolves[table.region[i]]) {
        if (!regionsLookBps[src]) add('region.unknown', regionCode);
      } else {
        const prefix = coverPrefix[src];
        if (prefix !== '' && !regionCode.startsWith(prefix) && !(prefix.length > regionCode.length && prefix.startsWith(regionCode))) {
          add('region.outside_source', regionCode, { expected: prefix });
        }
      }
    }
  }
  return findings;
}

function coverageOf(s: ResolvedSource, config: ResolvedConfig): string {
  if (s.regionScheme === 'bps') return '';
  if (s.region !== undefined) return s.region.replace(/\D/g, '');
  if (s.role === 'provincial' && /^\d{2}$/.test(config.province)) return config.province;
  return '';
}

function checkIdRegion(
  which: 'nik' | 'kk',
  hi: number,
  text: string,
  regions: RegionIndex,
  add: (code: CheckId, value: string, args?: Finding['args']) => void,
): void {
  if (regions.province(idProvince(hi)) === CODE_UNKNOWN) add(`${which}.province_unknown`, text, { code: text.slice(0, 2) });
  else if (regions.regency(idRegency(hi)) === CODE_UNKNOWN) add(`${which}.regency_unknown`, text, { code: `${text.slice(0, 2)}.${text.slice(2, 4)}` });
  else if (regions.district(idDistrict(hi)) === CODE_UNKNOWN) {
    add(`${which}.district_unknown`, text, { code: `${text.slice(0, 2)}.${text.slice(2, 4)}.${text.slice(4, 6)}` });
  }
}

function countDigits(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
