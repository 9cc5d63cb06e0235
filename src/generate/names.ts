/**
 * Indonesian name material for the synthetic roster generator and the matcher's scenarios.
 *
 * All names are written upper case, as rosters write them. The lists are common-knowledge given
 * names and clan names (see ../shared/domain.md §5); none is taken from a roster. Pure: no I/O.
 */
import type { Rng } from '../domain/rng.js';

export type Sex = 'L' | 'P';

export const ETHNICITIES = ['javanese', 'sundanese', 'malay', 'balinese', 'batak', 'chinese'] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];

// ---------------------------------------------------------------- given names by group

/** Javanese: many one-word names, Su-/Soe- starts, -o endings for men, -i/-ah for women. */
export const JAVANESE_MALE = [
  'SUPARMAN', 'SUKARNO', 'SUHARTO', 'SUTRISNO', 'SUGENG', 'SUGIYANTO', 'SUPRIYADI', 'SUWARNO', 'SUMARNO',
  'SUPARNO', 'SURYADI', 'SUYONO', 'SUDARSONO', 'SUBAGYO', 'SUKIMAN', 'SLAMET', 'BAMBANG', 'JOKO', 'DJOKO',
  'WIDODO', 'PRASETYO', 'HARYANTO', 'HERU', 'BUDI', 'AGUS', 'TRI', 'DWI', 'EKO', 'WAHYU', 'PURNOMO',
  'SETIAWAN', 'NUGROHO', 'SANTOSO', 'HARTONO', 'GUNAWAN', 'KUSNADI', 'PAIMIN', 'PAIJO', 'TUKIMAN', 'TUGIMAN',
  'WAGIMAN', 'KARYONO', 'MULYONO', 'SUMADI', 'DARMANTO', 'WIYONO', 'GIYANTO', 'PONIMAN', 'RUSDI', 'TEGUH',
  'ANDRI', 'YULIANTO', 'ARIF', 'HENDRO', 'KUSWORO', 'SISWANTO', 'SUNARTO', 'TRIYONO', 'WARSITO', 'YATIMAN',
] as const;
export const JAVANESE_FEMALE = [
  'SRI', 'SUMARNI', 'SUPARMI', 'SUKINEM', 'SUWARNI', 'SUMIYATI', 'SUTINAH', 'SUNARSIH', 'SUPRAPTI', 'SUMINAH',
  'PAINEM', 'TUMINAH', 'WAGINEM', 'KASMINI', 'PARSIH', 'SARINAH', 'SARMI', 'TARMINI', 'WARSIH', 'YATMI',
  'ENDANG', 'ENDAH', 'WAHYUNI', 'RAHAYU', 'LESTARI', 'WULANDARI', 'PURWANTI', 'HARTATI', 'MURNI', 'NINGSIH',
  'SETYANINGSIH', 'WIDYASTUTI', 'KUSUMAWATI', 'RATNA', 'TITIK', 'TUTIK', 'WIWIK', 'YULI', 'ASIH', 'KARTINI',
  'SULASTRI', 'SUPRIHATIN', 'SITI', 'DEWI', 'SUMIATI', 'SUGIYEM', 'JUMINAH', 'KATMI', 'LASMI', 'NGATINI',
] as const;

/** Sundanese: doubled syllables (Ujang, Dede, Cucu), -an/-ah endings, Asep and Euis. */
export const SUNDANESE_MALE = [
  'ASEP', 'UJANG', 'DEDE', 'CECEP', 'DADANG', 'DEDEN', 'ENDANG', 'JAJANG', 'ADE', 'AEP', 'OMAN', 'UDIN',
  'ENJANG', 'YAYAN', 'AANG', 'UCU', 'DODI', 'HENDRA', 'IWAN', 'ROHMAT', 'ACENG', 'ENCEP', 'MAMAN', 'OJAN',
  'TATANG', 'UJU', 'WAWAN', 'YUYUN', 'KOMAR', 'NANA', 'SUTISNA', 'SUPRIATNA', 'KARNA', 'ARIP', 'DEDI',
  'HERMAWAN', 'KURNIA', 'MULYANA', 'SUKMANA', 'SOBARI', 'SUNANDAR', 'RUHIYAT', 'ATANG', 'EMAN', 'JUJU',
] as const;
export const SUNDANESE_FEMALE = [
  'EUIS', 'IMAS', 'CUCU', 'NENG', 'ENOK', 'EPON', 'ENUNG', 'EMAH', 'ENTIN', 'ICIH', 'ITA', 'NENENG',
  'NUNUNG', 'OOM', 'TITIN', 'UNAH', 'YAYAH', 'EUTIK', 'CICIH', 'IYAM', 'ELIS', 'ENENG', 'ANAH', 'AAN',
  'DEDEH', 'EEN', 'IDA', 'KOKOM', 'LILIS', 'NANI', 'NINING', 'ROSMIATI', 'SUMIATI', 'TATI', 'WIWIN', 'YATI',
  'YAYAT', 'NURHAYATI', 'ROHAETI', 'KURNIASIH', 'MULYANINGSIH', 'SRI', 'SITI', 'AI', 'IIS',
] as const;

/** Malay and Arabic-derived names, common across Sumatra, Kalimantan and everywhere Muslim. */
export const MALAY_MALE = [
  'AHMAD', 'ABDULLAH', 'ABDUL RAHMAN', 'ABDUL HAMID', 'ABDUL MALIK', 'ZAINAL', 'ZAINUDDIN', 'SYAMSUDDIN',
  'SYAFRUDDIN', 'HASAN', 'HUSIN', 'HAMZAH', 'ISMAIL', 'IBRAHIM', 'YUSUF', 'YAHYA', 'IDRIS', 'ILYAS', 'ALI',
  'UMAR', 'USMAN', 'SULAIMAN', 'SALEH', 'RAHMAT', 'RAMLI', 'RUSLAN', 'FAISAL', 'FIRMAN', 'HAMDAN', 'JUNAIDI',
  'KHAIRUL', 'MAHMUD', 'MANSUR', 'MUKHTAR', 'NASRUDDIN', 'RIDWAN', 'SAIFUL', 'SYAHRIL', 'TAUFIK', 'ZULKIFLI',
  'ARIFIN', 'BAHRUDDIN', 'DAUD', 'FADLI', 'HALIM', 'HAMID', 'JAMALUDDIN', 'KASIM', 'LUKMAN', 'MASRUL',
  'RIZAL', 'SYAHRUDIN', 'YUNUS', 'ZAKARIA', 'ANWAR', 'FAUZI', 'HERMAN', 'ISKANDAR', 'AMIRUDDIN', 'ABU BAKAR',
] as const;
export const MALAY_FEMALE = [
  'FATIMAH', 'AMINAH', 'AISYAH', 'KHADIJAH', 'MARYAM', 'ZAINAB', 'HALIMAH', 'RUKIAH', 'SALMAH', 'SITI AMINAH',
  'SITI FATIMAH', 'SITI AISYAH', 'NURHAYATI', 'NURAINI', 'NURBAYA', 'NURHASANAH', 'HASANAH', 'JAMILAH',
  'KHOIRUNNISA', 'LAILA', 'MAIMUNAH', 'MARIAM', 'RAHMAH', 'ROSMAWATI', 'ROSNAH', 'SARAH', 'SAFITRI',
  'SYARIFAH', 'ZUBAIDAH', 'ZULAIKHA', 'ASMAH', 'FARIDA', 'HAFSAH', 'HAMIDAH', 'JUBAEDAH', 'MASITAH',
  'NURLAILA', 'RAHMAWATI', 'ROHANI', 'SALBIAH', 'UMI KALSUM', 'YUSNITA', 'ZURAIDA', 'RAFIDAH', 'NORMAH',
] as const;

/** Balinese birth-order names; the cycle repeats from the 5th child (Wayan Balik). */
export const BALINESE_BIRTH_ORDER: readonly (readonly string[])[] = [
  ['WAYAN', 'PUTU', 'GEDE'],
  ['MADE', 'KADEK', 'NENGAH'],
  ['NYOMAN', 'KOMANG'],
  ['KETUT'],
];
export const BALINESE_MALE = [
  'SUDARSANA', 'ARTAWAN', 'SUARDANA', 'WIRAWAN', 'MERTA', 'SUKARDANA', 'ADNYANA', 'ASTAWA', 'BUDIARTA',
  'DARMAWAN', 'GUNAWAN', 'JULIANTARA', 'KARIASA', 'MUDANA', 'PARWATA', 'RAKA', 'SUARTANA', 'SUDIARTA',
  'SUWENDRA', 'WIDIANA', 'YASA', 'SUTAMA', 'SUPARTA', 'ARIANA', 'SUPADMA', 'ARDANA', 'SUKERTA', 'DANA',
] as const;
export const BALINESE_FEMALE = [
  'SUKARNI', 'ARTINI', 'SUARNI', 'WIDIASIH', 'MERTI', 'SUDIANI', 'ADNYANI', 'ASTITI', 'BUDIASIH', 'DARMI',
  'SRI ARTINI', 'JULIANTARI', 'KARIANI', 'MUDIANI', 'PARWATI', 'RATNI', 'SUARTINI', 'SUDIARTINI', 'SUWENDRI',
  'WIDIANI', 'YASMINI', 'SUTARI', 'SUPARTINI', 'ARIANI', 'SUKERTI', 'SUCI', 'SRIANI', 'LUH',
] as const;
/** Caste titles written before the birth-order name; rare in bansos rosters but present. */
export const BALINESE_CASTE_TITLES_MALE = ['IDA BAGUS', 'ANAK AGUNG', 'I GUSTI', 'DEWA', 'COKORDA'] as const;
export const BALINESE_CASTE_TITLES_FEMALE = ['IDA AYU', 'ANAK AGUNG', 'I GUSTI AYU', 'DESAK', 'COKORDA ISTRI'] as const;

/** Batak marga (Toba, Simalungun, Mandailing, Karo). */
export const BATAK_MARGA = [
  'SIREGAR', 'NASUTION', 'SIMANJUNTAK', 'SINAGA', 'SARAGIH', 'HUTAGALUNG', 'HUTAPEA', 'LUBIS', 'HARAHAP',
  'PANJAITAN', 'SIAHAAN', 'SIMATUPANG', 'SITUMORANG', 'PARDEDE', 'SILALAHI', 'MANURUNG', 'SIHOMBING',
  'SIANTURI', 'TAMBUNAN', 'NAPITUPULU', 'HUTABARAT', 'PASARIBU', 'SITOMPUL', 'PURBA', 'DAMANIK', 'GINTING',
  'SEMBIRING', 'TARIGAN', 'SITEPU', 'PERANGIN-ANGIN', 'MARPAUNG', 'SIBURIAN', 'GULTOM', 'SIMBOLON', 'RAJAGUKGUK',
] as const;
/** Karo and Pakpak women write BERU; the others BORU or BR. */
export const BATAK_BERU_MARGA = ['GINTING', 'SEMBIRING', 'TARIGAN', 'SITEPU', 'PERANGIN-ANGIN'] as const;
export const BATAK_MALE = [
  'JONNER', 'MARULAK', 'PARLINDUNGAN', 'TORANG', 'BONAR', 'HOTMAN', 'SAHAT', 'TUMPAL', 'RUDOLF', 'JANSEN',
  'DAVID', 'DANIEL', 'ROBERT', 'MARTIN', 'LAMHOT', 'BINSAR', 'PARULIAN', 'MANGATAS', 'JUNIAR', 'OLOAN',
  'RAMLAN', 'POLTAK', 'HENRI', 'SAUT', 'MARUDUT', 'BERNARD', 'ANDI', 'FREDDY', 'JOHANNES', 'LUHUT',
] as const;
export const BATAK_FEMALE = [
  'ROSMIDA', 'DERMAWATI', 'TIURMA', 'ROSLINA', 'MASTIUR', 'NURMALA', 'MERIAM', 'LAMRIA', 'ROMAULI', 'DUMARIA',
  'HOTMAIDA', 'LESTARI', 'MARTA', 'RUGUN', 'SARMAULI', 'TETTY', 'ERLINA', 'HOTNIDA', 'MARIANA', 'DELIMA',
  'SORTA', 'ROTUA', 'RISMA', 'MELATI', 'ESTER', 'HANNA', 'LINDA', 'YANTI', 'RINA', 'FERI',
] as const;

/**
 * Chinese-Indonesian: Indonesianised KTP names (often built on the Chinese surname: Lim -> Salim,
 * Tan -> Tanoto/Tanuwijaya, Oei -> Wijaya), some with a Christian first name.
 */
export const CHINESE_GIVEN_MALE = [
  'HENDRA', 'HARTONO', 'BUDI', 'SUSANTO', 'HALIM', 'JOHAN', 'KEVIN', 'ANDI', 'ROBERT', 'WILLIAM', 'SUGIANTO',
  'TJAHJADI', 'TEDDY', 'HENDRIK', 'FELIX', 'ALBERT', 'DJOHAN', 'LIEM', 'RUDY', 'STEVEN', 'VINCENT', 'YOHANES',
] as const;
export const CHINESE_GIVEN_FEMALE = [
  'LINDA', 'MEILIANA', 'LILIS', 'SUSAN', 'YULIANA', 'MELIANA', 'LANNY', 'MEI LING', 'FENNY', 'IRENE', 'CHRISTINE',
  'LIANA', 'SUSANTI', 'HELEN', 'JULIANA', 'NOVI', 'VERONIKA', 'WATI', 'MONICA', 'SHERLY', 'ANITA', 'LIE',
] as const;
export const CHINESE_INDONESIAN_SURNAMES = [
  'WIJAYA', 'SALIM', 'TANOTO', 'TANUWIJAYA', 'GUNAWAN', 'SANTOSO', 'HALIM', 'KUSUMA', 'SETIAWAN', 'HARTANTO',
  'SUSILO', 'LIMANTO', 'GOZALI', 'LIEMENA', 'WIRAWAN', 'HIDAYAT', 'KURNIAWAN', 'SUTANTO', 'TJANDRA', 'WINATA',
  'HARSONO', 'ONGKO', 'TANZIL', 'LAUW', 'TAN', 'LIM', 'ONG', 'GO', 'OEI', 'LIE',
] as const;

/** Modern given names shared by every group (second tokens of two-word names). */
export const COMMON_GIVEN_MALE = [
  'ADI', 'ANDIKA', 'ARI', 'BAYU', 'DANI', 'DIAN', 'FAJAR', 'HADI', 'HIDAYAT', 'INDRA', 'KURNIAWAN', 'PUTRA',
  'PRATAMA', 'RAHMAN', 'RAMADHAN', 'RIZKI', 'SAPUTRA', 'SETIADI', 'SURYA', 'WIBOWO', 'YOGA', 'YUSUF',
  'FIRMANSYAH', 'HIDAYATULLAH', 'IRAWAN', 'KUSUMA', 'MAULANA', 'NUGRAHA', 'PERMANA', 'SUGIARTO', 'WIJAYA',
  'ARDIANSYAH', 'GILANG', 'HERMANTO', 'IKHSAN', 'JAYA', 'KARIM', 'LESMANA', 'RIYADI', 'SAMSUL', 'TAUFIQ',
  'ADITYA', 'AKBAR', 'ALFIAN', 'ANGGA', 'ARDI', 'BAGUS', 'DARMAWAN', 'DWI PUTRA', 'EFENDI', 'FEBRIAN', 'GUNTUR',
  'HABIBI', 'HARIS', 'HENDRAWAN', 'ILHAM', 'IQBAL', 'JULIANTO', 'KURNIA', 'MAHENDRA', 'NUGROHO', 'PRAYOGA',
  'RAHMADI', 'RIDHO', 'SAPUTRO', 'SETIAJI', 'SOFYAN', 'SUTRISNO', 'WAHYUDI', 'YUDHA', 'ZULFIKAR', 'ZAKI',
] as const;
export const COMMON_GIVEN_FEMALE = [
  'AYU', 'DEWI', 'FITRI', 'INDAH', 'LESTARI', 'MAYA', 'NOVITA', 'NUR', 'PUTRI', 'RAHAYU', 'RATNA', 'RINA',
  'SAFITRI', 'SARI', 'UTAMI', 'WATI', 'YANTI', 'YULIANTI', 'ANGGRAINI', 'HANDAYANI', 'KURNIASARI', 'MEGAWATI',
  'PERMATASARI', 'PRATIWI', 'PUSPITA', 'RAMADHANI', 'SETIAWATI', 'SUSANTI', 'WULANDARI', 'AMELIA', 'ANISA',
  'APRILIA', 'DAMAYANTI', 'FEBRIANTI', 'HARTINI', 'KARTIKA', 'MARLINA', 'NURJANAH', 'OKTAVIA', 'SUSILAWATI',
  'ARYANI', 'AULIA', 'CAHYANI', 'DEVI', 'ERNAWATI', 'FAUZIAH', 'HERLINA', 'INDRIANI', 'JUWITA', 'KHOIRIYAH',
  'LISTYOWATI', 'MULYANI', 'NURLAELA', 'PURNAMASARI', 'RAHMAWATI', 'RISKA', 'SEPTIANI', 'SRI WAHYUNI',
  'TRIANA', 'WIDYA', 'YUNITA', 'ZAHRA', 'ANJANI', 'MUTIARA', 'NOVIANTI', 'LESTIANI', 'HASNAWATI', 'ROSITA',
] as const;

// ---------------------------------------------------------------- titles and degrees

/** Prefix titles allowed on KK/KTP; a cosmetic difference, never a reason to report out_of_sync. */
export const PREFIX_TITLES_MALE = ['H.', 'HAJI', 'KH.', 'UST.', 'DRS.', 'IR.', 'DR.', 'PROF.', 'BPK.', 'TN.', 'SDR.'] as const;
export const PREFIX_TITLES_FEMALE = ['HJ.', 'HAJJAH', 'USTADZAH', 'DRA.', 'IR.', 'DR.', 'NY.', 'IBU', 'SDRI.'] as const;
/** Degrees written after the name, usually after a comma ("SITI AMINAH, S.PD."). */
export const SUFFIX_DEGREES = [
  'S.PD.', 'S.PD.I', 'S.E.', 'S.H.', 'S.SOS.', 'S.KOM.', 'S.T.', 'S.AG.', 'S.KEP.', 'A.MD.', 'AMD.', 'M.SI.',
  'M.M.', 'M.PD.', 'M.KES.', 'M.H.', 'S.IP.', 'S.KM.', 'S.FARM.', 'S.PT.',
] as const;
/** Marks of the deceased, which are also a signal an officer wants to see. */
export const DECEASED_TITLES = ['ALM.', 'ALMH.', 'ALMARHUM', 'ALMARHUMAH'] as const;

// ---------------------------------------------------------------- spelling families

/** Spellings and abbreviations of Muhammad; the first entry is the canonical token. */
export const MUHAMMAD_VARIANTS = [
  'MUHAMMAD', 'MUHAMAD', 'MUHAMMAT', 'MOHAMMAD', 'MOHAMAD', 'MOCHAMMAD', 'MOCHAMAD', 'MOKHAMMAD', 'MOHAMMED',
  'MUHAMMED', 'MOH.', 'MOCH.', 'MOHD.', 'MUH.', 'MHD.', 'MD.', 'M.', 'MUH', 'MOH', 'MOCH', 'M',
] as const;
export const ABDUL_VARIANTS = ['ABDUL', 'ABD.', 'ABD', 'ABDOEL', 'ABDOL'] as const;
export const NUR_VARIANTS = ['NUR', 'NOOR', 'NURUL', 'NOER'] as const;
export const SITI_VARIANTS = ['SITI', 'ST.', 'SITTI'] as const;
/** Every family above, each with its canonical token first. */
export const SPELLING_FAMILIES: readonly (readonly string[])[] = [MUHAMMAD_VARIANTS, ABDUL_VARIANTS, NUR_VARIANTS, SITI_VARIANTS];

/**
 * Old (pre-1972 / pre-1947) spellings and their modern forms; people born before 1972 often keep
 * the old one, and a second roster may "correct" it. [old, modern].
 */
export const OLD_SPELLING_PAIRS: readonly (readonly [old: string, modern: string])[] = [
  ['SOEHARTO', 'SUHARTO'], ['SOEKARNO', 'SUKARNO'], ['DJOKO', 'JOKO'], ['TJAHJONO', 'CAHYONO'],
  ['SOEPARMAN', 'SUPARMAN'], ['SOETRISNO', 'SUTRISNO'], ['SOEWARNO', 'SUWARNO'], ['SOEMARNI', 'SUMARNI'],
  ['DJUMINAH', 'JUMINAH'], ['TJITRA', 'CITRA'], ['NJOMAN', 'NYOMAN'], ['SJAMSUDDIN', 'SYAMSUDDIN'],
  ['SJAFRUDDIN', 'SYAFRUDDIN'], ['MOCHTAR', 'MUKHTAR'], ['ACHMAD', 'AHMAD'], ['ABDOEL', 'ABDUL'],
  ['KOESNADI', 'KUSNADI'], ['SOEGENG', 'SUGENG'], ['SOEBAGJO', 'SUBAGYO'], ['TJOKORDA', 'COKORDA'],
  ['SOEPRAPTI', 'SUPRAPTI'], ['SOEMARNO', 'SUMARNO'], ['DJAMALUDDIN', 'JAMALUDDIN'], ['TJEPI', 'CEPI'],
  ['SOENARTO', 'SUNARTO'], ['SOEDARSONO', 'SUDARSONO'], ['POERNOMO', 'PURNOMO'], ['NOERHAJATI', 'NURHAYATI'],
  ['JOESOEF', 'YUSUF'], ['SOELASTRI', 'SULASTRI'], ['WAHJOENI', 'WAHYUNI'], ['DJUNAIDI', 'JUNAIDI'],
  ['TJATJA', 'CACA'], ['HASJIM', 'HASYIM'], ['CHADIJAH', 'KHADIJAH'], ['CHAIRUL', 'KHAIRUL'],
];

/**
 * Everyday variants a second clerk types (common knowledge, not sourced): double letters, y/i,
 * f/p, z/j, kh/h, q/k, sy/s. [a, b] where either may be the registered form.
 */
export const SPELLING_VARIANT_PAIRS: readonly (readonly [string, string])[] = [
  ['MUHAMMAD', 'MUHAMAD'], ['ABDULLAH', 'ABDULAH'], ['YANTI', 'IANTI'], ['SUNARYA', 'SUNARIA'],
  ['FATIMAH', 'PATIMAH'], ['ZAINAL', 'JAINAL'], ['KHADIJAH', 'HADIJAH'], ['TAUFIK', 'TAUFIQ'],
  ['SYAMSUDDIN', 'SAMSUDIN'], ['ZAINUDDIN', 'ZAINUDIN'], ['RUKIAH', 'RUKIYAH'], ['MARYAM', 'MARIAM'],
  ['SUGIYANTO', 'SUGIANTO'], ['SUPRIYADI', 'SUPRIADI'], ['SUMIYATI', 'SUMIATI'], ['HASANAH', 'HASANA'],
  ['NURHAYATI', 'NURHAYATY'], ['RAHMAT', 'RACHMAT'], ['AHMAD', 'AHMAT'], ['ARIFIN', 'ARIPIN'],
  ['FIRMAN', 'PIRMAN'], ['FAUZI', 'PAUZI'], ['YUSUF', 'YUSUP'], ['JUBAEDAH', 'ZUBAIDAH'], ['KHAIRUL', 'HAIRUL'],
  ['MAHMUD', 'MAHMUT'], ['HAMZAH', 'HAMSAH'], ['SAIFUL', 'SYAIFUL'], ['RIZKI', 'RISKI'], ['RAMADHAN', 'RAMADAN'],
];

// ---------------------------------------------------------------- builders

export interface NameOptions {
  ethnicity: Ethnicity;
  sex: Sex;
  /** 1-based birth order among siblings (Balinese names). */
  birthOrder?: number;
  /** Father's marga, inherited by Batak children. */
  marga?: string;
  /** Chinese-Indonesian family surname, inherited by children. */
  surname?: string;
  /** Year of birth: people born before 1972 may keep an old spelling. */
  birthYear?: number;
}

const OLD_BY_MODERN = new Map(OLD_SPELLING_PAIRS.map(([o, m]) => [m, o] as const));

/** Picks the family name a household passes on (marga or Chinese-Indonesian surname), if any. */
export function familyNameFor(rng: Rng, ethnicity: Ethnicity): string | undefined {
  if (ethnicity === 'batak') return rng.pick(BATAK_MARGA);
  if (ethnicity === 'chinese') return rng.pick(CHINESE_INDONESIAN_SURNAMES);
  return undefined;
}

/** The "BR." / "BORU" / "BERU" particle a Batak woman writes before her marga. */
export function batakWomanParticle(rng: Rng, marga: string): string {
  if ((BATAK_BERU_MARGA as readonly string[]).includes(marga)) return 'BERU';
  return rng.chance(0.6) ? 'BR.' : rng.chance(0.5) ? 'BORU' : 'BR';
}

function oldSpelling(rng: Rng, token: string, birthYear: number | undefined): string {
  if (birthYear === undefined || birthYear >= 1972) return token;
  const old = OLD_BY_MODERN.get(token);
  return old !== undefined && rng.chance(0.5) ? old : token;
}

function muhammadish(rng: Rng): string {
  // Most registered names spell it out; abbreviations come in at typing time (see nameVariant).
  return rng.chance(0.7) ? 'MUHAMMAD' : rng.pick(MUHAMMAD_VARIANTS.slice(0, 8));
}

/**
 * A registered (KTP) name, upper case, no title: what the person's Dukcapil record would say.
 * People born from the mid-1980s often carry three words (MUHAMMAD RIZKI PRATAMA).
 */
export function personName(rng: Rng, o: NameOptions): string {
  const name = baseName(rng, o);
  if ((o.birthYear ?? 0) >= 1985 && o.ethnicity !== 'batak' && o.ethnicity !== 'balinese' && rng.chance(0.35)) {
    const extra = rng.pick(o.sex === 'L' ? COMMON_GIVEN_MALE : COMMON_GIVEN_FEMALE);
    if (!name.split(' ').includes(extra)) return `${name} ${extra}`;
  }
  return name;
}

function baseName(rng: Rng, o: NameOptions): string {
  const male = o.sex === 'L';
  switch (o.ethnicity) {
    case 'javanese': {
      const first = oldSpelling(rng, rng.pick(male ? JAVANESE_MALE : JAVANESE_FEMALE), o.birthYear);
      const old = (o.birthYear ?? 2000) < 1975;
      if (old && rng.chance(0.35)) return first; // one-word names persist among older people
      if (male && rng.chance(0.08)) return `${muhammadish(rng)} ${first}`;
      return `${first} ${rng.pick(male ? COMMON_GIVEN_MALE : COMMON_GIVEN_FEMALE)}`;
    }
    case 'sundanese': {
      const first = rng.pick(male ? SUNDANESE_MALE : SUNDANESE_FEMALE);
      if ((o.birthYear ?? 2000) < 1975 && rng.chance(0.25)) return first;
      if (!male && rng.chance(0.15)) return `SITI ${rng.pick(SUNDANESE_FEMALE)}`;
      return `${first} ${rng.pick(male ? COMMON_GIVEN_MALE : COMMON_GIVEN_FEMALE)}`;
    }
    case 'malay': {
      if (male) {
        const r = rng.next();
        const given = oldSpelling(rng, rng.pick(MALAY_MALE), o.birthYear);
        if (r < 0.25) return `${muhammadish(rng)} ${given}`;
        if (r < 0.35) return `${given} BIN ${rng.pick(MALAY_MALE)}`;
        return `${given} ${rng.pick(COMMON_GIVEN_MALE)}`;
      }
      const r = rng.next();
      const given = oldSpelling(rng, rng.pick(MALAY_FEMALE), o.birthYear);
      const single = !given.includes(' ');
      if (r < 0.2 && single) return `SITI ${given}`;
      if (r < 0.3 && single) return `NUR ${given}`;
      if (r < 0.38) return `${given} BINTI ${rng.pick(MALAY_MALE)}`;
      return `${given} ${rng.pick(COMMON_GIVEN_FEMALE)}`;
    }
    case 'balinese': {
      const order = BALINESE_BIRTH_ORDER[((o.birthOrder ?? rng.int(1, 4)) - 1) % 4];
      const position = rng.pick(order);
      const own = rng.pick(male ? BALINESE_MALE : BALINESE_FEMALE);
      if (rng.chance(0.04)) {
        const caste = rng.pick(male ? BALINESE_CASTE_TITLES_MALE : BALINESE_CASTE_TITLES_FEMALE);
        return `${caste} ${position} ${own}`;
      }
      const gender = male ? 'I' : rng.chance(0.7) ? 'NI' : 'NI LUH';
      return rng.chance(0.85) ? `${gender} ${position} ${own}` : `${position} ${own}`;
    }
    case 'batak': {
      const marga = o.marga ?? rng.pick(BATAK_MARGA);
      if (male) return `${rng.pick(BATAK_MALE)} ${marga}`;
      return `${rng.pick(BATAK_FEMALE)} ${batakWomanParticle(rng, marga)} ${marga}`;
    }
    case 'chinese': {
      const surname = o.surname ?? rng.pick(CHINESE_INDONESIAN_SURNAMES);
      const given = rng.pick(male ? CHINESE_GIVEN_MALE : CHINESE_GIVEN_FEMALE);
      return given === surname ? given : `${given} ${surname}`;
    }
  }
}

/**
 * The same name as another roster writes it with only cosmetic differences (case, spacing,
 * punctuation, a title or degree): reconcile must NOT report these as out_of_sync.
 */
export function cosmeticVariant(rng: Rng, name: string, sex: Sex): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `${rng.pick(sex === 'L' ? PREFIX_TITLES_MALE : PREFIX_TITLES_FEMALE)} ${name}`;
    case 1:
      return `${name}, ${rng.pick(SUFFIX_DEGREES)}`;
    case 2:
      return name.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
    case 3:
      return name.replace(/ /g, '  ') + ' ';
    default:
      return name.replace(/\./g, '');
  }
}

function replaceToken(name: string, from: string, to: string): string | undefined {
  const tokens = name.split(' ');
  const i = tokens.indexOf(from);
  if (i < 0) return undefined;
  tokens[i] = to;
  return tokens.join(' ');
}

/**
 * A genuinely different spelling of the same person's name, as a second clerk types it: old vs new
 * spelling, a Muhammad abbreviation, a common variant pair, a dropped bin/binti tail, a typo.
 * Always returns a string that differs after cosmetic normalisation (case, spacing, titles).
 */
export function nameVariant(rng: Rng, name: string): string {
  const tokens = name.split(' ');
  const options: string[] = [];
  for (const t of tokens) {
    for (const [a, b] of OLD_SPELLING_PAIRS) {
      if (t === a) options.push(replaceToken(name, a, b)!);
      else if (t === b) options.push(replaceToken(name, b, a)!);
    }
    for (const [a, b] of SPELLING_VARIANT_PAIRS) {
      if (t === a) options.push(replaceToken(name, a, b)!);
      else if (t === b) options.push(replaceToken(name, b, a)!);
    }
    for (const fam of SPELLING_FAMILIES) {
      if ((fam as readonly string[]).includes(t)) {
        const alt = fam.filter((v) => v !== t && v.replace(/\./g, '') !== t.replace(/\./g, ''));
        options.push(replaceToken(name, t, rng.pick(alt))!);
      }
    }
  }
  const bin = tokens.findIndex((t) => t === 'BIN' || t === 'BINTI');
  if (bin > 0) options.push(tokens.slice(0, bin).join(' '));
  if (options.length > 0 && rng.chance(0.8)) return rng.pick(options);
  return typo(rng, name);
}

const VOWELS = 'AIUEO';

/** One keyboard-level slip: a doubled, dropped or swapped letter, or a vowel changed. */
export function typo(rng: Rng, name: string): string {
  const letters: number[] = [];
  for (let i = 0; i < name.length; i++) if (name[i] >= 'A' && name[i] <= 'Z') letters.push(i);
  if (letters.length < 3) return name + 'H';
  const i = letters[rng.int(1, letters.length - 1)];
  const c = name[i];
  switch (rng.int(0, 3)) {
    case 0:
      return name.slice(0, i) + c + name.slice(i); // doubled
    case 1:
      return name.slice(0, i) + name.slice(i + 1); // dropped
    case 2: {
      const j = i - 1;
      if (name[j] === ' ' || name[j] === c) return name.slice(0, i) + c + name.slice(i);
      return name.slice(0, j) + c + name[j] + name.slice(i + 1); // swapped with the previous letter
    }
    default: {
      const v = VOWELS.includes(c) ? VOWELS[(VOWELS.indexOf(c) + rng.int(1, 4)) % 5] : c === 'Y' ? 'I' : 'E';
      return name.slice(0, i) + v + name.slice(i + 1);
    }
  }
}

/** Picks an ethnic mix typical of a province (first two NIK digits); unknown provinces get a broad mix. */
export function ethnicityMix(province: string): readonly (readonly [Ethnicity, number])[] {
  switch (province) {
    case '32':
    case '36':
      return [['sundanese', 0.7], ['javanese', 0.15], ['malay', 0.1], ['chinese', 0.03], ['batak', 0.02]];
    case '33':
    case '34':
    case '35':
      return [['javanese', 0.85], ['malay', 0.1], ['chinese', 0.03], ['sundanese', 0.02]];
    case '51':
      return [['balinese', 0.85], ['javanese', 0.1], ['malay', 0.04], ['chinese', 0.01]];
    case '12':
      return [['batak', 0.5], ['malay', 0.25], ['javanese', 0.2], ['chinese', 0.05]];
    case '61':
      return [['malay', 0.55], ['chinese', 0.15], ['javanese', 0.15], ['batak', 0.05], ['sundanese', 0.05], ['balinese', 0.05]];
    default:
      return [['malay', 0.4], ['javanese', 0.3], ['sundanese', 0.1], ['batak', 0.08], ['chinese', 0.07], ['balinese', 0.05]];
  }
}

export function pickEthnicity(rng: Rng, mix: readonly (readonly [Ethnicity, number])[]): Ethnicity {
  let r = rng.next();
  for (const [e, w] of mix) {
    if (r < w) return e;
    r -= w;
  }
  return mix[mix.length - 1][0];
}
