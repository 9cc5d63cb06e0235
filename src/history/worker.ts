import { parentPort } from 'node:worker_threads';
import { writeStreamedFile } from '../report/write.js';
import { writeIndexColumns } from './index-file.js';
import { runHistoryJob, type HistoryIndexRequest, type HistoryJob, type HistoryJobDiff } from './job.js';
import type { FindingSet } from './diff.js';
import { encodeFindingSet } from './store.js';

/*
 * The history worker (see startHistoryJob): runs one job, posts the comparison as soon as it is
 * known (the reports wait for it), then this run's findings file (only the store needs it, last).
 * Asked to (HistoryIndexRequest), it then writes fingerprints.json while the main thread writes
 * the other reports.
 */

export type HistoryWorkerMessage =
  | { kind: 'diff'; diff: HistoryJobDiff }
  | { kind: 'file'; file: Uint8Array }
  | { kind: 'index'; error?: string };

const port = parentPort!;
let done: { job: HistoryJob; fingerprints: string[]; firstSeen: string[]; isNew: Uint8Array; set: FindingSet } | undefined;

function postFile(set: FindingSet): void {
  port.postMessage({ kind: 'file', file: encodeFindingSet(set) } satisfies HistoryWorkerMessage);
}
port.on('message', (m: HistoryJob | HistoryIndexRequest) => {
  if ('kind' in m) {
    try {
      if (done === undefined || done.job.index === undefined) throw new Error('no history job with fingerprints.json columns has run');
      const { job, fingerprints, firstSeen, isNew } = done;
      const cols = job.index!;
      writeStreamedFile(m.path, (out) => writeIndexColumns(out, cols, fingerprints, firstSeen, isNew, m.state, m.meta));
      port.postMessage({ kind: 'index' } satisfies HistoryWorkerMessage);
    } catch (e) {
      port.postMessage({ kind: 'index', error: (e as NodeJS.ErrnoException).code ?? (e as Error).message } satisfies HistoryWorkerMessage);
    }
    // The store's file only after the index: the reports' renames wait for the index, the store
    // only comes after them.
    if (done !== undefined) postFile(done.set);
    port.close();
    return;
  }
  const { diff, set, fingerprints, firstSeen } = runHistoryJob(m);
  // isNew moves to the main thread below: fingerprints.json is written from a copy.
  done = { job: m, fingerprints, firstSeen, isNew: diff.isNew.slice(), set };
  port.postMessage({ kind: 'diff', diff } satisfies HistoryWorkerMessage, [diff.isNew.buffer as ArrayBuffer, diff.firstSeen.buffer as ArrayBuffer]);
  // With columns an index request follows, and the file comes after the index.
  if (m.index !== undefined) return;
  postFile(set);
  port.close();
});
