import type { Catalogue } from './catalogue.js';

// Bahasa Indonesia, using the terms data officers use (data ganda, tidak ditemukan, tidak sinkron).
export const id: Catalogue = {
  findings: {
    'row.ragged': (f) => `baris berisi ${f.args?.got} kolom, header berisi ${f.args?.expected}; baris dilewati`,
    'row.unterminated_quote': () => 'ada tanda kutip yang tidak ditutup; sisa berkas tidak dapat dibaca',
    'row.undecodable': (f) => `baris berisi byte yang bukan ${f.args?.encoding ?? 'UTF-8'} yang sah; periksa encoding berkas`,
    'row.parse_error': (f) => `baris tidak dapat dibaca (${f.args?.reason ?? 'kesalahan CSV'})`,
  },
  ui: {
    'kind.invalid': 'tidak valid',
    'kind.duplicate': 'data ganda',
    'kind.missing': 'tidak ditemukan',
    'kind.out_of_sync': 'data tidak sinkron',
  },
};
