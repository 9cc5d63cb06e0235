import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { rowTexts } from '../domain/table.js';
import type { RuleJob, RuleResult, RuleRunner } from '../match/block.js';
import type { RuleAnswer, RuleTask } from './worker.js';

/**
 * The rule the second core takes (the matcher sends only the first fuzzy rule away): the NIK-typo
 * rule's deletion neighbourhoods (sixteen keys per NIK) cost about as much as the five other fuzzy
 * rules together, which run meanwhile on the main thread.
 */
const RULES_ELSEWHERE: ReadonlySet<string> = new Set(['nik-typo']);

/** The compiled worker next to this file, or null (under vitest this module is the .ts source). */
export function ruleWorkerUrl(): URL | null {
  const url = new URL('./worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/**
 * `o` with its typed arrays (and those of the objects it holds) copied to SharedArrayBuffers: the
 * worker then reads the same memory, where a structured clone of ~150 MB of columns at 10M rows
 * is serialised on this thread and copied again on the other (one memcpy here costs less).
 */
function shared<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (ArrayBuffer.isView(v) && !(v.buffer instanceof SharedArrayBuffer)) {
      const a = v as TypedArray;
      const copy = new (a.constructor as new (b: SharedArrayBuffer) => TypedArray)(new SharedArrayBuffer(a.byteLength));
      copy.set(a);
      out[k] = copy;
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) out[k] = shared(v as object);
    else out[k] = v;
  }
  return out as T;
}

/**
 * A worker thread for fuzzy blocking rules, started now so that its start-up is over by the time
 * the matcher needs it; null when there is no compiled worker. close() when matching is over.
 */
export function startRuleRunner(url: URL | null = ruleWorkerUrl()): (RuleRunner & { close(): Promise<void> }) | null {
  if (!url) return null;
  const worker = new Worker(url);
  // Idle between jobs, it must not keep the process alive.
  worker.unref();
  return {
    rules: RULES_ELSEWHERE,
    start(job: RuleJob): () => RuleResult {
      const { port1, port2 } = new MessageChannel();
      const flag = new Int32Array(new SharedArrayBuffer(4));
      // A damaged NIK's digits are the only texts in idText: they cross as those rows, not as a
      // string per record (the structured clone of ~3M mostly empty strings held the main thread
      // ~0.5 s at 10M rows).
      const idText = rowTexts(job.f.idText, job.f.n);
      const sent: RuleJob = { ...job, f: shared({ ...job.f, idText: [] }), opts: shared(job.opts) };
      worker.postMessage({ job: sent, idText, port: port2, flag } satisfies RuleTask, [port2, idText.at.buffer as ArrayBuffer]);
      return () => {
        // The matcher is synchronous: sleep on the flag, then take the answer off the port.
        while (Atomics.load(flag, 0) === 0) {
          Atomics.wait(flag, 0, 0, 1000);
          // A worker that died (out of memory) never raises the flag; its thread id turns -1.
          if (Atomics.load(flag, 0) === 0 && worker.threadId === -1) throw new Error('padan: the blocking worker stopped before answering');
        }
        const answer = receiveMessageOnPort(port1)?.message as RuleAnswer | undefined;
        port1.close();
        if (!answer) throw new Error('padan: the blocking worker raised its flag without an answer');
        if ('error' in answer) throw new Error(`padan: blocking worker failed: ${answer.error}`);
        return answer.ok;
      };
    },
    close: () => worker.terminate().then(() => undefined),
  };
}
