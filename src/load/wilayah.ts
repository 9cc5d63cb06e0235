import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { PadanError } from '../domain/errors.js';
import { buildRegionIndex, type CodeChangeRow, type RegionIndex, type RegionRow } from '../validate/regions.js';

// The bundled Kemendagri codes sit at <package>/data/wilayah. This file is src/load/wilayah.ts under
// vitest and dist/load/wilayah.js when built: two folders below the package root either way.
const DATA_DIR = new URL('../../data/wilayah/', import.meta.url);

function readData(name: string): string {
  const url = new URL(name, DATA_DIR);
  try {
    return readFileSync(url, 'utf8');
  } catch (e) {
    throw new PadanError(`${fileURLToPath(url)}: cannot read bundled region codes (${(e as NodeJS.ErrnoException).code ?? 'error'}); reinstall padan`);
  }
}

function readRecords(name: string): Record<string, string>[] {
  return parse(readData(name), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

function regionRows(name: string): RegionRow[] {
  return readRecords(name).map((r) => ({ code: r.code, name: r.name }));
}

function changeRows(name: string): CodeChangeRow[] {
  return readRecords(name).map((r) => ({ oldCode: r.old_code, oldName: r.old_name, newCode: r.new_code }));
}

/** Village codes: only the first field of each line is needed (a code never holds a comma or quote). */
function villageCodes(): string[] {
  const text = readData('villages.csv');
  const codes: string[] = [];
  let start = text.indexOf('\n') + 1; // skip the header
  while (start > 0 && start < text.length) {
    const comma = text.indexOf(',', start);
    const nl = text.indexOf('\n', start);
    if (comma > start && (nl < 0 || comma < nl)) codes.push(text.slice(start, comma));
    start = nl + 1;
  }
  return codes;
}

let cached: RegionIndex | undefined;

/** The bundled region index (read once per process). */
export function loadRegionIndex(): RegionIndex {
  cached ??= buildRegionIndex({
    provinces: regionRows('provinces.csv'),
    regencies: regionRows('regencies.csv'),
    districts: regionRows('districts.csv'),
    villageCodes: villageCodes(),
    regencyChanges: changeRows('regency_code_changes.csv'),
    districtChanges: changeRows('district_code_changes.csv'),
  });
  return cached;
}
