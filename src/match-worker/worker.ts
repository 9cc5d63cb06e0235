import { type MessagePort, parentPort } from 'node:worker_threads';
import { textColumn, type RowTexts } from '../domain/table.js';
import { runRuleJob, type RuleJob, type RuleResult } from '../match/block.js';

/*
 * A blocking worker (see runner.ts): runs one fuzzy rule at a time on the copy of the blocking
 * features it is sent, and answers on the job's own port, then raises the job's flag so that a
 * main thread waiting synchronously (the matcher is synchronous) wakes up.
 */

export interface RuleTask {
  /** job.f.idText comes empty: its texts are `idText`. */
  job: RuleJob;
  idText: RowTexts;
  port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: 0 while running, 1 once the answer is posted. */
  flag: Int32Array;
}

export type RuleAnswer = { ok: RuleResult } | { error: string };

parentPort!.on('message', ({ job, idText, port, flag }: RuleTask) => {
  try {
    const r = runRuleJob({ ...job, f: { ...job.f, idText: textColumn(idText, job.f.n) } });
    port.postMessage({ ok: r } satisfies RuleAnswer, [r.a.buffer, r.b.buffer, r.sample.a.buffer, r.sample.b.buffer, r.sample.weight.buffer] as ArrayBuffer[]);
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies RuleAnswer);
  }
  port.close();
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
