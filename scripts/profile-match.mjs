#!/usr/bin/env node
// Where padan's time goes inside one run, stage by stage and inside the matcher (distinct, features, copies,
// each blocking rule, compare, EM, clustering), with each rule's candidate pairs and the heap after
// loading. For finding the next thing to speed up; `npm run bench` is the end-to-end measure.
//
//   npm run build && node --expose-gc scripts/profile-match.mjs bench-data/rows-1000000-seed1-p61-k5/padan.config.json
//
// Add --cpu-prof --cpu-prof-dir=DIR to the node flags for a profile of the same run.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const configPath = process.argv[2];
if (!configPath) {
  console.error('usage: node --expose-gc scripts/profile-match.mjs CONFIG');
  process.exit(2);
}
const dist = (p) => import(join(ROOT, 'dist', p));
const { readConfig } = await dist('config/read.js');
const { loadSources } = await dist('load/index.js');
const { matchRecords } = await dist('match/index.js');
const { reconcile } = await dist('reconcile/index.js');
const { startRuleRunner } = await dist('match-worker/runner.js');
// PADAN_RULE_THREADS=0 keeps every blocking rule on the main thread (to see each rule's own time).
const ruleRunner = process.env.PADAN_RULE_THREADS === '0' ? null : startRuleRunner();

const heapMb = () => {
  globalThis.gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1e6);
};
const config = readConfig(configPath);
let t = performance.now();
const load = await loadSources(config, {});
const rows = load.table.size;
console.log(`load            ${Math.round(performance.now() - t)} ms  (${rows.toLocaleString('en')} rows, ${load.table.names.length.toLocaleString('en')} distinct names, ${load.table.addresses.length.toLocaleString('en')} distinct addresses)`);
console.log(`heap after load ${heapMb()} MB${globalThis.gc ? '' : ' (run with --expose-gc for a settled figure)'}`);

const times = new Map();
let stage = 'start';
let at = performance.now();
t = at;
const match = matchRecords(load.table, {
  ...config.match,
  ruleRunner: ruleRunner ?? undefined,
  onProgress: (next) => {
    const now = performance.now();
    times.set(stage, (times.get(stage) ?? 0) + now - at);
    at = now;
    stage = next;
  },
});
times.set(stage, (times.get(stage) ?? 0) + performance.now() - at);
await ruleRunner?.close();
console.log(`match           ${Math.round(performance.now() - t)} ms`);
for (const [name, ms] of times) if (ms >= 1 && name !== 'start') console.log(`  ${name.padEnd(24)} ${Math.round(ms)} ms`);
for (const r of match.stats.rules) console.log(`  pairs ${r.rule.padEnd(18)} ${r.candidatePairs.toLocaleString('en')}`);
console.log(`  compared pairs ${match.stats.comparedPairs.toLocaleString('en')} (${(match.stats.prunedPairs ?? 0).toLocaleString('en')} without name and address), exact copies ${match.stats.exactCopies.toLocaleString('en')}`);
t = performance.now();
reconcile(load.table, config, match);
console.log(`reconcile       ${Math.round(performance.now() - t)} ms`);
