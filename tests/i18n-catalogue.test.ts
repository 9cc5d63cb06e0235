import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANONICAL_FIELDS } from '../src/domain/fields.js';
import { FINDING_KINDS, type Finding } from '../src/domain/finding.js';
import { CATALOGUES, findingMessage, pickLang, uiText } from '../src/messages/catalogue.js';

const SRC = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** Comments name codes as examples (`nik.length`); only code counts. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[\s;,{}()])\/\/.*$/gm, '$1');
}

/** Every .ts under src/ outside the catalogue itself, with its code. */
const CODE = sourceFiles(SRC)
  .filter((p) => !relative(SRC, p).startsWith('messages'))
  .map((p) => ({ file: relative(SRC, p), text: withoutComments(readFileSync(p, 'utf8')) }));

/** report.html, summary.json: file names, not keys. */
const FILE_NAME = /\.(html|md|csv|json|jsonl|xlsx|txt)$/;

// A finding code is <field, kind, row or source>.<check>; UI keys live under other namespaces.
const CODE_PREFIXES = [...CANONICAL_FIELDS, ...FINDING_KINDS, 'row', 'source'];
const UI_PREFIXES = ['report', 'term', 'kind', 'xlsx', 'validate', 'history', 'baseline'];
const literal = (prefixes: string[]) => new RegExp(`['"\`]((?:${prefixes.join('|')})\\.[a-z0-9_]+(?:\\.[a-z0-9_]+)*)['"\`]`, 'g');

function found(re: RegExp): Map<string, string> {
  const where = new Map<string, string>();
  for (const { file, text } of CODE) {
    for (const m of text.matchAll(re)) if (!FILE_NAME.test(m[1]) && !where.has(m[1])) where.set(m[1], file);
  }
  return where;
}

const sample: Finding = {
  kind: 'invalid',
  code: '',
  severity: 'error',
  source: 'kab_6171',
  line: 57,
  recordId: 'R-57',
  other: { source: 'kemensos_pkh', line: 12, recordId: 'P-12' },
  group: 'D1',
  field: 'nik',
  value: '6171054508900003',
  otherValue: '6171054508900004',
  program: 'PKH',
  region: '6171',
  args: { got: 3, expected: 5, count: 2, digits: 15, code: '61', name: 'SITI', other_name: 'SITI A', encoding: 'windows-1252' },
};

describe('message catalogue', () => {
  it('has every finding code and UI key in both English and Indonesian', () => {
    for (const part of ['findings', 'ui'] as const) {
      const en = Object.keys(CATALOGUES.en[part]).sort();
      const id = Object.keys(CATALOGUES.id[part]).sort();
      expect({ part, missingInIndonesian: en.filter((k) => !id.includes(k)) }).toEqual({ part, missingInIndonesian: [] });
      expect({ part, missingInEnglish: id.filter((k) => !en.includes(k)) }).toEqual({ part, missingInEnglish: [] });
    }
  });

  it('words every finding in each language, and the Indonesian is not the English copied', () => {
    for (const code of Object.keys(CATALOGUES.en.findings)) {
      const f = { ...sample, code };
      const en = CATALOGUES.en.findings[code](f, '6171********0003', '6171********0004');
      const id = CATALOGUES.id.findings[code](f, '6171********0003', '6171********0004');
      expect(en.trim(), code).not.toBe('');
      expect(id.trim(), code).not.toBe('');
      expect(id, code).not.toBe(en);
    }
    for (const key of Object.keys(CATALOGUES.en.ui)) expect(CATALOGUES.id.ui[key]?.trim(), key).toBeTruthy();
  });

  it('has an entry for every finding code the code base emits', () => {
    const codes = found(literal(CODE_PREFIXES));
    // the scan must see the codes of every stage, or it proves nothing
    for (const known of ['row.ragged', 'nik.malformed', 'duplicate.within_source', 'missing.from_source', 'out_of_sync.field']) {
      expect([...codes.keys()]).toContain(known);
    }
    const missing = [...codes].filter(([code]) => !(code in CATALOGUES.en.findings)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);

    // codes built from a field name, e.g. `${which}.province_unknown` for nik and kk
    const templated = found(/`\$\{\w+\}\.([a-z0-9_]+)`/g);
    for (const [suffix, file] of templated) {
      const keys = Object.keys(CATALOGUES.en.findings).filter((k) => k.endsWith(`.${suffix}`) && CODE_PREFIXES.includes(k.split('.')[0]));
      expect(keys, `${suffix} (${file})`).not.toEqual([]);
    }
  });

  it('has an entry for every UI key the code base names', () => {
    const keys = found(literal(UI_PREFIXES));
    const missing = [...keys].filter(([key]) => !(key in CATALOGUES.en.ui)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
    for (const k of FINDING_KINDS) expect(CATALOGUES.en.ui).toHaveProperty(`kind.${k}`);
  });

  it('uses the words officers use', () => {
    expect(uiText('id', 'kind.duplicate')).toBe('data ganda');
    expect(uiText('id', 'kind.missing')).toBe('tidak ditemukan');
    expect(uiText('id', 'kind.out_of_sync')).toBe('data tidak sinkron');
    expect(uiText('id', 'kind.invalid')).toBe('tidak valid');
    expect(uiText('id', 'report.regency')).toBe('kabupaten/kota');
  });

  it('falls back to English, then to the code, never to nothing', () => {
    expect(uiText('id', 'no.such.key')).toBe('no.such.key');
    expect(findingMessage('id', { ...sample, code: 'no.such_code' }, '', '')).toBe('no.such_code');
    expect(findingMessage('id', { ...sample, code: 'row.ragged' }, '', '')).toBe('baris berisi 3 kolom, header berisi 5; baris dilewati');
  });
});

describe('pickLang', () => {
  it('takes --lang, then PADAN_LANG, then the locale', () => {
    expect(pickLang('id', { PADAN_LANG: 'en', LANG: 'en_US.UTF-8' })).toBe('id');
    expect(pickLang(undefined, { PADAN_LANG: 'id', LANG: 'en_US.UTF-8' })).toBe('id');
    expect(pickLang(undefined, { PADAN_LANG: 'en', LANG: 'id_ID.UTF-8' })).toBe('en');
    expect(pickLang(undefined, { LC_ALL: 'id_ID.UTF-8', LANG: 'en_US.UTF-8' })).toBe('id');
    expect(pickLang(undefined, { LC_MESSAGES: 'en_GB.UTF-8', LANG: 'id_ID.UTF-8' })).toBe('en');
    expect(pickLang(undefined, { LANG: 'id_ID.UTF-8' })).toBe('id');
    expect(pickLang(undefined, { LANG: 'in_ID' })).toBe('id');
    expect(pickLang(undefined, { LANG: 'id' })).toBe('id');
  });

  it('gives English for other locales and ignores empty variables', () => {
    expect(pickLang(undefined, {})).toBe('en');
    expect(pickLang(undefined, { LANG: 'C.UTF-8' })).toBe('en');
    expect(pickLang(undefined, { LANG: 'it_IT.UTF-8' })).toBe('en');
    expect(pickLang(undefined, { LANG: 'ind' })).toBe('id');
    expect(pickLang(undefined, { PADAN_LANG: '', LC_ALL: '', LANG: 'id_ID.UTF-8' })).toBe('id');
  });
});
