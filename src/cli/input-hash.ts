import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ResolvedSource } from '../config/schema.js';
import { PadanError } from '../domain/errors.js';
import type { InputFile } from '../report/summary.js';

/*
 * The hash reads every input a second time (the loader does not hash what it reads), so it runs on
 * a worker thread while the main thread matches: on the second core it costs no wall time. Large
 * blocking reads (4 MiB) keep it near sha256's own speed (~1.5 GB/s here).
 */
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buf = Buffer.allocUnsafe(4 << 20);
const out = [];
for (const path of workerData.paths) {
  let fd;
  try {
    fd = openSync(path, 'r');
    const h = createHash('sha256');
    let bytes = 0;
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; bytes += n) h.update(buf.subarray(0, n));
    out.push({ sha256: h.digest('hex'), bytes });
  } catch (e) {
    out.push({ error: e.code || e.message });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
parentPort.postMessage(out);
`;

type WorkerAnswer = ({ sha256: string; bytes: number } | { error: string })[];

/**
 * sha256 and size of every input, for summary.json (exactly which files a report came from). The
 * command starts it once matching is over: the files are still in the page cache, and the main
 * thread reconciles and writes reports alone, so the second read competes with neither the
 * loader's threads nor the matcher's blocking worker.
 */
export class InputHashing {
  private answer: Promise<WorkerAnswer> | undefined;
  private worker: Worker | undefined;

  constructor(private readonly sources: readonly ResolvedSource[]) {}

  /** Starts the worker (once). A run that fails meanwhile does not wait for it: it is unref'd. */
  start(): void {
    if (this.answer) return;
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: { paths: this.sources.map((s) => s.absPath) } });
    worker.unref();
    this.worker = worker;
    this.answer = new Promise<WorkerAnswer>((resolve, reject) => {
      worker.once('message', (m: WorkerAnswer) => resolve(m));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`input hash worker stopped (exit code ${code})`)));
    });
    // Not awaited when the run fails first: never an unhandled rejection.
    this.answer.catch(() => {});
  }

  /** sha256 and size of each input, in config order. */
  async result(): Promise<InputFile[]> {
    this.start();
    this.worker!.ref();
    const files = await this.answer!;
    return this.sources.map((s, k) => {
      const f = files[k];
      if ('error' in f) throw new PadanError(`${s.name} (${s.path}): cannot read roster (${f.error})`);
      return { source: s.name, path: s.path, sha256: f.sha256, bytes: f.bytes };
    });
  }
}

/** sha256 and size of each input (see InputHashing). */
export function hashInputs(sources: readonly ResolvedSource[]): Promise<InputFile[]> {
  return new InputHashing(sources).result();
}

/** Size of every input together, for the progress line (0 for a file that cannot be read yet). */
export function inputBytes(sources: readonly ResolvedSource[]): number {
  let n = 0;
  for (const s of sources) {
    try {
      n += statSync(s.absPath).size;
    } catch {
      // The loader reports it.
    }
  }
  return n;
}
