import { parentPort } from 'node:worker_threads';
import type { ResolvedSource } from '../config/schema.js';
import { PadanError } from '../domain/errors.js';
import { RecordTableBuilder, TableDictionaries } from '../domain/table.js';
import type { IngestSink } from './ingest.js';
import { packTable, type SourcePart } from './part.js';
import { readSource } from './read-source.js';
import type { ReadProgress } from './delimited.js';

/*
 * A load worker (see pool.ts): reads whole sources, one job at a time, each into a table of its
 * own, and posts it back packed for transfer. Nothing here decides order or ids: the main thread
 * appends the parts in source order.
 */

export interface ReadJob {
  id: number;
  source: ResolvedSource;
}

/** A PadanError crosses as its message and details; anything else as a bug with its stack. */
export interface WorkerFailure {
  padan: boolean;
  message: string;
  details: string[];
  stack?: string;
}

export type WorkerMessage =
  | { kind: 'progress'; id: number; progress: ReadProgress }
  | { kind: 'part'; id: number; part: SourcePart }
  | { kind: 'failed'; id: number; failure: WorkerFailure };

const port = parentPort!;
/** One set for all of this worker's parts: each distinct value is interned, and sent, once. */
const dictionaries = new TableDictionaries();
const sent = { names: 0, addresses: 0, regions: 0, programs: 0 };

async function run({ id, source }: ReadJob): Promise<void> {
  try {
    const builder = new RecordTableBuilder(1 << 16, dictionaries);
    const sink: IngestSink = { rejections: [], fieldFindings: [] };
    const { accounting, notes } = await readSource(source, builder, sink, (progress) => post({ kind: 'progress', id, progress }));
    const { packed, transfer } = packTable(builder.finish(), sent);
    const part: SourcePart = { table: packed, rejections: sink.rejections, fieldFindings: sink.fieldFindings, accounting, notes };
    post({ kind: 'part', id, part }, transfer);
  } catch (e) {
    const failure: WorkerFailure =
      e instanceof PadanError
        ? { padan: true, message: e.message, details: e.details }
        : { padan: false, message: e instanceof Error ? e.message : String(e), details: [], stack: e instanceof Error ? e.stack : undefined };
    post({ kind: 'failed', id, failure });
  }
}

function post(m: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
}

// One job at a time, in the order given: the pool sends the next job before this one ends, so
// that the worker never waits for a busy main thread to hand it work.
let queue = Promise.resolve();
port.on('message', (job: ReadJob) => {
  queue = queue.then(() => run(job));
});
