import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PadanError } from '../domain/errors.js';
import type { IndexMeta } from './index-file.js';
import { runHistoryJob, type HistoryIndexRequest, type HistoryJob, type HistoryJobDiff } from './job.js';
import { encodeFindingSet } from './store.js';
import type { HistoryWorkerMessage } from './worker.js';

export interface RunningHistoryJob {
  diff(): Promise<HistoryJobDiff>;
  /** This run's findings file for the store (gzip), made after the comparison. */
  file(): Promise<Uint8Array>;
  /**
   * Has the worker write fingerprints.json to `path` (the job must carry its columns); null when
   * the job runs on this thread.
   */
  writeIndex: ((path: string, meta: IndexMeta, state: Uint8Array) => Promise<void>) | null;
}

/**
 * The compiled worker next to this file, or null when there is none: under vitest this module is
 * the .ts source and no worker.js sits beside it, so the job runs on the calling thread.
 */
export function historyWorkerUrl(): URL | null {
  const url = new URL('./worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * A history worker, started ahead of its job (it loads its modules while the run is matching), or
 * null when there is no compiled worker. Unref'd: a run that fails never waits for it.
 */
export function spawnHistoryWorker(url: URL | null = historyWorkerUrl()): Worker | null {
  if (url === null) return null;
  const worker = new Worker(url);
  worker.unref();
  return worker;
}

/** Runs the job on a history worker (see spawnHistoryWorker), or here when there is none. */
export function startHistoryJob(job: HistoryJob, worker: Worker | null = spawnHistoryWorker()): RunningHistoryJob {
  if (worker === null) {
    const { diff, set } = runHistoryJob(job);
    return { diff: () => Promise.resolve(diff), file: () => Promise.resolve().then(() => encodeFindingSet(set)), writeIndex: null };
  }
  let failed: (e: unknown) => void = () => {};
  const fail = new Promise<never>((_, reject) => (failed = reject));
  // Not awaited when the run fails first: never an unhandled rejection.
  fail.catch(() => {});
  let diffOf: (d: HistoryJobDiff) => void = () => {};
  let fileOf: (f: Uint8Array) => void = () => {};
  const diff = Promise.race([new Promise<HistoryJobDiff>((resolve) => (diffOf = resolve)), fail]);
  const file = Promise.race([new Promise<Uint8Array>((resolve) => (fileOf = resolve)), fail]);
  diff.catch(() => {});
  file.catch(() => {});
  let indexOf: (m: { error?: string }) => void = () => {};
  const index = Promise.race([new Promise<{ error?: string }>((resolve) => (indexOf = resolve)), fail]);
  index.catch(() => {});
  // The worker may wait for an index request that never comes (a run failing first): it holds the
  // process open only while this thread awaits something from it.
  const came = { diff: false, file: false, index: false };
  const awaited = { diff: false, file: false, index: false };
  const hold = () => {
    if ((awaited.diff && !came.diff) || (awaited.file && !came.file) || (awaited.index && !came.index)) worker.ref();
    else worker.unref();
  };
  worker.on('message', (m: HistoryWorkerMessage) => {
    came[m.kind] = true;
    if (m.kind === 'diff') diffOf(m.diff);
    else if (m.kind === 'file') fileOf(m.file);
    else indexOf(m);
    hold();
  });
  worker.once('error', (e) => failed(e));
  worker.once('exit', (code) => failed(new Error(`history worker stopped (exit code ${code})`)));
  // The material is large and used once: moved, not copied.
  const moved = [job.material.buffer as ArrayBuffer, job.ends.buffer as ArrayBuffer, job.kinds.buffer as ArrayBuffer];
  const cols = job.index;
  if (cols) moved.push(...[cols.kind, cols.code, cols.source, cols.otherSource, cols.program, cols.field, cols.line].map((a) => a.buffer as ArrayBuffer));
  worker.postMessage(job, moved);
  return {
    diff: () => {
      awaited.diff = true;
      hold();
      return diff;
    },
    file: () => {
      awaited.file = true;
      hold();
      return file;
    },
    writeIndex: async (path, meta, state) => {
      awaited.index = true;
      hold();
      const request: HistoryIndexRequest = { kind: 'index', path, meta, state };
      worker.postMessage(request);
      const answer = await index;
      if (answer.error !== undefined) throw new PadanError(`${path}: cannot write fingerprints.json (${answer.error})`);
    },
  };
}
