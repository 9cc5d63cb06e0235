/**
 * Seeded Indonesian matching scenarios for the matcher's quality bench and tests: families with
 * KK numbers and NIKs, listed in several rosters (DTKS, provincial, regency) with the errors
 * officers meet (name variants and titles, NIK typos, Excel-damaged NIKs, swapped birth dates, new
 * KKs, moves) and traps that must not link (twins, common names born the same day in other
 * villages, a parent and a child with the same name, a NIK typed for another family member).
 *
 * Every record carries its true person (`entity`). Pure and deterministic: one seed, one scenario.
 * NIK and KK serials are 9001-9999 (see population.ts): synthetic by construction.
 */
import { IdState, Sex as TableSex } from '../domain/fields.js';
import { nameTokens } from '../domain/name.js';
import { Rng } from '../domain/rng.js';
import { emptyRow, RecordTableBuilder, type RecordTable, type RowValues } from '../domain/table.js';
import { cosmeticVariant, ethnicityMix, familyNameFor, nameVariant, personName, pickEthnicity, typo, type Sex } from './names.js';
import { civilFromDays, daysFromCivil, IdAllocator } from './population.js';

/** Real Kemendagri district codes (data/wilayah) with five of their village suffixes each. */
const DISTRICTS: readonly (readonly [string, readonly string[]])[] = [
  ['327311', ['1001', '1002', '1003', '1004', '1005']],
  ['327305', ['1001', '1002', '1003', '1004', '1005']],
  ['320417', ['2001', '2002', '2003', '2004', '2005']],
  ['320432', ['1001', '1002', '1003', '1004', '1008']],
  ['337402', ['1001', '1002', '1003', '1004', '1005']],
  ['331003', ['2001', '2002', '2003', '2004', '2005']],
  ['357827', ['1001', '1002', '1003', '1004', '1005']],
  ['357818', ['1001', '1002', '1003', '1004', '1005']],
  ['350904', ['2001', '2002', '2003', '2004', '2005']],
  ['510303', ['2001', '2002', '2003', '2004', '2005']],
  ['510305', ['1004', '1005', '1006', '2001', '2002']],
  ['517101', ['1001', '1002', '1003', '1004', '1005']],
  ['127117', ['1001', '1002', '1003', '1004', '1005']],
  ['121207', ['1037', '1038', '1039', '2001', '2003']],
  ['737101', ['1001', '1002', '1003', '1004', '1005']],
  ['617101', ['1002', '1003', '1004', '1005', '1006']],
];

const STREETS = [
  'MERDEKA', 'SUDIRMAN', 'DIPONEGORO', 'KARTINI', 'PAHLAWAN', 'MAWAR', 'MELATI', 'ANGGREK', 'KENANGA',
  'CEMPAKA', 'RAYA', 'SILIWANGI', 'GAJAH MADA', 'HASANUDDIN', 'IMAM BONJOL', 'SISINGAMANGARAJA',
];

export const SOURCE_NAMES = ['DTKS', 'PROVINSI', 'KABUPATEN'] as const;

export type TrapKind = 'twins' | 'common-name' | 'parent-child' | 'shared-nik';

/** Two different people (entities) that a matcher must keep apart. */
export interface Trap {
  kind: TrapKind;
  a: number;
  b: number;
}

export interface ScenarioOptions {
  seed: number;
  families: number;
  /** Chance a person is listed in each source. */
  presence?: readonly number[];
  /** Chance a listing is entered twice in the same source. */
  duplicateRate?: number;
  /** Scales every error rate (1 = the defaults below). */
  errorScale?: number;
}

export interface MatchingScenario {
  seed: number;
  table: RecordTable;
  /** True person per record. */
  entity: Uint32Array;
  traps: Trap[];
  sources: readonly string[];
}

export const SCENARIO_PRESETS = {
  tiny: { seed: 11, families: 150 },
  small: { seed: 7, families: 2_000 },
  medium: { seed: 2024, families: 10_000 },
} as const satisfies Record<string, ScenarioOptions>;

interface Person {
  entity: number;
  nik: string;
  name: string;
  sex: Sex;
  /** Days since 1970-01-01. */
  birthDay: number;
}

interface Family {
  kk: string;
  district: number;
  village: string;
  address: { street: string; no: number; rt: number; rw: number };
  members: Person[];
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function excelDamage(nik: string): string {
  // What a 16-digit number looks like after Excel's General format: 3.27311E+15.
  const mant = `${nik[0]}.${nik.slice(1, 6).replace(/0+$/, '')}`;
  return `${mant.endsWith('.') ? mant.slice(0, -1) : mant}E+15`;
}

function substituteDigit(rng: Rng, s: string, from: number): string {
  const p = rng.int(from, s.length - 1);
  const d = (Number(s[p]) + rng.int(1, 9)) % 10;
  return s.slice(0, p) + d + s.slice(p + 1);
}

function transposeDigits(rng: Rng, s: string, from: number): string {
  for (let tries = 0; tries < 10; tries++) {
    const p = rng.int(from, s.length - 2);
    if (s[p] !== s[p + 1]) return s.slice(0, p) + s[p + 1] + s[p] + s.slice(p + 2);
  }
  return substituteDigit(rng, s, from);
}

function addressText(rng: Rng, a: Family['address'], variant: boolean): string {
  if (!variant) return `JL. ${a.street} NO. ${a.no} RT ${pad(a.rt, 3)}/RW ${pad(a.rw, 3)}`;
  switch (rng.int(0, 2)) {
    case 0:
      return `JALAN ${a.street} NO ${a.no}`;
    case 1:
      return `JL ${a.street} ${a.no} RT ${a.rt} RW ${a.rw}`;
    default:
      return `${a.street} NO.${a.no} RT.${pad(a.rt, 2)}/${pad(a.rw, 2)}`;
  }
}

/** A twin's rhyming name: the first word's last vowel changed (RINA -> RINI, DEWI -> DEWA). */
function rhyme(name: string): string {
  const words = name.split(' ');
  const w = words[0];
  const m = /[AEIOU](?=[^AEIOU]*$)/.exec(w);
  if (!m) return `${name} KEDUA`;
  const next = m[0] === 'I' ? 'A' : 'I';
  words[0] = w.slice(0, m.index) + next + w.slice(m.index + 1);
  return words.join(' ');
}

/** Generates one scenario. */
export function generateMatchingScenario(o: ScenarioOptions): MatchingScenario {
  const rng = new Rng(o.seed);
  const presence = o.presence ?? [0.85, 0.55, 0.5];
  const dupRate = o.duplicateRate ?? 0.04;
  const e = o.errorScale ?? 1;
  const ids = new IdAllocator(DISTRICTS.map((d) => d[0]));
  const families: Family[] = [];
  const traps: Trap[] = [];
  let nextEntity = 0;
  const dayOf = (y: number): number => daysFromCivil(y, rng.int(1, 12), rng.int(1, 28));

  const newPerson = (district: number, name: string, sex: Sex, birthDay: number, registeredIn?: number): Person => {
    // One in ten NIKs was first registered in another district (people move; the NIK stays).
    const nikDistrict = registeredIn ?? (rng.chance(0.1) ? rng.int(0, DISTRICTS.length - 1) : district);
    return { entity: nextEntity++, nik: ids.nik(nikDistrict, birthDay, sex), name, sex, birthDay };
  };

  const newFamily = (district: number, village: string): Family => {
    const kk = ids.kk(district, rng.int(daysFromCivil(2004, 1, 1), daysFromCivil(2025, 6, 30)));
    const address = { street: rng.pick(STREETS), no: rng.int(1, 250), rt: rng.int(1, 12), rw: rng.int(1, 9) };
    return { kk, district, village, address, members: [] };
  };

  for (let fi = 0; fi < o.families; fi++) {
    const district = rng.int(0, DISTRICTS.length - 1);
    const [dcode, villages] = DISTRICTS[district];
    const village = dcode + rng.pick(villages);
    const ethnicity = pickEthnicity(rng, ethnicityMix(dcode.slice(0, 2)));
    const fam = newFamily(district, village);
    const marga = familyNameFor(rng, ethnicity);
    const headYear = rng.int(1945, 1992);
    const headDay = dayOf(headYear);
    const headName = personName(rng, { ethnicity, sex: 'L', marga, surname: marga, birthYear: headYear });
    const head = newPerson(district, headName, 'L', headDay);
    fam.members.push(head);
    if (rng.chance(0.85)) {
      const y = headYear + rng.int(-2, 8);
      fam.members.push(newPerson(district, personName(rng, { ethnicity, sex: 'P', birthYear: y }), 'P', dayOf(y)));
    }
    const children = rng.int(0, 4);
    for (let c = 0; c < children; c++) {
      const y = Math.min(2023, headYear + rng.int(20, 40));
      const sex: Sex = rng.chance(0.5) ? 'L' : 'P';
      const juniorName = c === 0 && sex === 'L' && rng.chance(0.04);
      const name = juniorName ? headName : personName(rng, { ethnicity, sex, birthOrder: c + 1, marga, surname: marga, birthYear: y });
      const child = newPerson(district, name, sex, dayOf(y));
      fam.members.push(child);
      if (juniorName) traps.push({ kind: 'parent-child', a: head.entity, b: child.entity });
      if (c === children - 1 && rng.chance(0.05)) {
        // Twins: same KK and birth date, different names (sometimes one letter apart).
        const tsex: Sex = rng.chance(0.5) ? sex : sex === 'L' ? 'P' : 'L';
        let tname = personName(rng, { ethnicity, sex: tsex, birthOrder: c + 2, marga, surname: marga, birthYear: y });
        if (rng.chance(0.3)) tname = rhyme(name);
        // Twins' names differ in more than spelling: "RINA"/"RINI", never "NURJANAH"/"NURJJANAH".
        if (nameTokens(tname).join(' ') === nameTokens(name).join(' ')) tname = `${name} KEDUA`;
        // Twins are registered together: same district, consecutive serials.
        const twinDistrict = DISTRICTS.findIndex((d) => d[0] === child.nik.slice(0, 6));
        const twin = newPerson(district, tname, tsex, child.birthDay, twinDistrict);
        fam.members.push(twin);
        traps.push({ kind: 'twins', a: child.entity, b: twin.entity });
      }
    }
    families.push(fam);

    // Common-name trap: someone with the same name and birth date in another village.
    if (rng.chance(0.03)) {
      const model = rng.pick(fam.members);
      let d2 = rng.int(0, DISTRICTS.length - 1);
      if (d2 === district) d2 = (d2 + 1) % DISTRICTS.length;
      const other = newFamily(d2, DISTRICTS[d2][0] + rng.pick(DISTRICTS[d2][1]));
      const twinName = newPerson(d2, model.name, model.sex, model.birthDay);
      other.members.push(twinName);
      families.push(other);
      traps.push({ kind: 'common-name', a: model.entity, b: twinName.entity });
    }
  }

  // Listings.
  interface Listing {
    row: RowValues;
    entity: number;
  }
  const listings: Listing[] = [];
  for (const fam of families) {
    const parent = fam.members[0];
    for (const p of fam.members) {
      const wrongNik = p !== parent && p.birthDay - parent.birthDay > 15 * 365 && rng.chance(0.02 * e);
      if (wrongNik) traps.push({ kind: 'shared-nik', a: parent.entity, b: p.entity });
      let listed = false;
      for (let s = 0; s < SOURCE_NAMES.length; s++) {
        if (!rng.chance(presence[s])) continue;
        const copies = rng.chance(dupRate) ? 2 : 1;
        for (let c = 0; c < copies; c++) {
          const row = listing(rng, e, fam, p, s, wrongNik && !listed ? parent.nik : p.nik);
          listings.push({ row, entity: p.entity });
          listed = true;
        }
      }
    }
  }

  // Shuffle so record order says nothing about identity.
  for (let i = listings.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = listings[i];
    listings[i] = listings[j];
    listings[j] = t;
  }
  const lines = new Uint32Array(SOURCE_NAMES.length).fill(1);
  const b = new RecordTableBuilder(listings.length);
  const entity = new Uint32Array(listings.length);
  listings.forEach((l, i) => {
    l.row.line = ++lines[l.row.source];
    l.row.recordId = `${SOURCE_NAMES[l.row.source]}-${l.row.line}`;
    b.push(l.row);
    entity[i] = l.entity;
  });
  return { seed: o.seed, table: b.finish(), entity, traps, sources: SOURCE_NAMES };
}

/** One roster row for person p in source s, with the errors each field meets in practice. */
function listing(rng: Rng, e: number, fam: Family, p: Person, source: number, nik: string): RowValues {
  const r = emptyRow();
  r.source = source;
  // Name.
  const u = rng.next();
  if (u < 0.15) r.name = cosmeticVariant(rng, p.name, p.sex);
  else if (u < 0.15 + 0.2 * e) r.name = nameVariant(rng, p.name);
  else if (u < 0.15 + 0.27 * e) r.name = typo(rng, p.name);
  else if (u < 0.15 + 0.3 * e) r.name = cosmeticVariant(rng, nameVariant(rng, p.name), p.sex);
  else r.name = p.name;
  // NIK.
  const v = rng.next() / e;
  const setNik = (digits: string): void => {
    r.nikState = IdState.Ok;
    r.nikHi = Number(digits.slice(0, 8));
    r.nikLo = Number(digits.slice(8));
  };
  if (v < 0.03) setNik(substituteDigit(rng, nik, 2));
  else if (v < 0.045) setNik(transposeDigits(rng, nik, 2));
  else if (v < 0.075) {
    r.nikState = IdState.Scientific;
    r.nikRaw = excelDamage(nik);
  } else if (v < 0.105) r.nikState = IdState.Missing;
  else if (v < 0.12) {
    r.nikState = IdState.Malformed;
    r.nikRaw = nik.slice(0, 15);
  } else setNik(nik);
  // Birth date.
  const ymd = civilFromDays(p.birthDay);
  const w = rng.next() / e;
  if (w < 0.03) {
    const y = Math.floor(ymd / 10000);
    const m = Math.floor(ymd / 100) % 100;
    const d = ymd % 100;
    r.birth = d <= 12 && d !== m ? y * 10000 + d * 100 + m : ymd + (d < 28 ? 1 : -1);
  } else if (w < 0.06) {
    // One digit off in the day or the year's last digit.
    r.birth = rng.chance(0.5) ? ymd + (ymd % 10 < 8 ? 1 : -1) : ymd + (Math.floor(ymd / 10000) % 10 < 9 ? 10000 : -10000);
  } else if (w < 0.1) r.birth = 0;
  else r.birth = ymd;
  // KK.
  const k = rng.next() / e;
  const setKk = (digits: string): void => {
    r.kkState = IdState.Ok;
    r.kkHi = Number(digits.slice(0, 8));
    r.kkLo = Number(digits.slice(8));
  };
  if (k < 0.1) setKk(fam.kk.slice(0, 12) + String(rng.int(9001, 9999))); // a newer KK after a split
  else if (k < 0.15) r.kkState = IdState.Missing;
  else if (k < 0.18) setKk(substituteDigit(rng, fam.kk, 2));
  else setKk(fam.kk);
  // Sex, region, address.
  r.sex = rng.chance(0.08 * e) ? TableSex.Unknown : p.sex === 'L' ? TableSex.Male : TableSex.Female;
  const g = rng.next() / e;
  const villages = DISTRICTS[fam.district][1];
  if (g < 0.08) r.region = fam.village.slice(0, 6) + rng.pick(villages);
  else if (g < 0.12) r.region = '';
  else r.region = fam.village;
  const h = rng.next() / e;
  r.address = h < 0.1 ? '' : addressText(rng, fam.address, h < 0.3);
  return r;
}
