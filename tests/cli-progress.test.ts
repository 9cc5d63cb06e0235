import { describe, expect, it } from 'vitest';
import { formatDuration, progressReporter, ProgressLine } from '../src/cli/progress.js';
import { memoryIo } from '../src/cli/io.js';

// A fake clock: the test says what time it is; no timing in the test itself.
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('progress line', () => {
  it('adds loading up over the sources: overall percent, rows, rows/s and the load ETA', () => {
    const c = clock();
    const line = new ProgressLine(c.now, 300_000_000);
    // kab_6171 (100 MB) read in 2 s, 400,000 rows.
    line.observe({ stage: 'load', done: 50_000_000, total: 100_000_000, rows: 200_000, detail: 'kab_6171' });
    c.advance(2000);
    line.observe({ stage: 'load', done: 100_000_000, total: 100_000_000, rows: 400_000, detail: 'kab_6171' });
    expect(line.text()).toBe('padan: load kab_6171 33% · 400,000 rows · 200,000 rows/s · ETA 4 s · 2 s elapsed');
    // Then half of kemensos_pkh (200 MB): 200 of 300 MB after 4 s.
    c.advance(2000);
    line.observe({ stage: 'load', done: 100_000_000, total: 200_000_000, rows: 350_000, detail: 'kemensos_pkh' });
    expect(line.text()).toBe('padan: load kemensos_pkh 67% · 750,000 rows · 187,500 rows/s · ETA 2 s · 4 s elapsed');
  });

  it('gives later steps their own ETA, measured from when the step began', () => {
    const c = clock();
    const line = new ProgressLine(c.now);
    line.observe({ stage: 'match', done: 0, total: 1, detail: 'features' });
    c.advance(95_000);
    line.observe({ stage: 'match', done: 0, total: 8_000_000, detail: 'compare' });
    expect(line.text()).toBe('padan: match (compare) · 1 min 35 s elapsed');
    c.advance(30_000);
    line.observe({ stage: 'match', done: 2_000_000, total: 8_000_000, detail: 'compare' });
    // A quarter in 30 s: 90 s to go.
    expect(line.text()).toBe('padan: match (compare) 25% · ETA 1 min 30 s · 2 min 05 s elapsed');
    c.advance(500);
    line.observe({ stage: 'reconcile', done: 0, total: 1_000_000 });
    expect(line.text()).toBe('padan: reconcile · 2 min 06 s elapsed');
  });

  it('formats durations for people', () => {
    expect([0, 7.4, 59.6, 125, 3599, 3780].map(formatDuration)).toEqual(['0 s', '7 s', '1 min 00 s', '2 min 05 s', '59 min 59 s', '1 h 03 min']);
  });
});

describe('progress reporter', () => {
  it('draws on a terminal at most every 100 ms, always the end of a file, and clears the line when done', () => {
    const c = clock();
    const io = memoryIo();
    io.stderrTTY = true;
    const r = progressReporter(io, { now: c.now, totalBytes: 1000 });
    r.onProgress!({ stage: 'load', done: 100, total: 1000, rows: 10, detail: 'kab_6171' });
    c.advance(50);
    r.onProgress!({ stage: 'load', done: 200, total: 1000, rows: 20, detail: 'kab_6171' });
    c.advance(10);
    r.onProgress!({ stage: 'load', done: 1000, total: 1000, rows: 100, detail: 'kab_6171' });
    r.done();
    const draws = io.stderr.split('\r\x1b[2K').filter(Boolean);
    expect(draws).toEqual(['padan: load kab_6171 10% · 10 rows · 0 s elapsed', 'padan: load kab_6171 100% · 100 rows · 0 s elapsed']);
    expect(io.stderr.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('stays silent off a terminal and in CI', () => {
    const ci = memoryIo({ CI: 'true' });
    ci.stderrTTY = true;
    for (const io of [memoryIo(), ci]) {
      const r = progressReporter(io);
      r.onProgress?.({ stage: 'load', done: 1, total: 2, rows: 1 });
      r.done();
      expect(io.stderr).toBe('');
    }
  });
});
