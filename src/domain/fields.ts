// Canonical fields every roster is mapped onto. The order is the order reports show them in.
export const CANONICAL_FIELDS = [
  'nik',
  'name',
  'kk',
  'birth_date',
  'sex',
  'region',
  'address',
  'program',
  'status',
  'amount',
  'record_id',
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export const REQUIRED_FIELDS: readonly CanonicalField[] = ['nik', 'name'];

export function isCanonicalField(s: string): s is CanonicalField {
  return (CANONICAL_FIELDS as readonly string[]).includes(s);
}

/** Sex as coded in the table. 0 = not given. */
export enum Sex {
  Unknown = 0,
  Male = 1,
  Female = 2,
}

/** Status of a beneficiary row, normalised from AKTIF/NONAKTIF/MENINGGAL and kin. */
export enum Status {
  None = 0,
  Active = 1,
  Inactive = 2,
  Deceased = 3,
  Moved = 4,
  Other = 255,
}

export const STATUS_LABEL: Record<number, string> = {
  0: '',
  1: 'AKTIF',
  2: 'NONAKTIF',
  3: 'MENINGGAL',
  4: 'PINDAH',
  255: 'LAINNYA',
};

/**
 * How a 16-digit identifier (NIK or No. KK) arrived. Only `Ok` values carry hi/lo numbers;
 * every other state keeps the original text so a report can show (masked) what was there.
 */
export enum IdState {
  Missing = 0,
  Ok = 1,
  /** Not 16 digits after cleaning (too short, too long, letters). */
  Malformed = 2,
  /** Excel scientific notation such as 6.17101E+15: digits are lost for good. */
  Scientific = 3,
  /** Stored as a number in an .xlsx cell: Excel keeps 15 significant digits, so the rest are lost. */
  ExcelNumber = 4,
}
