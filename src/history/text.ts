import { uiText, type Lang } from '../messages/catalogue.js';

// Wording of the nightly additions (history, baseline, CI) lives in the message catalogue
// (src/messages/en.ts and id.ts) with every other text; these are its keys.
const NIGHTLY_KEYS = [
  'history.title',
  'history.since',
  'history.first_run',
  'history.new',
  'history.open',
  'history.resolved',
  'history.oldest',
  'history.previous_run',
  'history.runs',
  'history.none',
  'history.findings',
  'history.accepted',
  'baseline.title',
  'baseline.accepted',
  'baseline.expired',
  'baseline.stale',
  'baseline.mark',
  'baseline.mark_expired',
] as const;

export type NightlyTextKey = (typeof NIGHTLY_KEYS)[number];

export function nightlyText(lang: Lang, key: NightlyTextKey): string {
  return uiText(lang, key);
}
