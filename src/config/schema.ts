import { z } from 'zod';
import { CANONICAL_FIELDS } from '../domain/fields.js';

export const ROLES = ['central', 'provincial', 'regency'] as const;
export const AGENCIES = ['kemensos', 'bulog', 'kemenko_pmk', 'dinsos', 'other'] as const;
export const ENCODINGS = ['utf-8', 'windows-1252', 'latin1'] as const;
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export const DATE_FORMATS = ['DD-MM-YYYY', 'DD/MM/YYYY', 'YYYY-MM-DD', 'MM/DD/YYYY', 'YYYYMMDD'] as const;

const regionCode = z
  .string()
  .regex(/^\d{2}(\.?\d{2}(\.?\d{2}(\.?\d{4})?)?)?$/, 'expected a region code such as 61, 61.71 or 6171');

const columns = z
  .partialRecord(z.enum(CANONICAL_FIELDS), z.string().min(1))
  .describe('canonical field -> header in the file');

export const sourceSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_-]+$/, 'expected lower-case letters, digits, _ or -'),
    role: z.enum(ROLES),
    agency: z.enum(AGENCIES).optional(),
    program: z.string().min(1).optional(),
    region: regionCode.optional(),
    path: z.string().min(1),
    delimiter: z.enum(DELIMITERS).optional(),
    encoding: z.enum(ENCODINGS).optional(),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    columns: columns.optional(),
    regionScheme: z.enum(['kemendagri', 'bps']).optional(),
    /** xlsx only: sheet name or 0-based index. */
    sheet: z.union([z.string(), z.number().int().min(0)]).optional(),
    /** 1-based row of the header (for files with title rows above the table). */
    headerRow: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.role === 'regency' && s.region === undefined) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: 'required when role is "regency"' });
    }
  });

export const programSchema = z
  .object({
    /** "family": one representative per KPM, so two sources may list different members. */
    unit: z.enum(['person', 'family']).default('person'),
  })
  .strict();

export const matchSettingsSchema = z
  .object({
    /** Posterior match probability at or above which two records are linked. */
    linkThreshold: z.number().min(0).max(1).optional(),
    /** Below linkThreshold but at or above this: reported as a possible link, never merged. */
    reviewThreshold: z.number().min(0).max(1).optional(),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    province: z.string().regex(/^\d{2}$/, 'expected a 2-digit province code such as "61"'),
    sources: z.array(sourceSchema).min(1, 'list at least one source'),
    programs: z.record(z.string(), programSchema).optional(),
    match: matchSettingsSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Map<string, number>();
    c.sources.forEach((s, i) => {
      const prev = seen.get(s.name);
      if (prev !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'name'],
          message: `"${s.name}" is already the name of sources[${prev}]`,
        });
      } else seen.set(s.name, i);
    });
  });

export type SourceConfig = z.infer<typeof sourceSchema>;
export type PadanConfig = z.infer<typeof configSchema>;
export type MatchSettingsConfig = z.infer<typeof matchSettingsSchema>;

/** A source with its path resolved against the config file's folder. */
export interface ResolvedSource extends SourceConfig {
  /** Absolute path of the roster file. */
  absPath: string;
  /** Position in the run's source list (the RecordTable's `source` column). */
  index: number;
}

export interface ResolvedConfig extends Omit<PadanConfig, 'sources'> {
  /** Absolute path of the config file, or '' when sources were given as files on the command line. */
  configPath: string;
  sources: ResolvedSource[];
}
