import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';

// Two nights of PKH rosters for Kota Pontianak (6171) and Kota Singkawang (6172). Synthetic people:
// real district codes, serials 09xx; the NIK's date agrees with the birth date.
export const PEOPLE = {
  siti: ['6171054508900903', 'SITI AMINAH', '1990-08-05', '617105'],
  budi: ['6172031203850911', 'BUDI SANTOSO', '1985-03-12', '617203'],
  agus: ['6171011707780904', 'AGUS SALIM', '1978-07-17', '617101'],
  rina: ['6171036102950905', 'RINA MARLINA', '1995-02-21', '617103'],
  wati: ['6171044403880906', 'WATI SUSANTI', '1988-03-04', '617104'],
  dewi: ['6172025409920907', 'DEWI LESTARI', '1992-09-14', '617202'],
  yanti: ['6171054107930912', 'YANTI ROSLINA', '1993-07-01', '617105'],
  hendra: ['6172041005870913', 'HENDRA GUNAWAN', '1987-05-10', '617204'],
} as const;
export type Who = keyof typeof PEOPLE;
export type Roster = (Who | [Who, Partial<Record<'name' | 'birth', string>>])[];

export interface Night {
  central: Roster;
  kota: Roster;
  kab: Roster;
}

/**
 * Night 1: AGUS's name differs (central wrote SALIMIN), WATI twice in the city roster and not
 * centrally, RINA missing from the city roster, BUDI's birth date impossible (30 February) in Singkawang's roster.
 */
export const NIGHT1: Night = {
  central: ['siti', 'budi', ['agus', { name: 'AGUS SALIMIN' }], 'rina', 'yanti', 'hendra'],
  kota: ['siti', 'agus', 'wati', 'yanti', 'wati'],
  kab: [['budi', { birth: '1985-02-30' }], 'hendra'],
};

/**
 * Night 2, every roster re-sorted: AGUS fixed, WATI's second row removed (she is still missing
 * centrally), RINA and BUDI's date unchanged. New: DEWI centrally but not in Singkawang's roster, and
 * the city wrote SITI's name as SITI AMINA.
 */
export const NIGHT2: Night = {
  central: ['dewi', 'hendra', 'yanti', 'rina', 'agus', 'budi', 'siti'],
  kota: ['yanti', 'wati', ['siti', { name: 'SITI AMINA' }], 'agus'],
  kab: ['hendra', ['budi', { birth: '1985-02-30' }]],
};

export const CONFIG = {
  province: '61',
  sources: [
    { name: 'kemensos_pkh', role: 'central', program: 'PKH', path: 'rosters/kemensos_pkh.csv' },
    { name: 'kota_pontianak', role: 'regency', region: '6171', program: 'PKH', path: 'rosters/kota_pontianak.csv' },
    { name: 'kota_singkawang', role: 'regency', region: '6172', program: 'PKH', path: 'rosters/kota_singkawang.csv' },
  ].map((s) => ({ ...s, delimiter: ',', dateFormat: 'YYYY-MM-DD', columns: { nik: 'NIK', name: 'NAMA', birth_date: 'TGL_LAHIR', region: 'KODE_WILAYAH' } })),
};

function csv(rows: Roster): string {
  const lines = ['NIK,NAMA,TGL_LAHIR,KODE_WILAYAH'];
  for (const r of rows) {
    const [who, over] = typeof r === 'string' ? [r, {}] : r;
    const [nik, name, birth, region] = PEOPLE[who];
    lines.push([nik, over.name ?? name, over.birth ?? birth, region].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Writes (or overwrites) the config and one night's rosters into dir; returns the config path. */
export function writeNight(dir: string, night: Night): string {
  mkdirSync(join(dir, 'rosters'), { recursive: true });
  writeFileSync(join(dir, 'padan.config.json'), JSON.stringify(CONFIG, null, 2));
  writeFileSync(join(dir, 'rosters/kemensos_pkh.csv'), csv(night.central));
  writeFileSync(join(dir, 'rosters/kota_pontianak.csv'), csv(night.kota));
  writeFileSync(join(dir, 'rosters/kota_singkawang.csv'), csv(night.kab));
  return join(dir, 'padan.config.json');
}

export async function padan(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const io = memoryIo({ USER: 'budi.dinsos', ...env }, cwd);
  const code = await main(['node', 'padan', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}
