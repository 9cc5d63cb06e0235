import { FINDING_KINDS, type Finding, type FindingKind } from '../domain/finding.js';
import { maskId, maskName } from '../domain/mask.js';
import { findingMessage, uiText, type Lang } from '../messages/catalogue.js';
import type { NumberedFinding } from './order.js';

/*
 * `--format github`: GitHub Actions workflow commands, one annotation per finding at its file and
 * line. GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and drops the
 * rest silently, so padan prints the most important ones up to that cap and always ends with a
 * summary notice that says how many there are and where the full list is.
 */

/** GitHub's per-step cap for each annotation level. */
export const ANNOTATIONS_PER_LEVEL = 10;

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** How a CI job sees one finding. */
export interface CiFindingState {
  /** Counts against --fail-on (kind listed, not accepted). */
  failing: boolean;
  /** Reason of a valid acceptance. */
  acceptedReason?: string;
  /** `until` of an acceptance that has run out. */
  expiredOn?: string;
}

const ID_FIELDS = new Set(['nik', 'kk']);

/**
 * The finding's message for logs other people read (CI logs, JUnit artifacts): NIK and KK masked
 * and, unless showNik, names masked as cekbansos does, since a CI log is not a 0600 report file.
 */
export function logSafeMessage(f: Finding, lang: Lang, showNik: boolean): string {
  if (showNik) return findingMessage(lang, f, f.value ?? '', f.otherValue ?? '');
  const mask = (v: string | undefined) =>
    v === undefined ? '' : f.field !== undefined && ID_FIELDS.has(f.field) ? maskId(v) : f.field === 'name' ? maskName(v) : v;
  let args = f.args;
  if (args && (args.name !== undefined || args.other_name !== undefined)) {
    args = { ...args };
    if (typeof args.name === 'string') args.name = maskName(args.name);
    if (typeof args.other_name === 'string') args.other_name = maskName(args.other_name);
  }
  const safe: Finding = { ...f, args };
  return findingMessage(lang, safe, mask(f.value), mask(f.otherValue));
}

/** Workflow-command escaping (actions/toolkit command.ts): data, then properties. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(level: AnnotationLevel, props: { file?: string; line?: number; title?: string }, message: string): string {
  const p: string[] = [];
  if (props.file) p.push(`file=${escapeProperty(props.file)}`);
  if (props.line !== undefined && props.line > 0) p.push(`line=${props.line}`);
  if (props.title) p.push(`title=${escapeProperty(props.title)}`);
  return `::${level}${p.length > 0 ? ' ' + p.join(',') : ''}::${escapeData(message)}`;
}

export interface GithubOptions {
  lang: Lang;
  showNik: boolean;
  /** The file of a source as the workflow sees it (relative to the repository root). */
  pathOf: (source: string) => string | undefined;
  /** Parallel to the findings. */
  state: (k: number) => CiFindingState;
  /** Where the full list is, for the summary annotation (e.g. "out/findings.csv"). */
  fullListAt?: string;
  perLevel?: number;
}

/**
 * Failing findings become errors, other findings warnings, accepted ones notices. A finding's own
 * severity does not decide the level: in a CI check an error annotation means "this fails the job".
 */
export function levelOf(s: CiFindingState): AnnotationLevel {
  if (s.acceptedReason !== undefined) return 'notice';
  return s.failing ? 'error' : 'warning';
}

export function renderGithubAnnotations(findings: readonly NumberedFinding[], opts: GithubOptions): string {
  const cap = opts.perLevel ?? ANNOTATIONS_PER_LEVEL;
  // One notice is kept for the summary.
  const room: Record<AnnotationLevel, number> = { error: cap, warning: cap, notice: cap - 1 };
  const counts: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const byKind = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  const out: string[] = [];
  for (let k = 0; k < findings.length; k++) {
    const f = findings[k];
    byKind[f.kind]++;
    const s = opts.state(k);
    const level = levelOf(s);
    counts[level]++;
    if (counts[level] > room[level]) continue;
    let msg = `${f.id}: ${logSafeMessage(f, opts.lang, opts.showNik)}`;
    if (s.acceptedReason !== undefined) msg += ` (accepted: ${s.acceptedReason})`;
    else if (s.expiredOn !== undefined) msg += ` (acceptance expired ${s.expiredOn})`;
    out.push(annotation(level, { file: opts.pathOf(f.source), line: f.line, title: f.code }, msg));
  }
  const shown = out.length;
  const kinds = FINDING_KINDS.filter((k) => byKind[k] > 0)
    .map((k) => `${uiText(opts.lang, `kind.${k}`)} ${byKind[k]}`)
    .join(', ');
  const summary =
    findings.length === 0
      ? 'padan: no findings'
      : `padan: ${findings.length} finding${findings.length === 1 ? '' : 's'} (${kinds}); ${counts.error} failing, ${counts.notice} accepted; ` +
        `${shown} annotated${shown < findings.length ? ` (GitHub shows ${cap} per level)` : ''}` +
        (opts.fullListAt ? `; full list: ${opts.fullListAt}` : '');
  out.push(annotation('notice', { title: 'padan summary' }, summary));
  return out.join('\n') + '\n';
}
