import type { ResolvedConfig, ResolvedSource } from '../config/schema.js';
import { IdState, Sex } from '../domain/fields.js';
import type { Finding } from '../domain/finding.js';
import { birthText, idToString, kkText } from '../domain/ids.js';
import { idDay, idDistrict, idMonth, idProvince, idRegency, idSerial, idYear2, isDateInSomeCentury, isPlaceholderId } from '../domain/nik.js';
import type { RecordTable } from '../domain/table.js';
import { CHECKS, type CheckId } from './checks.js';
import { assessRegionSchemes, CODE_UNKNOWN, type RegionIndex } from './regions.js';

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

const NAME_OK = 0;
const NAME_PLACEHOLDER = 1;
const NAME_HAS_DIGITS = 2;

/** Placeholder (a known filler, or no letter at all), has digits, or fine. Once per distinct name. */
function classifyName(name: string): number {
  if (NAME_PLACEHOLDERS.has(name.toUpperCase()) || !/\p{L}/u.test(name)) return NAME_PLACEHOLDER;
  return /\d/.test(name) ? NAME_HAS_DIGITS : NAME_OK;
}

function todayYmd(): number {
  const d = new Date();
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
}

/** Which part of an id's region prefix is unknown, memoised per PPKKCC (0 = not yet looked up). */
const ID_REGION_OK = 1;
const ID_PROVINCE_UNKNOWN = 2;
const ID_REGENCY_UNKNOWN = 3;
const ID_DISTRICT_UNKNOWN = 4;

/** Region column of a record, per region-dictionary entry and source (0 = not yet looked at). */
const REGION_OK = 1;
const REGION_UNKNOWN = 2;
const REGION_OUTSIDE = 3;

/**
 * Checks every record of the table field by field; pure (the caller loads the region index).
 * Findings carry the raw value (renderers mask NIK/KK), the record's program and region.
 *
 * Hot path: a record that passes every check allocates nothing. Ids are checked on their numeric
 * halves, region lookups are memoised in typed arrays, and text (the 16-digit id, dates) is only
 * built for a finding.
 */
export function validateTable(table: RecordTable, config: ResolvedConfig, regions: RegionIndex, opts: ValidateOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const today = opts.today ?? todayYmd();
  const oldest = today - MAX_AGE_YEARS * 10000;
  const sources = config.sources;
  const n = table.size;
  const { source: sourceCol, region: regionCol, nikState: nikStateCol, nikHi, nikLo, kkState: kkStateCol, kkHi, kkLo } = table;
  const { birth: birthCol, sex: sexCol, nameId: nameIdCol, names, regions: regionDict } = table;
  // One verdict per distinct name (-1 = not yet classified): rosters repeat the same names.
  const nameVerdict = new Int8Array(names.length).fill(-1);

  // Per source: whether it has a KK column at all (some record carries something), and whether
  // its region codes are really BPS codes (then one source note says so, not a warning per row).
  const hasKk = new Uint8Array(sources.length);
  for (let i = 0; i < n; i++) {
    const src = sourceCol[i];
    if (hasKk[src] === 0 && (kkStateCol[i] !== IdState.Missing || table.kkRaw[i] !== '')) hasKk[src] = 1;
  }
  const schemes = assessRegionSchemes(regionDict, regionCol, sourceCol, Math.max(0, ...sources.map((s) => s.index + 1)), n, regions);
  const regionsLookBps = sources.map((s) => (s.regionScheme === 'bps' ? true : (schemes[s.index]?.likelyBps ?? false)));
  // The region prefix each source covers: its own region, or the province for a provincial roster.
  const coverPrefix = sources.map((s) => coverageOf(s, config));
  const sourceRegion = sources.map((s) => s.region?.replace(/\D/g, '') ?? '');
  const regionIsCode = regionDict.map((code) => code !== '' && !code.startsWith('bps:'));
  const regionResolves = regionDict.map((code, k) => !regionIsCode[k] || regions.resolves(code));
  // one row per source over the region dictionary, filled on first sight
  const regionVerdict = new Uint8Array(Math.max(1, sources.length) * regionDict.length);
  const idRegion = new Uint8Array(1_000_000);

  const regionVerdictOf = (src: number, k: number): number => {
    const slot = src * regionDict.length + k;
    let v = regionVerdict[slot];
    if (v === 0) {
      const code = regionDict[k];
      v = REGION_OK;
      if (!regionResolves[k]) {
        if (!regionsLookBps[src]) v = REGION_UNKNOWN;
      } else {
        const prefix = coverPrefix[src] ?? '';
        if (prefix !== '' && !code.startsWith(prefix) && !(prefix.length > code.length && prefix.startsWith(code))) v = REGION_OUTSIDE;
      }
      regionVerdict[slot] = v;
    }
    return v;
  };
  const idRegionOf = (hi: number): number => {
    const district = idDistrict(hi);
    let v = idRegion[district];
    if (v === 0) {
      if (regions.province(idProvince(hi)) === CODE_UNKNOWN) v = ID_PROVINCE_UNKNOWN;
      else if (regions.regency(idRegency(hi)) === CODE_UNKNOWN) v = ID_REGENCY_UNKNOWN;
      else if (regions.district(district) === CODE_UNKNOWN) v = ID_DISTRICT_UNKNOWN;
      else v = ID_REGION_OK;
      idRegion[district] = v;
    }
    return v;
  };

  // Only called for a finding, so the allocation here is paid per finding, not per record.
  const add = (i: number, code: CheckId, value: string, args?: Finding['args'], otherValue?: string): void => {
    const src = sourceCol[i];
    const k = regionCol[i];
    const info = CHECKS[code];
    const f: Finding = {
      kind: 'invalid',
      source: sources[src]?.name ?? String(src),
      line: table.line[i],
      recordId: table.recordId.get(i),
      index: i,
      program: table.programs[table.program[i]],
      region: regionIsCode[k] ? regionDict[k] : (sourceRegion[src] ?? ''),
      code,
      severity: info.severity,
      value,
    };
    if (info.field !== '') f.field = info.field;
    if (args !== undefined) f.args = args;
    if (otherValue !== undefined) f.otherValue = otherValue;
    findings.push(f);
  };
  const addIdRegion = (i: number, which: 'nik' | 'kk', verdict: number, text: string): void => {
    if (verdict === ID_PROVINCE_UNKNOWN) add(i, `${which}.province_unknown`, text, { code: text.slice(0, 2) });
    else if (verdict === ID_REGENCY_UNKNOWN) add(i, `${which}.regency_unknown`, text, { code: `${text.slice(0, 2)}.${text.slice(2, 4)}` });
    else add(i, `${which}.district_unknown`, text, { code: `${text.slice(0, 2)}.${text.slice(2, 4)}.${text.slice(4, 6)}` });
  };

  for (let i = 0; i < n; i++) {
    const src = sourceCol[i];

    // NIK
    const nikState = nikStateCol[i];
    if (nikState === IdState.Missing) add(i, 'nik.missing', table.nikRaw[i]);
    else if (nikState === IdState.Scientific) add(i, 'nik.scientific', table.nikRaw[i]);
    else if (nikState === IdState.ExcelNumber) add(i, 'nik.excel_number', table.nikRaw[i]);
    else if (nikState === IdState.Malformed) add(i, 'nik.malformed', table.nikRaw[i], { digits: countDigits(table.nikRaw[i]) });
    else {
      const hi = nikHi[i];
      const lo = nikLo[i];
      if (isPlaceholderId(hi, lo)) add(i, 'nik.placeholder', idToString(hi, lo));
      else {
        const regionVerdictOfNik = idRegion[idDistrict(hi)] || idRegionOf(hi);
        if (regionVerdictOfNik !== ID_REGION_OK) addIdRegion(i, 'nik', regionVerdictOfNik, idToString(hi, lo));
        // the birth date coded in the NIK, as nikBirth() reads it, without its result object
        const dd = idDay(hi);
        const female = dd > 40;
        const day = female ? dd - 40 : dd;
        const month = idMonth(lo);
        const yy = idYear2(lo);
        const born = !(dd > 71 || (dd > 31 && dd < 41)) && isDateInSomeCentury(day, month, yy);
        if (!born) add(i, 'nik.birth_date_impossible', idToString(hi, lo), { day: dd, month });
        if (idSerial(lo) === 0) add(i, 'nik.serial_zero', idToString(hi, lo));
        if (kkStateCol[i] === IdState.Ok && kkHi[i] === hi && kkLo[i] === lo) add(i, 'nik.equals_kk', idToString(hi, lo));
        if (born) {
          const sex = sexCol[i];
          if (sex !== Sex.Unknown && (sex === Sex.Female) !== female) {
            add(i, 'nik.sex_mismatch', idToString(hi, lo), { nikSex: female ? 'P' : 'L', sex: sex === Sex.Female ? 'P' : 'L' });
          }
          const birth = birthCol[i];
          if (birth > 0) {
            const d = birth % 100;
            const m = Math.floor(birth / 100) % 100;
            const y = Math.floor(birth / 10000) % 100;
            if (d !== day || m !== month || y !== yy) {
              add(i, 'nik.birth_date_mismatch', idToString(hi, lo), { nikDate: `${pad2(day)}-${pad2(month)}-${pad2(yy)}` }, birthText(birth));
            }
          }
        }
      }
    }

    // No. KK
    if (hasKk[src] === 1) {
      const kkState = kkStateCol[i];
      if (kkState === IdState.Missing) add(i, 'kk.missing', table.kkRaw[i]);
      else if (kkState === IdState.Scientific) add(i, 'kk.scientific', table.kkRaw[i]);
      else if (kkState === IdState.ExcelNumber) add(i, 'kk.excel_number', table.kkRaw[i]);
      else if (kkState === IdState.Malformed) add(i, 'kk.malformed', table.kkRaw[i], { digits: countDigits(table.kkRaw[i]) });
      else {
        const khi = kkHi[i];
        const klo = kkLo[i];
        if (isPlaceholderId(khi, klo)) add(i, 'kk.placeholder', kkText(table, i));
        else {
          const regionVerdictOfKk = idRegion[idDistrict(khi)] || idRegionOf(khi);
          if (regionVerdictOfKk !== ID_REGION_OK) addIdRegion(i, 'kk', regionVerdictOfKk, kkText(table, i));
          if (!isDateInSomeCentury(idDay(khi), idMonth(klo), idYear2(klo))) add(i, 'kk.date_impossible', kkText(table, i), { day: idDay(khi), month: idMonth(klo) });
          if (idSerial(klo) === 0) add(i, 'kk.serial_zero', kkText(table, i));
        }
      }
    }

    // birth date (unreadable ones were reported while loading)
    const birth = birthCol[i];
    if (birth > 0) {
      if (birth > today) add(i, 'birth_date.future', birthText(birth));
      else if (birth < 19000101 || birth < oldest) add(i, 'birth_date.implausible', birthText(birth), { maxAge: MAX_AGE_YEARS });
    }

    // name
    const id = nameIdCol[i];
    const name = names[id];
    if (name === '') add(i, 'name.missing', '');
    else {
      if (nameVerdict[id] < 0) nameVerdict[id] = classifyName(name);
      const verdict = nameVerdict[id];
      if (verdict === NAME_PLACEHOLDER) add(i, 'name.placeholder', name);
      else if (verdict === NAME_HAS_DIGITS) add(i, 'name.has_digits', name);
    }

    // region column
    const k = regionCol[i];
    if (regionIsCode[k]) {
      const verdict = regionVerdictOf(src, k);
      if (verdict === REGION_UNKNOWN) add(i, 'region.unknown', regionDict[k]);
      else if (verdict === REGION_OUTSIDE) add(i, 'region.outside_source', regionDict[k], { expected: coverPrefix[src] ?? '' });
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
