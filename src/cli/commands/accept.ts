import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { addAcceptances, emptyBaseline, isRealDate, localDate, type Acceptance } from '../../baseline/baseline.js';
import { defaultBaselinePath, readBaseline, writeBaseline } from '../../baseline/file.js';
import { PadanError } from '../../domain/errors.js';
import { FINGERPRINTS_FILE, type FingerprintIndex } from '../../history/nightly.js';
import { EXIT_OK } from '../exit.js';
import type { CliContext } from '../main.js';

interface AcceptOpts {
  reason: string;
  until?: string;
  baseline?: string;
}

export function registerAccept(program: Command, ctx: CliContext): void {
  program
    .command('accept')
    .summary('accept known, explained findings: still listed, but they no longer fail --fail-on')
    .description(
      'Records the findings FINDING_ID... of the report folder DIR in padan.baseline.json beside the config ' +
        '(by fingerprint, with your reason, your user name, today and an optional last day). Rows may move ' +
        'in the rosters: the fingerprint follows the person, not the line. Review and commit the file with ' +
        'the config. An acceptance past --until fails again; one whose finding is gone is reported as stale.',
    )
    .argument('<DIR>', 'a report folder written by padan reconcile --out')
    .argument('<FINDING_ID...>', 'ids from findings.csv, e.g. F12 F13')
    .requiredOption('--reason <TEXT>', 'why this finding is acceptable (shown next to it in every report)')
    .option('--until <YYYY-MM-DD>', 'last day the acceptance holds; afterwards the finding fails again')
    .option('--baseline <FILE>', 'baseline file (default: padan.baseline.json beside the config of DIR)')
    .addHelpText(
      'after',
      '\nExample:\n' +
        '  padan accept reports/2026-11-23 F12 --reason "pindah domisili, surat pindah 12/11 sudah diverifikasi" --until 2026-12-31\n',
    )
    .action((dir: string, ids: string[], opts: AcceptOpts) => {
      ctx.exitCode = acceptFindings(dir, ids, opts, ctx);
    });
}

function systemUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function readIndex(dir: string): FingerprintIndex {
  const path = join(dir, FINGERPRINTS_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PadanError(
      code === 'ENOENT'
        ? `${path}: not found; run padan reconcile --out ${dir} first`
        : `${path}: cannot read the finding fingerprints (${code ?? (e as Error).message})`,
    );
  }
  const idx = raw as FingerprintIndex;
  if (!idx || idx.padanFingerprints !== 1 || !Array.isArray(idx.findings) || typeof idx.keyId !== 'string') {
    throw new PadanError(`${path}: not a padan fingerprints file`);
  }
  return idx;
}

function acceptFindings(dir: string, ids: string[], opts: AcceptOpts, ctx: CliContext): number {
  const { io } = ctx;
  const reason = opts.reason.trim();
  if (reason === '') throw new PadanError('--reason: say why the finding is acceptable');
  const today = localDate(new Date());
  if (opts.until !== undefined) {
    if (!isRealDate(opts.until)) throw new PadanError(`--until: "${opts.until}" is not a date as YYYY-MM-DD`);
    if (opts.until < today) throw new PadanError(`--until: ${opts.until} is already past`);
  }
  const absDir = resolve(io.cwd, dir);
  const index = readIndex(absDir);
  let baselinePath: string;
  if (opts.baseline !== undefined) baselinePath = resolve(io.cwd, opts.baseline);
  else if (index.config) baselinePath = defaultBaselinePath(index.config);
  else throw new PadanError('the report was made without a config file; pass --baseline FILE');

  const byId = new Map(index.findings.map((f) => [f.id, f]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new PadanError(`${unknown.join(', ')}: no such finding in ${dir} (ids run from F1 to F${index.findings.length})`);
  }

  const current = readBaseline(baselinePath);
  if (current && current.accepted.length > 0 && current.keyId !== index.keyId) {
    throw new PadanError(
      `${baselinePath}: its fingerprints were made with key ${current.keyId}, the report in ${dir} with key ${index.keyId}; ` +
        'run reconcile with the same state folder or PADAN_FINGERPRINT_KEY as the baseline',
    );
  }
  const by = io.env.USER || io.env.USERNAME || io.env.LOGNAME || systemUser();
  const chosen = [...new Map(ids.map((id) => [byId.get(id)!.fingerprint, byId.get(id)!])).values()];
  const entries: Acceptance[] = chosen.map((f) => {
    return {
      fingerprint: f.fingerprint,
      kind: f.kind,
      code: f.code,
      source: f.source,
      otherSource: f.otherSource,
      program: f.program,
      field: f.field,
      seenAt: `${f.source}:${f.line}`,
      reason,
      by,
      at: today,
      until: opts.until,
    };
  });
  const base = current && current.accepted.length > 0 ? current : emptyBaseline(index.keyId);
  const before = new Set(base.accepted.map((e) => e.fingerprint));
  writeBaseline(baselinePath, addAcceptances({ ...base, keyId: index.keyId }, entries));

  const fps = new Set(entries.map((e) => e.fingerprint));
  const alsoCovered = index.findings.filter((f) => fps.has(f.fingerprint) && !ids.includes(f.id)).map((f) => f.id);
  const replaced = entries.filter((e) => before.has(e.fingerprint)).length;
  const shown = relative(io.cwd, baselinePath) || baselinePath;
  io.out(
    `accepted ${ids.join(', ')} in ${shown}` +
      (opts.until ? ` until ${opts.until}` : '') +
      (replaced > 0 ? ` (${replaced} earlier acceptance${replaced > 1 ? 's' : ''} replaced)` : '') +
      '\n' +
      (alsoCovered.length > 0 ? `the same problem also covers ${alsoCovered.join(', ')}\n` : '') +
      'review and commit it with the config; the next reconcile lists these findings as accepted\n',
  );
  return EXIT_OK;
}
