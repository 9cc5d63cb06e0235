import type { Progress } from '../pipeline.js';
import type { Io } from './io.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** 7 s, 2 min 05 s, 1 h 03 min. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Time left at the rate so far ('' under half a second: nothing worth saying). */
function eta(secs: number, frac: number): string {
  const left = (secs * (1 - frac)) / frac;
  return left >= 0.5 ? `ETA ${formatDuration(left)}` : '';
}

/**
 * Turns the pipeline's progress events into one status line. Loading reports bytes and rows per
 * source; the line adds them up over the sources (the total is every input's size, when given),
 * so the rate is rows/s of the whole load and the ETA is the load's. Later stages report their own
 * done/total; their ETA is the current step's, measured from when that step began.
 */
export class ProgressLine {
  private readonly started: number;
  private loadStarted = -1;
  /** Per source: bytes read and rows so far (loading). */
  private readonly loaded = new Map<string, { bytes: number; total: number; rows: number }>();
  private step = '';
  private stepStarted = 0;

  constructor(
    private readonly now: () => number,
    /** Size of every input together (bytes); 0 when unknown. */
    private readonly totalBytes = 0,
  ) {
    this.started = now();
  }

  private last: Progress | undefined;

  /** Takes in one event (every event, also those not drawn, so the counts stay whole). */
  observe(p: Progress): void {
    const t = this.now();
    const step = `${p.stage}/${p.detail ?? ''}`;
    if (step !== this.step) {
      this.step = step;
      this.stepStarted = t;
    }
    if (p.stage === 'load') {
      if (this.loadStarted < 0) this.loadStarted = t;
      this.loaded.set(p.detail ?? '', { bytes: p.done, total: p.total, rows: p.rows ?? 0 });
    }
    this.last = p;
  }

  /** The status line after the events so far. */
  text(): string {
    const p = this.last;
    if (!p) return 'padan: starting';
    const t = this.now();
    const parts = [p.stage === 'load' ? this.loadText(p, t) : this.stageText(p, t)];
    parts.push(`${formatDuration((t - this.started) / 1000)} elapsed`);
    return `padan: ${parts.join(' · ')}`;
  }

  private loadText(p: Progress, t: number): string {
    const source = p.detail ?? '';
    let bytes = 0;
    let sizes = 0;
    let rows = 0;
    for (const s of this.loaded.values()) {
      bytes += s.bytes;
      sizes += s.total;
      rows += s.rows;
    }
    const total = Math.max(this.totalBytes, sizes);
    const frac = total > 0 ? Math.min(1, bytes / total) : 0;
    const secs = (t - this.loadStarted) / 1000;
    const out = [`load${source ? ` ${source}` : ''} ${(100 * frac).toFixed(0)}%`, `${fmt(rows)} rows`];
    if (secs >= 1) out.push(`${fmt(rows / secs)} rows/s`);
    if (secs >= 1 && frac > 0) out.push(eta(secs, frac));
    return out.filter((x) => x !== '').join(' · ');
  }

  private stageText(p: Progress, t: number): string {
    const name = `${p.stage}${p.detail ? ` (${p.detail})` : ''}`;
    if (p.total <= 0 || p.done <= 0) return name;
    const frac = Math.min(1, p.done / p.total);
    const out = [`${name} ${(100 * frac).toFixed(0)}%`];
    const secs = (t - this.stepStarted) / 1000;
    if (secs >= 1) out.push(eta(secs, frac));
    return out.filter((x) => x !== '').join(' · ');
  }
}

/**
 * Progress line on stderr for long runs: only on a terminal and never in CI, so logs and piped
 * output stay clean. Redrawn at most every 100 ms.
 */
export function progressReporter(
  io: Io,
  opts: { totalBytes?: number; now?: () => number } = {},
): { onProgress?: (p: Progress) => void; done: () => void } {
  if (!io.stderrTTY || io.env.CI) return { done: () => {} };
  const now = opts.now ?? Date.now;
  const status = new ProgressLine(now, opts.totalBytes);
  let last = -Infinity;
  let shown = false;
  const onProgress = (p: Progress) => {
    status.observe(p);
    const t = now();
    if (t - last < 100 && p.done < p.total) return;
    last = t;
    io.err(`\r\x1b[2K${status.text()}`);
    shown = true;
  };
  return {
    onProgress,
    done: () => {
      if (shown) io.err('\r\x1b[2K');
    },
  };
}
