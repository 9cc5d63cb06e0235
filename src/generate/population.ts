/**
 * A seeded synthetic population of families: KK numbers, members with NIKs, names, sex, birth
 * dates, villages and addresses, and the programs each family receives. Pure: region codes come in
 * as data, every random choice goes through one Rng, so a seed gives the same people everywhere.
 *
 * Synthetic by construction: every NIK and KK serial starts with 9 (9001-9999), a range real
 * registrations in a district on one day do not reach, and the names are drawn from common lists.
 */
import type { Rng } from '../domain/rng.js';
import {
  ethnicityMix,
  familyNameFor,
  pickEthnicity,
  personName,
  type Ethnicity,
  type Sex,
} from './names.js';

// ---------------------------------------------------------------- calendar (days since 1970-01-01)

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** yyyymmdd of a day number; the inverse of daysFromCivil. */
export function civilFromDays(z: number): number {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

export function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return civilFromDays(daysFromCivil(y, m, d)) === y * 10000 + m * 100 + d;
}

/** '00'..'99' so hot formatting paths never call padStart. */
export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);

// ---------------------------------------------------------------- regions

export interface Village {
  /** 10 digits, e.g. 6171011001. */
  code: string;
  name: string;
  /** Index into RegionPlan.districts. */
  district: number;
  /** Index into RegionPlan.regencies. */
  regency: number;
}

export interface RegencyInfo {
  /** 4 digits, e.g. 6171. */
  code: string;
  name: string;
  kind: 'kabupaten' | 'kota';
}

/** The province's codes as read from data/wilayah (dots removed). */
export interface ProvinceRegions {
  province: string;
  provinceName: string;
  regencies: RegencyInfo[];
  /** 6-digit district codes with their 4-digit regency. */
  districts: { code: string; regency: string }[];
  villages: { code: string; district: string; name: string }[];
}

/** The K regencies people live in, their villages, and every district of the province (NIK prefixes). */
export interface RegionPlan {
  province: string;
  provinceName: string;
  regencies: RegencyInfo[];
  /** Every district of the province: people may have been first registered anywhere in it. */
  districts: string[];
  villages: Village[];
  /** villages[villageStart[r] .. villageStart[r+1]) belong to regency r. */
  villageStart: number[];
}

/** Picks `k` regencies of the province (seeded), sorted by code, with their villages. */
export function planRegions(rng: Rng, data: ProvinceRegions, k: number): RegionPlan {
  const withVillages = data.regencies.filter((r) => data.villages.some((v) => v.code.startsWith(r.code)));
  if (k < 1 || k > withVillages.length) {
    throw new RangeError(`province ${data.province} has ${withVillages.length} regencies with villages; asked for ${k}`);
  }
  const pool = withVillages.slice();
  const chosen: RegencyInfo[] = [];
  for (let i = 0; i < k; i++) chosen.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]);
  chosen.sort((a, b) => (a.code < b.code ? -1 : 1));
  const districts = data.districts.map((d) => d.code).sort();
  const districtIndex = new Map(districts.map((c, i) => [c, i] as const));
  const villages: Village[] = [];
  const villageStart: number[] = [];
  chosen.forEach((reg, r) => {
    villageStart.push(villages.length);
    const vs = data.villages.filter((v) => v.code.startsWith(reg.code)).sort((a, b) => (a.code < b.code ? -1 : 1));
    for (const v of vs) villages.push({ code: v.code, name: v.name, district: districtIndex.get(v.district) ?? 0, regency: r });
  });
  villageStart.push(villages.length);
  return { province: data.province, provinceName: data.provinceName, regencies: chosen, districts, villages, villageStart };
}

// ---------------------------------------------------------------- NIK and KK numbers

const NIK_FIRST_DAY = daysFromCivil(1925, 1, 1);
const NIK_LAST_DAY = daysFromCivil(2026, 12, 31);
const NIK_DAYS = NIK_LAST_DAY - NIK_FIRST_DAY + 1;
export const KK_FIRST_DAY = daysFromCivil(2004, 1, 1);
export const KK_LAST_DAY = daysFromCivil(2025, 6, 30);
const KK_DAYS = KK_LAST_DAY - KK_FIRST_DAY + 1;
/** Serials 9001..9999: 999 per district and day. */
const SERIAL_BASE = 9000;
const SERIAL_MAX = 999;

/**
 * Hands out unique synthetic serials per (district, date). Typed counters, not a Map: a large
 * province has ~600 districts x ~37,000 birth days.
 */
export class IdAllocator {
  private readonly nikCount: Uint16Array;
  private readonly kkCount: Uint16Array;
  constructor(private readonly districts: readonly string[]) {
    this.nikCount = new Uint16Array(districts.length * NIK_DAYS);
    this.kkCount = new Uint16Array(districts.length * KK_DAYS);
  }

  /** A NIK: district + DDMMYY (day + 40 for women) + serial; shifts the date a day if a slot is full. */
  nik(district: number, birthDay: number, sex: Sex): string {
    let day = Math.min(Math.max(birthDay, NIK_FIRST_DAY), NIK_LAST_DAY);
    let slot = district * NIK_DAYS + (day - NIK_FIRST_DAY);
    while (this.nikCount[slot] >= SERIAL_MAX) {
      day = day === NIK_LAST_DAY ? NIK_FIRST_DAY : day + 1;
      slot = district * NIK_DAYS + (day - NIK_FIRST_DAY);
    }
    const serial = SERIAL_BASE + ++this.nikCount[slot];
    const ymd = civilFromDays(day);
    const dd = (ymd % 100) + (sex === 'P' ? 40 : 0);
    const mm = Math.floor(ymd / 100) % 100;
    const yy = Math.floor(ymd / 10000) % 100;
    return this.districts[district] + PAD2[dd] + PAD2[mm] + PAD2[yy] + serial;
  }

  /** A No. KK: district where issued + registration DDMMYY (no +40) + serial. */
  kk(district: number, regDay: number): string {
    let day = Math.min(Math.max(regDay, KK_FIRST_DAY), KK_LAST_DAY);
    let slot = district * KK_DAYS + (day - KK_FIRST_DAY);
    while (this.kkCount[slot] >= SERIAL_MAX) {
      day = day === KK_LAST_DAY ? KK_FIRST_DAY : day + 1;
      slot = district * KK_DAYS + (day - KK_FIRST_DAY);
    }
    const serial = SERIAL_BASE + ++this.kkCount[slot];
    const ymd = civilFromDays(day);
    return this.districts[district] + PAD2[ymd % 100] + PAD2[Math.floor(ymd / 100) % 100] + PAD2[Math.floor(ymd / 10000) % 100] + serial;
  }
}

// ---------------------------------------------------------------- people and families

export type Relation = 'KEPALA KELUARGA' | 'ISTRI' | 'SUAMI' | 'ANAK' | 'ORANG TUA';

export interface Person {
  /** Sequential id in generation order; stable for a seed. */
  pid: number;
  nik: string;
  name: string;
  sex: Sex;
  /** Days since 1970-01-01. */
  birth: number;
  relation: Relation;
}

export const PROGRAMS = ['PKH', 'BPNT', 'PBP', 'P3KE'] as const;
export type Program = (typeof PROGRAMS)[number];
export const PROGRAM_BIT: Record<Program, number> = { PKH: 1, BPNT: 2, PBP: 4, P3KE: 8 };

export interface Family {
  fid: number;
  kk: string;
  /** Index into RegionPlan.villages. */
  village: number;
  address: string;
  ethnicity: Ethnicity;
  members: Person[];
  /** Bit set of PROGRAM_BIT. */
  programs: number;
  /** Indexes into members of children born on the same day, when the family has twins. */
  twins?: [number, number];
}

const STREETS = [
  'MERDEKA', 'SUDIRMAN', 'DIPONEGORO', 'AHMAD YANI', 'GAJAH MADA', 'IMAM BONJOL', 'PATTIMURA', 'HASANUDDIN',
  'KARTINI', 'PANGERAN ANTASARI', 'TANJUNG PURA', 'SULTAN SYAHRIR', 'PERINTIS KEMERDEKAAN', 'KH WAHID HASYIM',
  'TRANS KALIMANTAN', 'RAYA', 'MASJID', 'PASAR', 'SEKOLAH', 'PEMUDA', 'MAWAR', 'MELATI', 'ANGGREK', 'KENANGA',
  'DAHLIA', 'CEMPAKA', 'KAMBOJA', 'SEMANGKA', 'DURIAN', 'RAMBUTAN', 'KELAPA', 'PINANG', 'SAWO', 'BELIMBING',
] as const;

export interface PopulationOptions {
  /** Stop once this many people exist (the family in progress is completed). */
  people?: number;
  /** Share of families with at least one child that have twins. */
  twinRate: number;
}

const YEAR = 365.2425;

/**
 * Produces families one at a time, so callers stream them into rosters without holding the
 * population. Families that receive no program are counted but not built.
 */
export class PopulationGenerator {
  private readonly ids: IdAllocator;
  private readonly mix;
  private nextPid = 0;
  private nextFid = 0;
  private readonly today = daysFromCivil(2025, 6, 30);
  /** People in the population so far, including families that receive nothing. */
  peopleCount = 0;
  familyCount = 0;

  constructor(
    private readonly rng: Rng,
    readonly regions: RegionPlan,
    private readonly opts: PopulationOptions,
  ) {
    this.ids = new IdAllocator(regions.districts);
    this.mix = ethnicityMix(regions.province);
  }

  /** The next family that receives at least one program, or undefined when the population is complete. */
  next(): Family | undefined {
    const rng = this.rng;
    for (;;) {
      if (this.opts.people !== undefined && this.peopleCount >= this.opts.people) return undefined;
      // Poverty rank decides programs; correlated as in practice (PKH families also get BPNT).
      const u = rng.next();
      let programs = 0;
      if (u < 0.15) programs |= PROGRAM_BIT.PKH;
      if (u < 0.25) programs |= PROGRAM_BIT.BPNT;
      if (u + (rng.next() - 0.5) * 0.1 < 0.3) programs |= PROGRAM_BIT.PBP;
      if (u < 0.12) programs |= PROGRAM_BIT.P3KE;
      const size = this.familySize(u);
      this.familyCount++;
      this.peopleCount += size;
      if (programs === 0) continue; // not on any roster: only counted
      const family = this.build(size, programs);
      this.peopleCount += family.members.length - size; // children may not fit the parents' ages
      return family;
    }
  }

  private familySize(u: number): number {
    // Poorer families are larger; 1..8 members, mean about 3.8.
    const r = this.rng.next();
    const base = r < 0.08 ? 1 : r < 0.25 ? 2 : r < 0.5 ? 3 : r < 0.75 ? 4 : r < 0.9 ? 5 : r < 0.97 ? 6 : 7;
    return Math.min(8, base + (u < 0.1 && this.rng.chance(0.3) ? 1 : 0));
  }

  private build(size: number, programs: number): Family {
    const rng = this.rng;
    const plan = this.regions;
    const village = rng.int(0, plan.villages.length - 1);
    const homeDistrict = plan.villages[village].district;
    const ethnicity = pickEthnicity(rng, this.mix);
    const familyName = familyNameFor(rng, ethnicity);
    const members: Person[] = [];
    const otherDistrict = () => rng.int(0, plan.districts.length - 1);

    const headMale = size === 1 ? rng.chance(0.5) : rng.chance(0.86);
    const headBirth = this.today - Math.floor((rng.int(22, 80) + rng.next()) * YEAR);
    const headSex: Sex = headMale ? 'L' : 'P';
    members.push(this.person(rng.chance(0.75) ? homeDistrict : otherDistrict(), headBirth, headSex, 'KEPALA KELUARGA', ethnicity, familyName));

    let motherBirth = headMale ? undefined : headBirth;
    let remaining = size - 1;
    if (remaining > 0 && headMale && rng.chance(0.85)) {
      const wifeBirth = headBirth + Math.floor(rng.int(-2, 9) * YEAR + rng.int(0, 364));
      const wifeEthnicity = rng.chance(0.85) ? ethnicity : pickEthnicity(rng, this.mix);
      const wife = this.person(rng.chance(0.6) ? homeDistrict : otherDistrict(), Math.min(wifeBirth, this.today - 17 * 365), 'P', 'ISTRI', wifeEthnicity, undefined);
      members.push(wife);
      motherBirth = wife.birth;
      remaining--;
    }
    if (remaining > 0 && rng.chance(0.12)) {
      const parentBirth = Math.min(headBirth, motherBirth ?? headBirth) - Math.floor(rng.int(20, 32) * YEAR);
      if (parentBirth > daysFromCivil(1926, 1, 1)) {
        members.push(this.person(rng.chance(0.5) ? homeDistrict : otherDistrict(), parentBirth, rng.chance(0.7) ? 'P' : 'L', 'ORANG TUA', ethnicity, rng.chance(0.5) ? familyName : undefined));
        remaining--;
      }
    }
    // Children: born when the mother (or head) was 18-44, not in the future.
    const parentBase = motherBirth ?? headBirth;
    let birth = parentBase + Math.floor(rng.int(18, 27) * YEAR);
    let twins: [number, number] | undefined;
    for (let order = 1; remaining > 0 && birth < this.today && birth < parentBase + 45 * YEAR; order++) {
      const sex: Sex = rng.chance(0.51) ? 'L' : 'P';
      const child = this.person(homeDistrict, birth, sex, 'ANAK', ethnicity, familyName, order);
      members.push(child);
      remaining--;
      if (remaining > 0 && twins === undefined && rng.chance(this.opts.twinRate)) {
        const twinSex: Sex = rng.chance(0.5) ? sex : sex === 'L' ? 'P' : 'L';
        const twin = this.person(homeDistrict, birth, twinSex, 'ANAK', ethnicity, familyName, order + 1);
        twins = [members.length - 1, members.length];
        members.push(twin);
        remaining--;
        order++;
      }
      birth += Math.floor((rng.int(1, 5) + rng.next()) * YEAR);
    }

    const regDay = rng.int(Math.max(KK_FIRST_DAY, headBirth + Math.floor(18 * YEAR)), KK_LAST_DAY);
    const kk = this.ids.kk(homeDistrict, regDay);
    return { fid: this.nextFid++, kk, village, address: this.address(), ethnicity, members, programs, twins };
  }

  private person(district: number, birth: number, sex: Sex, relation: Relation, ethnicity: Ethnicity, familyName: string | undefined, birthOrder?: number): Person {
    const birthYear = Math.floor(civilFromDays(birth) / 10000);
    const name = personName(this.rng, {
      ethnicity,
      sex,
      birthYear,
      birthOrder,
      marga: ethnicity === 'batak' && relation !== 'ISTRI' ? familyName : undefined,
      surname: ethnicity === 'chinese' && relation !== 'ISTRI' ? familyName : undefined,
    });
    return { pid: this.nextPid++, nik: this.ids.nik(district, birth, sex), name, sex, birth, relation };
  }

  /** A new KK for the same family (split or re-registration), issued after the old one. */
  newKk(family: Family): string {
    const district = this.regions.villages[family.village].district;
    return this.ids.kk(district, this.rng.int(daysFromCivil(2020, 1, 1), KK_LAST_DAY));
  }

  address(): string {
    const rng = this.rng;
    const rt = PAD2[rng.int(1, 15)];
    const rw = PAD2[rng.int(1, 9)];
    const r = rng.next();
    if (r < 0.55) return `JL. ${rng.pick(STREETS)} NO. ${rng.int(1, 199)} RT 0${rt}/RW 0${rw}`;
    if (r < 0.75) return `GG. ${rng.pick(STREETS)} ${rng.int(1, 12)} RT 0${rt}/RW 0${rw}`;
    return `DUSUN ${rng.pick(STREETS)} RT 0${rt}/RW 0${rw}`;
  }
}
