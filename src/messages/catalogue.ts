import type { Finding } from '../domain/finding.js';
import { en } from './en.js';
import { id } from './id.js';

export type Lang = 'en' | 'id';

/** Wording of one finding code. `v`/`ov` are the (already masked where needed) values. */
export type MessageFn = (f: Finding, v: string, ov: string) => string;

export interface Catalogue {
  /** Finding codes (invalid.*, duplicate.*, missing.*, out_of_sync.*, row.*). */
  findings: Record<string, MessageFn>;
  /** Fixed UI text: headings, column titles, terminal summary words. */
  ui: Record<string, string>;
}

export const CATALOGUES: Record<Lang, Catalogue> = { en, id };

/** --lang, else PADAN_LANG, else the locale (id_* gives Indonesian), else English. */
export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  const cand = flag ?? env.PADAN_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return /^(id|in)([_-]|$)/i.test(cand) ? 'id' : 'en';
}

export function uiText(lang: Lang, key: string): string {
  return CATALOGUES[lang].ui[key] ?? CATALOGUES.en.ui[key] ?? key;
}

export function findingMessage(lang: Lang, f: Finding, value: string, otherValue: string): string {
  const fn = CATALOGUES[lang].findings[f.code] ?? CATALOGUES.en.findings[f.code];
  return fn ? fn(f, value, otherValue) : f.code;
}
