import type { Finding } from '../domain/finding.js';
import type { Catalogue } from './catalogue.js';

// Bahasa Indonesia untuk pemeriksaan data tidak valid (src/validate/checks.ts); istilah yang dipakai
// petugas: NIK tidak valid, No. KK, kabupaten/kota, KPM. Digit yang disamarkan hanya disebut bila
// nilainya ditampilkan lengkap (--show-nik).

const shownInFull = (f: Finding, v: string): boolean => v === (f.value ?? '');
const sexWord = (s: unknown): string => (s === 'P' ? 'perempuan' : 'laki-laki');

function idChecks(label: 'NIK' | 'No. KK'): Catalogue['findings'] {
  const key = label === 'NIK' ? 'nik' : 'kk';
  return {
    [`${key}.malformed`]: (f, v) =>
      /^[\d\s.\-']*$/.test(f.value ?? '')
        ? `${label} tidak valid: "${v}" berisi ${f.args?.digits} digit; ${label} harus tepat 16 digit`
        : `${label} tidak valid: "${v}" berisi huruf atau tanda; ${label} harus 16 digit angka`,
    [`${key}.scientific`]: (_f, v) =>
      `${label} "${v}" sudah diubah Excel menjadi angka (notasi ilmiah) dan digit terakhirnya hilang; ` +
      'ekspor ulang dengan format kolom Text',
    [`${key}.placeholder`]: (_f, v) => `${label} ${v} hanya isian sementara (satu digit berulang atau urutan angka), bukan nomor asli`,
    [`${key}.province_unknown`]: (f, v) => `${label} tidak valid: ${v} diawali ${f.args?.code}, yang bukan kode provinsi; seharusnya kode seperti 61 (Kalimantan Barat)`,
    [`${key}.regency_unknown`]: (f, v) =>
      `${label} ${v}: kode kabupaten/kota ${f.args?.code} tidak ada dalam daftar Kemendagri yang berlaku maupun yang lama; periksa 4 digit pertama`,
    [`${key}.district_unknown`]: (f, v) =>
      shownInFull(f, v)
        ? `${label} ${v}: kode kecamatan ${f.args?.code} tidak ada dalam daftar Kemendagri yang berlaku maupun yang lama (kode sebelum 2015 tidak tercantum); periksa digit 5-6`
        : `${label} ${v}: kode kecamatan (digit 5-6) tidak ada dalam daftar Kemendagri yang berlaku maupun yang lama (kode sebelum 2015 tidak tercantum); periksa digit 5-6`,
  };
}

export const validateFindingsId: Catalogue['findings'] = {
  'source.encoding_guessed': (f) =>
    `berkas bukan UTF-8 yang sah, jadi dibaca sebagai ${f.args?.encoding}; bila nama tampak salah, isi "encoding" untuk sumber ini`,
  'source.region_scheme_bps': (f) =>
    `${f.args?.unresolved} dari ${f.args?.total} kode wilayah bukan kode Kemendagri tetapi mirip kode BPS; bila daftar ini memakai kode BPS, ` +
    'isi "regionScheme": "bps" untuk sumber ini (penomoran BPS dan Kemendagri berbeda, jadi padan tidak pernah membandingkannya)',
  'birth_date.unparseable': (f, v) =>
    `tanggal lahir "${v}" bukan tanggal; seharusnya seperti ${f.args?.format === 'MM/DD/YYYY' ? '08/17/1975' : '17-08-1975'}`,
  'birth_date.impossible': (_f, v) => `tanggal lahir "${v}" tidak ada (bulan itu tidak punya tanggal tersebut)`,
  'birth_date.incomplete': (_f, v) => `tanggal lahir "${v}" tidak lengkap (hanya tahun, atau tahun 2 digit); seharusnya lengkap seperti 17-08-1975`,
  'birth_date.future': (_f, v) => `tanggal lahir ${v} ada di masa depan`,
  'birth_date.implausible': (f, v) => `tanggal lahir ${v} berarti umur lebih dari ${f.args?.maxAge} tahun; periksa tahunnya`,
  'sex.unrecognised': (_f, v) => `jenis kelamin "${v}" tidak dikenal; seharusnya L atau P (juga LAKI-LAKI/PEREMPUAN, 1/2)`,
  'status.unrecognised': (_f, v) => `status "${v}" tidak dikenal; seharusnya AKTIF, NONAKTIF, MENINGGAL atau PINDAH`,
  'amount.unparseable': (_f, v) => `nominal "${v}" bukan jumlah rupiah; seharusnya seperti 1.500.000 atau Rp 1.500.000,00`,
  'region.malformed': (_f, v) => `kode wilayah "${v}" bukan kode; seharusnya angka seperti 61.71.01.1001 atau 6171`,
  'region.unknown': (_f, v) => `kode wilayah ${v} bukan kode Kemendagri (yang berlaku maupun yang lama)`,
  'region.outside_source': (f, v) => `kode wilayah ${v} di luar wilayah cakupan daftar ini (${f.args?.expected})`,
  'nik.missing': () => 'NIK kosong; setiap KPM/penerima wajib punya NIK 16 digit',
  ...idChecks('NIK'),
  'nik.birth_date_impossible': (f, v) =>
    shownInFull(f, v)
      ? `NIK tidak valid: digit 7-12 dari ${v} bukan tanggal lahir (tanggal ${f.args?.day}, bulan ${f.args?.month}); seharusnya tanggal 01-31 (perempuan 41-71) dan bulan 01-12`
      : `NIK tidak valid: digit 7-12 dari ${v} bukan tanggal lahir; seharusnya tanggal 01-31 (perempuan 41-71) dan bulan 01-12`,
  'nik.serial_zero': (_f, v) => `NIK tidak valid: ${v} berakhir 0000; nomor urut dimulai dari 0001`,
  'nik.equals_kk': (_f, v) => `NIK ${v} sama dengan No. KK; kolom NIK kemungkinan berisi nomor kartu keluarga`,
  'nik.sex_mismatch': (f, v) =>
    `NIK ${v} berkode ${sexWord(f.args?.nikSex)} (tanggal lahir perempuan ditambah 40), tetapi baris ini menyebut ${sexWord(f.args?.sex)}; periksa jenis kelamin atau NIK`,
  'nik.birth_date_mismatch': (f, v, ov) =>
    (shownInFull(f, v)
      ? `NIK ${v} berkode tanggal lahir ${f.args?.nikDate}, tetapi baris ini menyebut ${ov}`
      : `tanggal lahir dalam NIK ${v} berbeda dengan tanggal lahir di baris ini`) +
    '; Dukcapil tidak mengganti NIK bila tanggal lahir dikoreksi, jadi periksa mana yang benar',
  'kk.missing': () => 'No. KK kosong padahal daftar ini punya kolom No. KK',
  ...idChecks('No. KK'),
  'kk.date_impossible': (_f, v) => `No. KK ${v}: digit 7-12 bukan tanggal pendaftaran (tanggal 01-31, bulan 01-12)`,
  'kk.serial_zero': (_f, v) => `No. KK ${v} berakhir 0000; nomor urut dimulai dari 0001`,
  'name.missing': () => 'nama kosong',
  'name.placeholder': (_f, v) => `nama "${v}" hanya isian sementara, bukan nama orang`,
  'name.has_digits': (_f, v) => `nama "${v}" berisi angka; nama di KTP hanya berisi huruf`,
};

export const validateUiId: Record<string, string> = {
  'validate.checks': 'temuan per pemeriksaan',
  'validate.first_problems': 'masalah pertama',
  'validate.more': 'lainnya; --out DIR menulis semua temuan ke findings.csv',
  'validate.clean': 'tidak ada masalah',
  'validate.errors': 'kesalahan',
  'validate.warnings': 'peringatan',
  'validate.files': 'berkas',
  'validate.source_notes': 'tentang seluruh berkas',
};
