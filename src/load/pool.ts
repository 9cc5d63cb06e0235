import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ResolvedSource } from '../config/schema.js';
import { PadanError } from '../domain/errors.js';
import type { ReadProgress } from './delimited.js';
import { DictionaryRemap, type SparseRawTable } from '../domain/table.js';
import { emptyDictionaries, unpackTable, type SourcePart } from './part.js';
import type { ReadJob, WorkerFailure, WorkerMessage } from './worker.js';

/**
 * The compiled worker next to this file, or null when there is none: under vitest this module is
 * the .ts source and no worker.js sits beside it, so the load stays on the main thread (tests of
 * the worker path load a transpiled copy of the package).
 */
export function loadWorkerUrl(): URL | null {
  const url = new URL('./worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/** A source read on a worker, unpacked: its table's dictionaries are its worker's. */
export interface LoadedPart extends Omit<SourcePart, 'table'> {
  table: SparseRawTable;
  /** Shared by the parts of one worker: pass it to RecordTableBuilder.adopt with the table. */
  remap: DictionaryRemap;
}

/**
 * Reads every source on `threads` workers, whole files each, biggest first so that the last file
 * to start is a small one. `onPart` gets each source's part in source order (part k once parts
 * 0..k-1 are in), so the caller appends them exactly as one thread reading in order would. The
 * first failing source in source order fails the load, as it would have read alone: a later
 * source's error waits until every earlier source is read.
 */
export function readInWorkers(
  url: URL,
  sources: readonly ResolvedSource[],
  sizes: readonly number[],
  threads: number,
  onPart: (part: LoadedPart, source: number) => void,
  onProgress?: (p: ReadProgress) => void,
): Promise<void> {
  const queue = sources.map((_, k) => k).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const done: (LoadedPart | WorkerFailure | undefined)[] = new Array(sources.length);
  let merged = 0;
  let firstFailure = sources.length;
  const workers: Worker[] = [];

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (error === undefined) resolve();
      else reject(error);
    };

    const mergeReady = (): void => {
      while (merged < sources.length && done[merged] !== undefined) {
        const result = done[merged]!;
        done[merged] = undefined;
        if ('padan' in result) {
          finish(result.padan ? new PadanError(result.message, result.details) : workerBug(result));
          return;
        }
        onPart(result, merged);
        merged++;
      }
      if (merged === sources.length) finish();
    };

    const give = (w: Worker): void => {
      // a source after a failed one would never be merged
      const at = queue.findIndex((k) => k < firstFailure);
      if (at < 0) return;
      const k = queue.splice(at, 1)[0];
      const job: ReadJob = { id: k, source: sources[k] };
      w.postMessage(job);
    };

    for (let i = 0; i < Math.min(threads, sources.length); i++) {
      const w = new Worker(url);
      workers.push(w);
      // this worker's dictionaries as its parts bring them, in the order it sent them
      const known = emptyDictionaries();
      const remap = new DictionaryRemap();
      w.on('message', (m: WorkerMessage) => {
        if (settled) return;
        try {
          if (m.kind === 'progress') {
            onProgress?.(m.progress);
            return;
          }
          if (m.kind === 'failed') {
            done[m.id] = m.failure;
            firstFailure = Math.min(firstFailure, m.id);
          } else done[m.id] = { ...m.part, table: unpackTable(m.part.table, known), remap };
          give(w);
          mergeReady();
        } catch (e) {
          finish(e);
        }
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => finish(new Error(`load worker stopped (exit code ${code})`)));
      give(w);
    }
    // a second job each: the next one is already there when a part goes out
    for (const w of workers) give(w);
  });
}

function workerBug(f: WorkerFailure): Error {
  const e = new Error(f.message);
  if (f.stack !== undefined) e.stack = f.stack;
  return e;
}
