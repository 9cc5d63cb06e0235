import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PadanError } from '../domain/errors.js';
import { BASELINE_FILE, parseBaseline, serialiseBaseline, type Baseline } from './baseline.js';

/** padan.baseline.json beside the config (committed with it). */
export function defaultBaselinePath(configPath: string): string {
  return join(dirname(configPath), BASELINE_FILE);
}

/** The baseline, or null when the file does not exist (nothing accepted yet). */
export function readBaseline(path: string): Baseline | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PadanError(`${path}: cannot read the baseline (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseBaseline(text, path);
}

/**
 * Written to a temporary name and renamed, so an interrupted `padan accept` never leaves half a file.
 * Mode 0644: it holds no personal data and is meant to be reviewed and committed.
 */
export function writeBaseline(path: string, b: Baseline): void {
  const tmp = join(dirname(path), `.${BASELINE_FILE}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeFileSync(fd, serialiseBaseline(b));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof PadanError) throw e;
    throw new PadanError(`${path}: cannot write the baseline (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
