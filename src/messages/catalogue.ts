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

/**
 * --lang, else PADAN_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG as POSIX orders them;
 * id_ID.UTF-8 and the old in_ID give Indonesian), else English. An empty variable counts as unset,
 * as it does for the C library.
 */
export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  const cand = [flag, env.PADAN_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v.trim() !== '') ?? '';
  return /^(id|in|ind)([_.@-]|$)/i.test(cand.trim()) ? 'id' : 'en';
}

export function uiText(lang: Lang, key: string): string {
  return CATALOGUES[lang].ui[key] ?? CATALOGUES.en.ui[key] ?? key;
}

export function findingMessage(lang: Lang, f: Finding, value: string, otherValue: string): string {
  const fn = CATALOGUES[lang].findings[f.code] ?? CATALOGUES.en.findings[f.code];
  return fn ? fn(f, value, otherValue) : f.code;
}
