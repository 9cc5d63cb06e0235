import { parentPort } from 'node:worker_threads';
import { runHistoryJob, type HistoryJob, type HistoryJobDiff } from './job.js';
import { encodeFindingSet } from './store.js';

/*
 * The history worker (see startHistoryJob): runs one job, posts the comparison as soon as it is
 * known (the reports wait for it), then this run's findings file (only the store needs it, last).
 */

export type HistoryWorkerMessage = { kind: 'diff'; diff: HistoryJobDiff } | { kind: 'file'; file: Uint8Array };

const port = parentPort!;
port.once('message', (job: HistoryJob) => {
  const { diff, set } = runHistoryJob(job);
  port.postMessage({ kind: 'diff', diff } satisfies HistoryWorkerMessage, [diff.isNew.buffer as ArrayBuffer, diff.firstSeen.buffer as ArrayBuffer]);
  port.postMessage({ kind: 'file', file: encodeFindingSet(set) } satisfies HistoryWorkerMessage);
});
