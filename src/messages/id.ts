import type { Catalogue } from './catalogue.js';

// Bahasa Indonesia, using the terms data officers use (data ganda, tidak ditemukan, tidak sinkron).
export const id: Catalogue = {
  findings: {
    'row.ragged': (f) => `baris berisi ${f.args?.got} kolom, header berisi ${f.args?.expected}; baris dilewati`,
    'row.unterminated_quote': () => 'ada tanda kutip yang tidak ditutup; sisa berkas tidak dapat dibaca',
    'row.undecodable': (f) => `baris berisi byte yang bukan ${f.args?.encoding ?? 'UTF-8'} yang sah; periksa encoding berkas`,
    'row.parse_error': (f) => `baris tidak dapat dibaca (${f.args?.reason ?? 'kesalahan CSV'})`,
    'duplicate.within_source': (f) =>
      `data ganda: orang yang sama tercatat ${f.args?.count} kali untuk ${f.program ?? 'satu program'} (grup ${f.group}); sisakan satu baris`,
    'duplicate.across_regencies': (f) =>
      `data ganda: orang yang sama terdaftar untuk ${f.program ?? 'satu program'} di lebih dari satu kabupaten/kota (grup ${f.group}); sisakan domisili terakhir`,
    'missing.from_source': (f) =>
      `tercatat untuk ${f.program ?? 'program ini'} di sini tetapi tidak ditemukan di ${f.other?.source}, yang mencakup program dan wilayah ini`,
    'out_of_sync.field': (f, v, ov) =>
      `data tidak sinkron: ${f.field} berbeda, "${v}" di sini, "${ov}" di ${f.other?.source} baris ${f.other?.line}`,
    'out_of_sync.family_member': (f, v, ov) =>
      `data tidak sinkron: keluarga (KK sama) diwakili untuk ${f.program} oleh ${v} (${f.args?.name}) di sini dan oleh ${ov} (${f.args?.other_name}) di ${f.other?.source} baris ${f.other?.line}; sepakati satu pengurus KPM`,
    'nik.shared_by_different_people': (f, _v, _ov) =>
      `NIK yang sama juga dipakai di ${f.other?.source} baris ${f.other?.line} untuk orang lain (${f.args?.other_name}); salah satunya keliru`,
  },
  ui: {
    'kind.invalid': 'tidak valid',
    'kind.duplicate': 'data ganda',
    'kind.missing': 'tidak ditemukan',
    'kind.out_of_sync': 'data tidak sinkron',
    'report.title': 'pemadanan data penerima bansos',
    'report.config': 'konfigurasi',
    'report.persons': 'orang',
    'report.records': 'data terbaca',
    'report.rejections': 'baris ditolak',
    'report.data_lines': 'baris data',
    'report.inputs': 'Sumber data',
    'report.findings': 'Temuan',
    'report.chart_title': 'Temuan per kabupaten/kota dan jenis',
    'report.region_unknown': '(wilayah tidak diketahui)',
    'report.truncated': 'Tabel hanya menampilkan temuan pertama; semua temuan ada di findings.csv:',
    'report.all_kinds': 'semua jenis',
    'report.all_sources': 'semua sumber',
    'report.search': 'cari pesan, sumber, id',
    'report.kind': 'jenis',
    'report.source': 'sumber',
    'report.line': 'baris',
    'report.other': 'data pembanding',
    'report.field': 'kolom',
    'report.message': 'keterangan',
    'report.score': 'skor kecocokan',
    'report.show_more': 'tampilkan lagi',
    'report.count': 'jumlah',
    'report.regency': 'kabupaten/kota',
    'report.total': 'total',
    'report.worst_regencies': 'Kabupaten/kota dengan temuan terbanyak',
    'report.files_note': 'Rincian per baris ada di findings.csv dan report.html (NIK dan KK disamarkan). Cari baris menurut sumber dan nomor barisnya.',
    'term.findings': 'temuan',
    'term.by_source': 'per sumber',
    'term.worst_regencies': 'kabupaten/kota dengan temuan terbanyak',
    'term.reports_in': 'laporan ditulis ke',
    'term.no_findings': 'tidak ada temuan',
  },
};
