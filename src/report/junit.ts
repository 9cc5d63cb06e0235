import { FINDING_KINDS } from '../domain/finding.js';
import type { Lang } from '../messages/catalogue.js';
import { logSafeMessage, type CiFindingState } from './github.js';
import type { NumberedFinding } from './order.js';

/*
 * `--junit FILE`: JUnit XML for GitLab, Jenkins and other CI systems. One test case per source;
 * the case fails when the source has findings of a --fail-on kind that are not accepted, and its
 * <failure> lists them per kind. Everything else (other kinds, accepted findings) is listed in the
 * case's <system-out>, so nothing is hidden but only what the gate checks turns red.
 *
 * One <failure> per case: the common JUnit schemas allow one, and GitLab and Jenkins read one.
 */

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/F). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export interface JunitOptions {
  /** Every source of the run, in config order (a source without findings is a passing case). */
  sources: { name: string; path: string }[];
  /** Parallel to the findings: `failing` decides what turns the case red (--fail-on, baseline applied). */
  state: (k: number) => CiFindingState;
  lang: Lang;
  showNik: boolean;
  suiteName?: string;
  timeSeconds?: number;
  /** Findings listed per kind and source; the rest are counted (findings.csv has them all). */
  maxListed?: number;
}

interface CaseParts {
  failing: Map<string, string[]>;
  failingCount: Map<string, number>;
  other: Map<string, string[]>;
  otherCount: Map<string, number>;
}

function push(list: Map<string, string[]>, count: Map<string, number>, key: string, line: string, max: number): void {
  const n = (count.get(key) ?? 0) + 1;
  count.set(key, n);
  if (n <= max) {
    const l = list.get(key);
    if (l) l.push(line);
    else list.set(key, [line]);
  }
}

function section(title: string, lines: string[] | undefined, total: number, note = ''): string {
  const body = (lines ?? []).map((l) => `  ${l}`);
  if (total > body.length) body.push(`  ... and ${total - body.length} more (findings.csv)`);
  return `${title} ${total}${note}:\n${body.join('\n')}\n`;
}

export function renderJunit(findings: readonly NumberedFinding[], opts: JunitOptions): string {
  const max = opts.maxListed ?? 500;
  const cases = new Map<string, CaseParts>();
  const paths = new Map(opts.sources.map((s) => [s.name, s.path]));
  const order = opts.sources.map((s) => s.name);
  const caseOf = (source: string): CaseParts => {
    let c = cases.get(source);
    if (!c) {
      cases.set(source, (c = { failing: new Map(), failingCount: new Map(), other: new Map(), otherCount: new Map() }));
      if (!paths.has(source)) order.push(source);
    }
    return c;
  };
  for (const s of order) caseOf(s);

  for (let k = 0; k < findings.length; k++) {
    const f = findings[k];
    const st = opts.state(k);
    const where = `${f.source}${f.line > 0 ? `:${f.line}` : ''}${f.other ? ` ~ ${f.other.source}${f.other.line > 0 ? `:${f.other.line}` : ''}` : ''}`;
    let line = `${f.id} ${where} ${f.code}: ${logSafeMessage(f, opts.lang, opts.showNik)}`;
    if (st.expiredOn !== undefined) line += ` (acceptance expired ${st.expiredOn})`;
    const c = caseOf(f.source);
    if (st.acceptedReason !== undefined) {
      push(c.other, c.otherCount, 'accepted', `${line} (accepted: ${st.acceptedReason})`, max);
    } else if (st.failing) {
      push(c.failing, c.failingCount, f.kind, line, max);
    } else {
      push(c.other, c.otherCount, f.kind, line, max);
    }
  }

  let failures = 0;
  const body: string[] = [];
  for (const source of order) {
    const c = cases.get(source)!;
    const path = paths.get(source);
    const attrs = `classname="padan.${xmlAttr(opts.suiteName ?? 'reconcile')}" name="${xmlAttr(source)}"${path ? ` file="${xmlAttr(path)}"` : ''}`;
    const failingKinds = FINDING_KINDS.filter((kind) => (c.failingCount.get(kind) ?? 0) > 0);
    const otherKeys = [...FINDING_KINDS, 'accepted'].filter((key) => (c.otherCount.get(key) ?? 0) > 0);
    const parts: string[] = [];
    if (failingKinds.length > 0) {
      failures++;
      const msg = failingKinds.map((kind) => `${kind} ${c.failingCount.get(kind)}`).join(', ');
      const text = failingKinds.map((kind) => section(kind, c.failing.get(kind), c.failingCount.get(kind)!)).join('');
      parts.push(`      <failure type="${xmlAttr(failingKinds.join(','))}" message="${xmlAttr(`${msg} (--fail-on)`)}">${xmlText(text)}</failure>`);
    }
    if (otherKeys.length > 0) {
      const text = otherKeys
        .map((key) => section(key, c.other.get(key), c.otherCount.get(key)!, key === 'accepted' ? ' (baseline)' : ' (not in --fail-on)'))
        .join('');
      parts.push(`      <system-out>${xmlText(text)}</system-out>`);
    }
    body.push(parts.length === 0 ? `    <testcase ${attrs}/>` : `    <testcase ${attrs}>\n${parts.join('\n')}\n    </testcase>`);
  }
  const name = `padan ${opts.suiteName ?? 'reconcile'}`;
  const time = opts.timeSeconds !== undefined ? ` time="${opts.timeSeconds.toFixed(3)}"` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="padan" tests="${order.length}" failures="${failures}" errors="0"${time}>\n` +
    `  <testsuite name="${xmlAttr(name)}" tests="${order.length}" failures="${failures}" errors="0" skipped="0"${time}>\n` +
    body.join('\n') +
    (body.length > 0 ? '\n' : '') +
    '  </testsuite>\n</testsuites>\n'
  );
}
