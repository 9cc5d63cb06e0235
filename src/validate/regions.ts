/**
 * Kemendagri region codes, current and former (the 2022 Papua renumbering), as flat lookup tables.
 * Pure: built from rows that src/load/wilayah.ts reads from the bundled data.
 *
 * Codes are looked up as numbers in typed arrays (a NIK's first 6 digits index a 1M-entry byte
 * array) because validation asks once per record and a province has millions of them.
 */

export const CODE_UNKNOWN = 0;
export const CODE_CURRENT = 1;
/** Not in the current list but a valid former code (NIKs keep the code of first registration). */
export const CODE_FORMER = 2;
export type CodeStatus = typeof CODE_UNKNOWN | typeof CODE_CURRENT | typeof CODE_FORMER;

export interface RegionRow {
  /** As in the data: dotted ('61.71.01') or digits. */
  code: string;
  name: string;
}

export interface CodeChangeRow {
  oldCode: string;
  oldName: string;
  newCode: string;
}

export interface RegionData {
  provinces: RegionRow[];
  regencies: RegionRow[];
  districts: RegionRow[];
  /** Village codes only (83k of them; names are not needed). */
  villageCodes: string[];
  regencyChanges: CodeChangeRow[];
  districtChanges: CodeChangeRow[];
}

export interface RegionIndex {
  /** 2-digit province as a number (61). */
  province(code: number): CodeStatus;
  /** PPKK as a number (6171). */
  regency(code: number): CodeStatus;
  /** PPKKCC as a number (617101). */
  district(code: number): CodeStatus;
  hasProvince(code: number | string): boolean;
  hasRegency(code: number | string): boolean;
  hasDistrict(code: number | string): boolean;
  /** 10-digit village code as text. */
  hasVillage(code: string): boolean;
  /** Whether a digits-only Kemendagri code of 2, 4, 6 or 10 digits names a known area. */
  resolves(code: string): boolean;
  /** "Kota Pontianak" for 6171 or '61.71'; for a former code, its old name. */
  regencyName(code: number | string): string | undefined;
  provinceName(code: number | string): string | undefined;
}

export function codeDigits(code: string): string {
  return code.replace(/\D/g, '');
}

function asNumber(code: number | string): number {
  if (typeof code === 'number') return code;
  const d = codeDigits(code);
  return d === '' ? -1 : Number(d);
}

class TableRegionIndex implements RegionIndex {
  private readonly provinces = new Uint8Array(100);
  private readonly regencies = new Uint8Array(10_000);
  private readonly districts = new Uint8Array(1_000_000);
  private readonly villages = new Set<string>();
  private readonly regencyNames = new Map<number, string>();
  private readonly provinceNames = new Map<number, string>();

  constructor(data: RegionData) {
    for (const p of data.provinces) {
      const n = Number(codeDigits(p.code));
      this.provinces[n] = CODE_CURRENT;
      this.provinceNames.set(n, p.name);
    }
    for (const r of data.regencies) {
      const n = Number(codeDigits(r.code));
      this.regencies[n] = CODE_CURRENT;
      this.regencyNames.set(n, r.name);
    }
    for (const d of data.districts) this.districts[Number(codeDigits(d.code))] = CODE_CURRENT;
    for (const v of data.villageCodes) this.villages.add(codeDigits(v));
    for (const c of data.regencyChanges) {
      const n = Number(codeDigits(c.oldCode));
      if (this.regencies[n] === CODE_UNKNOWN) {
        this.regencies[n] = CODE_FORMER;
        this.regencyNames.set(n, c.oldName);
      }
    }
    for (const c of data.districtChanges) {
      const n = Number(codeDigits(c.oldCode));
      if (this.districts[n] === CODE_UNKNOWN) this.districts[n] = CODE_FORMER;
      const reg = Math.floor(n / 100);
      if (this.regencies[reg] === CODE_UNKNOWN) this.regencies[reg] = CODE_FORMER;
    }
  }

  province(code: number): CodeStatus {
    return code >= 0 && code < 100 ? (this.provinces[code] as CodeStatus) : CODE_UNKNOWN;
  }
  regency(code: number): CodeStatus {
    return code >= 0 && code < 10_000 ? (this.regencies[code] as CodeStatus) : CODE_UNKNOWN;
  }
  district(code: number): CodeStatus {
    return code >= 0 && code < 1_000_000 ? (this.districts[code] as CodeStatus) : CODE_UNKNOWN;
  }
  hasProvince(code: number | string): boolean {
    return this.province(asNumber(code)) !== CODE_UNKNOWN;
  }
  hasRegency(code: number | string): boolean {
    return this.regency(asNumber(code)) !== CODE_UNKNOWN;
  }
  hasDistrict(code: number | string): boolean {
    return this.district(asNumber(code)) !== CODE_UNKNOWN;
  }
  hasVillage(code: string): boolean {
    return this.villages.has(codeDigits(code));
  }
  resolves(code: string): boolean {
    switch (code.length) {
      case 2:
        return this.hasProvince(code);
      case 4:
        return this.hasRegency(code);
      case 6:
        return this.hasDistrict(code);
      case 10:
        // a village renumbered with its Papua district is not listed under the old code: accept the district
        return this.villages.has(code) || this.district(Number(code.slice(0, 6))) === CODE_FORMER;
      default:
        return false;
    }
  }
  regencyName(code: number | string): string | undefined {
    return this.regencyNames.get(asNumber(code));
  }
  provinceName(code: number | string): string | undefined {
    return this.provinceNames.get(asNumber(code));
  }
}

export function buildRegionIndex(data: RegionData): RegionIndex {
  return new TableRegionIndex(data);
}

/**
 * Whether an unresolved Kemendagri-read code has the shape of a BPS code: 7 digits (BPS districts
 * have 3 digits), a 10-digit code whose 7th digit is 0 (a Kemendagri village number starts with
 * 1, 2 or 3; a BPS one is kec 3 + desa 3 such as 010 001), or a regency code unknown to
 * Kemendagri in a known province (the schemes number regencies differently).
 */
export function looksLikeBpsCode(code: string, regions: RegionIndex): boolean {
  if (regions.resolves(code)) return false;
  if (!regions.hasProvince(code.slice(0, 2))) return false;
  if (code.length === 7) return true;
  if (code.length === 10) return code.charCodeAt(6) === 48 || !regions.hasDistrict(code.slice(0, 6));
  if (code.length === 4 || code.length === 6) return true;
  return false;
}

export interface RegionSchemeAssessment {
  /** Records with a region code. */
  withCode: number;
  /** Of those, codes that are not Kemendagri codes. */
  unresolved: number;
  /** Of those, codes shaped like BPS codes. */
  bpsLike: number;
  /** Most codes fail and most failures look like BPS: the source probably uses BPS codes. */
  likelyBps: boolean;
}

/**
 * Looks at the region codes of one source (by the table's region dictionary and counts) to tell
 * whether a source read as Kemendagri really carries BPS codes. Codes already marked 'bps:' are
 * skipped: that source said so.
 */
export function assessRegionScheme(
  regionDict: readonly string[],
  regionColumn: Uint32Array,
  sourceColumn: Uint16Array,
  sourceIndex: number,
  size: number,
  regions: RegionIndex,
): RegionSchemeAssessment {
  const counts = new Uint32Array(regionDict.length);
  for (let i = 0; i < size; i++) if (sourceColumn[i] === sourceIndex) counts[regionColumn[i]]++;
  return assessCounts(regionDict, counts, 0, regions);
}

/**
 * assessRegionScheme for sources 0..sourceCount-1 in one pass over the table (instead of one pass
 * per source): result k is source k's assessment.
 */
export function assessRegionSchemes(
  regionDict: readonly string[],
  regionColumn: Uint32Array,
  sourceColumn: Uint16Array,
  sourceCount: number,
  size: number,
  regions: RegionIndex,
): RegionSchemeAssessment[] {
  const width = regionDict.length;
  const counts = new Uint32Array(sourceCount * width);
  for (let i = 0; i < size; i++) {
    const s = sourceColumn[i];
    if (s < sourceCount) counts[s * width + regionColumn[i]]++;
  }
  const out: RegionSchemeAssessment[] = [];
  for (let s = 0; s < sourceCount; s++) out.push(assessCounts(regionDict, counts, s * width, regions));
  return out;
}

/** The assessment from record counts per region-dictionary entry, read at counts[offset + k]. */
function assessCounts(regionDict: readonly string[], counts: Uint32Array, offset: number, regions: RegionIndex): RegionSchemeAssessment {
  let withCode = 0;
  let unresolved = 0;
  let bpsLike = 0;
  for (let k = 1; k < regionDict.length; k++) {
    const n = counts[offset + k];
    if (n === 0) continue;
    const code = regionDict[k];
    if (code.startsWith('bps:')) continue;
    withCode += n;
    if (regions.resolves(code)) continue;
    unresolved += n;
    if (looksLikeBpsCode(code, regions)) bpsLike += n;
  }
  const likelyBps = withCode > 0 && unresolved * 2 > withCode && bpsLike * 2 > unresolved;
  return { withCode, unresolved, bpsLike, likelyBps };
}
