import type { Lang } from '../messages/catalogue.js';

// Wording of the nightly additions (history, baseline, CI). Kept here rather than in
// src/messages/*.ts while those files are being edited by others; same en/id pairing.
const TEXT = {
  en: {
    'history.title': 'Since the previous run',
    'history.since': 'since the previous run',
    'history.first_run': 'first recorded run: every finding counts as new',
    'history.new': 'new',
    'history.open': 'still open',
    'history.resolved': 'resolved',
    'history.oldest': 'oldest since',
    'history.previous_run': 'previous run',
    'history.runs': 'runs recorded in',
    'history.none': 'no runs recorded in',
    'history.findings': 'findings',
    'history.accepted': 'accepted',
    'baseline.title': 'Accepted findings',
    'baseline.accepted': 'accepted (listed, not failing)',
    'baseline.expired': 'acceptance expired (failing again)',
    'baseline.stale': 'stale acceptance (finding gone): remove it from',
    'baseline.mark': 'accepted',
    'baseline.mark_expired': 'acceptance expired',
  },
  id: {
    'history.title': 'Dibanding proses sebelumnya',
    'history.since': 'dibanding proses sebelumnya',
    'history.first_run': 'proses pertama yang dicatat: semua temuan dihitung baru',
    'history.new': 'baru',
    'history.open': 'masih terbuka',
    'history.resolved': 'sudah teratasi',
    'history.oldest': 'tertua sejak',
    'history.previous_run': 'proses sebelumnya',
    'history.runs': 'proses tercatat di',
    'history.none': 'belum ada proses tercatat di',
    'history.findings': 'temuan',
    'history.accepted': 'diterima',
    'baseline.title': 'Temuan yang diterima',
    'baseline.accepted': 'diterima (tetap dicantumkan, tidak menggagalkan)',
    'baseline.expired': 'masa penerimaan habis (menggagalkan lagi)',
    'baseline.stale': 'penerimaan usang (temuan sudah tidak ada): hapus dari',
    'baseline.mark': 'diterima',
    'baseline.mark_expired': 'masa penerimaan habis',
  },
} as const;

export type NightlyTextKey = keyof (typeof TEXT)['en'];

export function nightlyText(lang: Lang, key: NightlyTextKey): string {
  return TEXT[lang][key];
}
