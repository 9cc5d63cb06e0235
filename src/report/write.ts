import { mkdirSync, renameSync, writeFileSync, rmSync, openSync, fsyncSync, closeSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Report files hold personal data: readable by their owner only. */
export const REPORT_FILE_MODE = 0o600;

const STAGED = /\.tmp-\d+-\d+$/;

/**
 * Writes every file to a temporary name in DIR, then renames each into place, so a run that fails
 * or is killed mid-write leaves the previous reports whole (rename is atomic within a folder).
 */
export function writeReportFiles(dir: string, files: Record<string, string | Uint8Array>): string[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A run killed mid-write leaves its staged files behind; they were never renamed into place.
  for (const f of readdirSync(dir)) if (STAGED.test(f)) rmSync(join(dir, f), { force: true });
  const tag = `.tmp-${process.pid}-${Date.now()}`;
  const staged: [string, string][] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const tmp = join(dir, `${name}${tag}`);
      writeFileSync(tmp, content, { mode: REPORT_FILE_MODE });
      const fd = openSync(tmp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      staged.push([tmp, join(dir, name)]);
    }
  } catch (e) {
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    throw e;
  }
  for (const [tmp, final] of staged) renameSync(tmp, final);
  return staged.map(([, final]) => final);
}
