import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMatchingScenario } from '../src/generate/scenarios.js';
import { blockingView, nikRule, nikTypoRule, runRuleJob, type RuleJob, type RuleResult, type RuleRunner } from '../src/match/block.js';
import { buildFeatures, idDigitsOf } from '../src/match/features.js';
import { hash32 } from '../src/match/strings.js';
import { matchRecords, type MatchResult } from '../src/match/index.js';
import { buildPadanPackage } from './ci-build.js';

/** What a run decides, as plain values. */
function decided(m: MatchResult) {
  return {
    person: Array.from(m.person),
    links: [Array.from(m.links.a.subarray(0, m.links.length)), Array.from(m.links.b.subarray(0, m.links.length)), Array.from(m.links.probability.subarray(0, m.links.length))],
    review: [Array.from(m.review.a.subarray(0, m.review.length)), Array.from(m.review.b.subarray(0, m.review.length)), Array.from(m.review.probability.subarray(0, m.review.length))],
    conflicts: [Array.from(m.conflicts.a.subarray(0, m.conflicts.length)), Array.from(m.conflicts.b.subarray(0, m.conflicts.length))],
    rules: m.stats.rules,
    em: m.stats.em,
  };
}

const scenario = generateMatchingScenario({ seed: 11, families: 600 });

describe('fuzzy blocking rules run elsewhere', () => {
  it('give the same persons, links, reviews and model when a rule runs on a structured clone of its job', () => {
    const started: string[] = [];
    // What a worker does, in process: the job crosses a structured clone, as postMessage clones it.
    const cloning: RuleRunner = {
      rules: new Set(['nik-typo', 'name']),
      start(job: RuleJob): () => RuleResult {
        started.push(job.rule);
        const r = runRuleJob(structuredClone(job));
        return () => structuredClone(r);
      },
    };
    const here = matchRecords(scenario.table);
    const there = matchRecords(scenario.table, { ruleRunner: cloning });
    // Only the first fuzzy rule goes: the later ones draw their share of the sample after it.
    expect(started).toEqual(['nik-typo']);
    expect(here.links.length).toBeGreaterThan(50);
    expect(decided(there)).toEqual(decided(here));
  });
});

describe('identifier keys without the clean texts', () => {
  it('are the hashes of the digits and of every one-digit deletion, as on the text', () => {
    const f = buildFeatures(scenario.table);
    // No text for a clean NIK: its keys come from the halves.
    const view = blockingView(f, nikTypoRule);
    const got = new Uint32Array(32);
    let clean = 0;
    let damagedWithDigits = 0;
    for (let i = 0; i < f.n; i++) {
      const t = idDigitsOf(f, 'nik', i);
      clean += f.idClean[i];
      if (view.idText[i] !== '') damagedWithDigits++;
      if (f.idClean[i] === 1) expect(view.idText[i]).toBe('');
      const want = t === '' ? [] : [hash32(t)];
      expect(Array.from(got.subarray(0, nikRule.keys(view, i, got)))).toEqual(want);
      // Deletions, one per run of equal digits (FNV from its own seed).
      const del: number[] = [];
      if (t !== '' && t.length <= 24) for (let p = 0; p < t.length; p++) if (p === 0 || t[p] !== t[p - 1]) del.push(hash32(t.slice(0, p) + t.slice(p + 1), 0x2545f491));
      expect(Array.from(got.subarray(0, nikTypoRule.keys(view, i, got)))).toEqual(del);
    }
    expect(clean).toBeGreaterThan(f.n / 2);
    expect(clean).toBeLessThan(f.n);
    // the worker gets these texts apart from the rest of the job (runner.ts): the scenario has them
    expect(damagedWithDigits).toBeGreaterThan(0);
  });
});

describe('the blocking worker thread', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'padan-rule-worker-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let compiled: { matchRecords: typeof matchRecords; startRuleRunner: typeof import('../src/match-worker/runner.js').startRuleRunner; ruleWorkerUrl: () => URL | null };

  beforeAll(async () => {
    const pkg = buildPadanPackage(join(tmp, 'pkg'));
    const match = (await import(join(pkg.root, 'dist/match/index.js'))) as typeof import('../src/match/index.js');
    const runner = (await import(join(pkg.root, 'dist/match-worker/runner.js'))) as typeof import('../src/match-worker/runner.js');
    compiled = { matchRecords: match.matchRecords, startRuleRunner: runner.startRuleRunner, ruleWorkerUrl: runner.ruleWorkerUrl };
  }, 60_000);

  it('is found next to the compiled runner and decides as the main thread does', async () => {
    expect(compiled.ruleWorkerUrl()).not.toBeNull();
    const runner = compiled.startRuleRunner();
    expect(runner).not.toBeNull();
    let waited = 0;
    const counting: RuleRunner = {
      rules: runner!.rules,
      start: (job) => {
        const result = runner!.start(job);
        return () => (waited++, result());
      },
    };
    try {
      const there = compiled.matchRecords(scenario.table, { ruleRunner: counting });
      expect(waited).toBe(1);
      expect(decided(there)).toEqual(decided(compiled.matchRecords(scenario.table)));
    } finally {
      await runner!.close();
    }
  }, 60_000);
});
