import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { TextSink } from './sink.js';

/** Report files hold personal data: readable by their owner only. */
export const REPORT_FILE_MODE = 0o600;

const STAGED = /\.tmp-\d+-\d+$/;

/** Bytes gathered before one write(2): few system calls, no whole-report string, no per-piece buffers. */
const BUFFER_BYTES = 1 << 20;

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** A sink onto an open file: pieces are UTF-8 encoded straight into one reused buffer. */
class FileSink implements TextSink {
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private pos = 0;
  constructor(private readonly fd: number) {}

  write(s: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (s.length * 3 > BUFFER_BYTES - this.pos) {
      this.flush();
      if (s.length * 3 > BUFFER_BYTES) {
        writeAll(this.fd, Buffer.from(s, 'utf8'));
        return;
      }
    }
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  flush(): void {
    writeAll(this.fd, this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}

/**
 * One run's reports, staged under temporary names in DIR and renamed into place together by
 * commit(), so a run that fails or is killed mid-write leaves the previous reports whole (rename
 * is atomic within a folder). Large reports are streamed into their staged file.
 */
export class ReportStage {
  private readonly tag = `.tmp-${process.pid}-${Date.now()}`;
  private readonly staged: [tmp: string, final: string][] = [];

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A run killed mid-write leaves its staged files behind; they were never renamed into place.
    for (const f of readdirSync(dir)) if (STAGED.test(f)) rmSync(join(dir, f), { force: true });
  }

  /** Stages NAME with what `render` writes to the sink. */
  stream(name: string, render: (out: TextSink) => void): void {
    this.stage(name, (fd) => {
      const sink = new FileSink(fd);
      render(sink);
      sink.flush();
    });
  }

  /**
   * Stages NAME to be written by someone else (a worker thread, see writeStreamedFile); returns the
   * path to write. The writer must be done before commit().
   */
  reserve(name: string): string {
    const tmp = join(this.dir, `${name}${this.tag}`);
    this.staged.push([tmp, join(this.dir, name)]);
    return tmp;
  }

  /** Stages NAME with the given content. */
  add(name: string, content: string | Uint8Array): void {
    this.stage(name, (fd) => writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content));
  }

  /** Renames every staged file into place; returns their final paths. */
  commit(): string[] {
    for (const [tmp, final] of this.staged) renameSync(tmp, final);
    return this.staged.map(([, final]) => final);
  }

  /** Removes what was staged (the previous reports stay). */
  discard(): void {
    for (const [tmp] of this.staged) rmSync(tmp, { force: true });
    this.staged.length = 0;
  }

  private stage(name: string, fill: (fd: number) => void): void {
    const tmp = join(this.dir, `${name}${this.tag}`);
    fillFile(tmp, fill);
    this.staged.push([tmp, join(this.dir, name)]);
  }
}

/** Creates PATH (owner-only), fills it and syncs it to disk; removed again when filling fails. */
function fillFile(path: string, fill: (fd: number) => void): void {
  const fd = openSync(path, 'w', REPORT_FILE_MODE);
  try {
    fill(fd);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw e;
  }
  closeSync(fd);
}

/** Writes PATH (a path from ReportStage.reserve) with what `render` writes to the sink. */
export function writeStreamedFile(path: string, render: (out: TextSink) => void): void {
  fillFile(path, (fd) => {
    const sink = new FileSink(fd);
    render(sink);
    sink.flush();
  });
}

/**
 * Writes every file to a temporary name in DIR, then renames each into place (see ReportStage).
 */
export function writeReportFiles(dir: string, files: Record<string, string | Uint8Array>): string[] {
  const stage = new ReportStage(dir);
  try {
    for (const [name, content] of Object.entries(files)) stage.add(name, content);
  } catch (e) {
    stage.discard();
    throw e;
  }
  return stage.commit();
}
