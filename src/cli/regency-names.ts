import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

let cache: Map<string, string> | undefined;

/** "6171" -> "Kota Pontianak", from the bundled Kemendagri list (for report labels only). */
export function regencyNames(): Map<string, string> {
  if (cache) return cache;
  const text = readFileSync(new URL('../../data/wilayah/regencies.csv', import.meta.url), 'utf8');
  const rows = parse(text, { columns: true }) as { code: string; name: string }[];
  cache = new Map(rows.map((r) => [r.code.replace(/\./g, ''), r.name]));
  return cache;
}
