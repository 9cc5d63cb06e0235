import type { Progress } from '../pipeline.js';
import type { Io } from './io.js';

/**
 * Progress line on stderr for long runs: only on a terminal and never in CI, so logs and piped
 * output stay clean. Throttled; shows rows/s and an ETA for the load stage.
 */
export function progressReporter(io: Io): { onProgress?: (p: Progress) => void; done: () => void } {
  if (!io.stderrTTY || io.env.CI) return { done: () => {} };
  const start = Date.now();
  let last = 0;
  let shown = false;
  const onProgress = (p: Progress) => {
    const now = Date.now();
    if (now - last < 100 && p.done < p.total) return;
    last = now;
    const secs = (now - start) / 1000;
    const pct = p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : 0;
    let line = `padan: ${p.stage}${p.detail ? ` (${p.detail})` : ''} ${pct.toFixed(0)}%`;
    if (p.rows !== undefined && secs > 0) {
      const rate = p.rows / secs;
      const eta = pct > 0 && pct < 100 ? (secs * (100 - pct)) / pct : 0;
      line += ` · ${Math.round(rate).toLocaleString('en-US')} rows/s${eta > 0 ? ` · ETA ${eta.toFixed(0)} s` : ''}`;
    }
    io.err(`\r\x1b[2K${line}`);
    shown = true;
  };
  return {
    onProgress,
    done: () => {
      if (shown) io.err('\r\x1b[2K');
    },
  };
}
