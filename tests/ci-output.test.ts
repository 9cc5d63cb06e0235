import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { Finding, FindingKind } from '../src/domain/finding.js';
import { annotation, escapeData, escapeProperty, logSafeMessage, renderGithubAnnotations, type CiFindingState } from '../src/report/github.js';
import { renderJunit, xmlAttr, xmlText } from '../src/report/junit.js';
import { numberFindings, type NumberedFinding } from '../src/report/order.js';

const SITI_NIK = '6171054508900903';
const AGUS_NIK = '6171011707780904';

function f(over: Partial<Finding>): Finding {
  return { kind: 'invalid', code: 'nik.malformed', severity: 'error', source: 'kota_pontianak', line: 2, recordId: '', ...over };
}

const FINDINGS: NumberedFinding[] = numberFindings([
  f({ kind: 'out_of_sync', code: 'out_of_sync.field', severity: 'warning', line: 4, field: 'nik', value: SITI_NIK, otherValue: AGUS_NIK, other: { source: 'kemensos_pkh', line: 9, recordId: '' } }),
  f({ kind: 'out_of_sync', code: 'out_of_sync.field', severity: 'warning', line: 5, field: 'name', value: 'SITI AMINAH', otherValue: 'SITI AMINA', other: { source: 'kemensos_pkh', line: 7, recordId: '' } }),
  f({ kind: 'duplicate', code: 'duplicate.within_source', group: 'G1', line: 3, program: 'PKH', args: { count: 2 } }),
  f({ kind: 'duplicate', code: 'duplicate.within_source', group: 'G1', line: 8, program: 'PKH', args: { count: 2 } }),
  f({ kind: 'missing', code: 'missing.from_source', severity: 'warning', source: 'kemensos_pkh', line: 6, program: 'PKH', other: { source: 'kota_pontianak', line: 0, recordId: '' } }),
]);

function states(failOn: FindingKind[], accepted: Record<string, string> = {}): (k: number) => CiFindingState {
  return (k) => {
    const reason = accepted[FINDINGS[k].id];
    return reason !== undefined ? { failing: false, acceptedReason: reason } : { failing: failOn.includes(FINDINGS[k].kind) };
  };
}

describe('--format github', () => {
  it('escapes workflow-command data and properties as the Actions toolkit does', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(annotation('error', { file: 'data/kab,6171.csv', line: 12, title: 'nik.malformed' }, 'x\ny')).toBe(
      '::error file=data/kab%2C6171.csv,line=12,title=nik.malformed::x%0Ay',
    );
    expect(annotation('notice', { line: 0 }, 'm')).toBe('::notice::m');
  });

  it('one annotation per finding at its file and line: failing = error, others warning, accepted notice', () => {
    const out = renderGithubAnnotations(FINDINGS, {
      lang: 'en',
      showNik: false,
      pathOf: (s) => `rosters/${s}.csv`,
      state: states(['duplicate'], { F5: 'nama panggilan, sudah dicek' }),
    });
    const lines = out.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/::[^:]*$/, '').replace(/(title=[^,:]+).*/, '$1'))).toEqual([
      '::error file=rosters/kota_pontianak.csv,line=3,title=duplicate.within_source',
      '::error file=rosters/kota_pontianak.csv,line=8,title=duplicate.within_source',
      '::warning file=rosters/kemensos_pkh.csv,line=6,title=missing.from_source',
      '::warning file=rosters/kota_pontianak.csv,line=4,title=out_of_sync.field',
      '::notice file=rosters/kota_pontianak.csv,line=5,title=out_of_sync.field',
      '::notice title=padan summary',
    ]);
    expect(lines[4]).toMatch(/::F5: .*\(accepted: nama panggilan, sudah dicek\)$/);
    expect(lines[5]).toBe('::notice title=padan summary::padan: 5 findings (duplicate 2, missing 1, out of sync 2); 2 failing, 1 accepted; 5 annotated');
  });

  it('never prints a NIK or a full name into a CI log unless --show-nik', () => {
    const opts = { lang: 'en' as const, pathOf: () => 'x.csv', state: states([]) };
    const masked = renderGithubAnnotations(FINDINGS, { ...opts, showNik: false });
    expect(masked).not.toContain(SITI_NIK);
    expect(masked).not.toContain(AGUS_NIK);
    expect(masked).toContain('6171********0903');
    expect(masked).not.toContain('SITI AMINAH');
    expect(masked).toContain('S**I A****H');
    const full = renderGithubAnnotations(FINDINGS, { ...opts, showNik: true });
    expect(full).toContain(SITI_NIK);
    // Names passed as args (family representatives, shared NIKs) are masked too.
    const family = f({ code: 'nik.shared_by_different_people', field: 'nik', value: SITI_NIK, otherValue: SITI_NIK, other: { source: 'b', line: 3, recordId: '' }, args: { name: 'SITI AMINAH', other_name: 'WATI SUSANTI' } });
    expect(logSafeMessage(family, 'en', false)).toContain('(W**I S*****I)');
  });

  it('caps each level at what GitHub shows and says how many there are', () => {
    const many = numberFindings(Array.from({ length: 25 }, (_, i) => f({ line: i + 2 })));
    const out = renderGithubAnnotations(many, { lang: 'en', showNik: false, pathOf: () => 'a.csv', state: () => ({ failing: true }) });
    const lines = out.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(10);
    expect(lines.at(-1)).toBe('::notice title=padan summary::padan: 25 findings (invalid 25); 25 failing, 0 accepted; 10 annotated (GitHub shows 10 per level)');
    expect(renderGithubAnnotations([], { lang: 'en', showNik: false, pathOf: () => undefined, state: () => ({ failing: false }) })).toBe(
      '::notice title=padan summary::padan: no findings\n',
    );
  });
});

/** Parses XML strictly (well-formedness, entities); returns elements as [name, attributes, text]. */
function parseXml(xml: string): { name: string; attrs: Record<string, string>; text: string; parent: string }[] {
  const p = new SaxesParser({ xmlns: false });
  const stack: { name: string; attrs: Record<string, string>; text: string; parent: string }[] = [];
  const all: typeof stack = [];
  p.on('error', (e) => {
    throw e;
  });
  p.on('opentag', (t) => {
    const el = { name: t.name, attrs: t.attributes as Record<string, string>, text: '', parent: stack.at(-1)?.name ?? '' };
    stack.push(el);
    all.push(el);
  });
  p.on('text', (s) => {
    if (stack.length > 0) stack[stack.length - 1].text += s;
  });
  p.on('closetag', () => void stack.pop());
  p.write(xml).close();
  return all;
}

describe('--junit', () => {
  const sources = [
    { name: 'kemensos_pkh', path: 'rosters/kemensos_pkh.csv' },
    { name: 'kota_pontianak', path: 'rosters/kota_pontianak.csv' },
    { name: 'kota_singkawang', path: 'rosters/kota_singkawang.csv' },
  ];

  it('one test case per source; only --fail-on kinds fail, the rest is listed in system-out', () => {
    const xml = renderJunit(FINDINGS, { sources, state: states(['duplicate'], { F5: 'nama panggilan' }), lang: 'en', showNik: false, timeSeconds: 1.5 });
    const els = parseXml(xml);
    const suites = els.filter((e) => e.name === 'testsuite');
    expect(suites).toHaveLength(1);
    expect(suites[0].attrs).toMatchObject({ tests: '3', failures: '1', errors: '0', time: '1.500' });
    expect(els.filter((e) => e.name === 'testcase').map((e) => [e.attrs.name, e.attrs.file])).toEqual(sources.map((s) => [s.name, s.path]));
    const failures = els.filter((e) => e.name === 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0].attrs).toEqual({ type: 'duplicate', message: 'duplicate 2 (--fail-on)' });
    expect(failures[0].text).toMatch(/^duplicate 2:\n {2}F1 kota_pontianak:3 duplicate.within_source: same person listed 2 times/);
    const outs = els.filter((e) => e.name === 'system-out').map((e) => e.text);
    expect(outs[0]).toMatch(/^missing 1 \(not in --fail-on\):\n {2}F3 kemensos_pkh:6 ~ kota_pontianak missing.from_source/);
    expect(outs[1]).toMatch(/out_of_sync 1 \(not in --fail-on\):\n {2}F4 kota_pontianak:4 ~ kemensos_pkh:9 out_of_sync.field: nik differs: "6171\*{8}0903"/);
    expect(outs[1]).toMatch(/accepted 1 \(baseline\):\n {2}F5 .*\(accepted: nama panggilan\)/);
    expect(xml).not.toContain(SITI_NIK);
  });

  it('stays valid XML whatever the rosters hold: markup, quotes, control characters, lone surrogates', () => {
    const nasty = numberFindings([
      f({ field: 'name', code: 'name.suspicious', value: '<b>"SITI" & \'AMINAH\'</b>]]>\u0001\u001b\uD800', line: 2 }),
      f({ field: 'address', code: 'address.x', value: 'Jl. A\tB\r\nC', line: 3 }),
    ]);
    const xml = renderJunit(nasty, { sources: [{ name: 'kota_pontianak', path: 'rosters/a&b "c".csv' }], state: () => ({ failing: true }), lang: 'en', showNik: true });
    const els = parseXml(xml);
    expect(els.find((e) => e.name === 'testcase')?.attrs.file).toBe('rosters/a&b "c".csv');
    expect(els.find((e) => e.name === 'failure')?.text).toContain('name.suspicious');
    expect(xmlText('a<b>&\u0000')).toBe('a&lt;b&gt;&amp;\uFFFD');
    expect(xmlAttr('"x"\n\'y\'')).toBe('&quot;x&quot;&#10;&apos;y&apos;');
  });

  it('lists at most maxListed findings per kind and counts the rest', () => {
    const many = numberFindings(Array.from({ length: 7 }, (_, i) => f({ line: i + 2 })));
    const xml = renderJunit(many, { sources: [{ name: 'kota_pontianak', path: 'a.csv' }], state: () => ({ failing: true }), lang: 'en', showNik: false, maxListed: 3 });
    const text = parseXml(xml).find((e) => e.name === 'failure')!.text;
    expect(text.trimEnd().split('\n')).toHaveLength(5);
    expect(text).toContain('... and 4 more (findings.csv)');
  });
});
