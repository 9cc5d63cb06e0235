import { describe, expect, it } from 'vitest';
import { generateMatchingScenario, SCENARIO_PRESETS } from '../src/generate/scenarios.js';
import { findDuplicates, matchRecords } from '../src/match/index.js';

// Skipping the name and address comparisons of fuzzy pairs that cannot reach the review threshold
// must not change a single decision: the same persons, links, reviews and NIK conflicts.
describe('pruning pairs that cannot reach review', () => {
  const sc = generateMatchingScenario(SCENARIO_PRESETS.small);
  const pruned = matchRecords(sc.table);
  const full = matchRecords(sc.table, { prune: false });

  it('prunes a fair share of the pairs on realistic rosters, and none when asked not to', () => {
    expect(full.stats.prunedPairs).toBe(0);
    expect(pruned.stats.prunedPairs).toBeGreaterThan(full.stats.comparedPairs / 5);
    expect(pruned.stats.comparedPairs).toBe(full.stats.comparedPairs);
  });

  it('gives the same persons, links, reviews and conflicts as comparing every field', () => {
    expect(Array.from(pruned.person)).toEqual(Array.from(full.person));
    for (const part of ['links', 'review'] as const) {
      expect(pruned[part].length).toBeGreaterThan(0);
      expect(Array.from(pruned[part].a)).toEqual(Array.from(full[part].a));
      expect(Array.from(pruned[part].b)).toEqual(Array.from(full[part].b));
      expect(Array.from(pruned[part].probability)).toEqual(Array.from(full[part].probability));
    }
    expect(Array.from(pruned.conflicts.a)).toEqual(Array.from(full.conflicts.a));
    expect(Array.from(pruned.conflicts.b)).toEqual(Array.from(full.conflicts.b));
  });

  it('leaves every pruned pair below the review threshold in the full comparison', () => {
    const p = findDuplicates(sc.table);
    const f = findDuplicates(sc.table, { prune: false });
    let checked = 0;
    for (let k = 0; k < p.length; k++) {
      expect(p.a[k]).toBe(f.a[k]);
      expect(p.b[k]).toBe(f.b[k]);
      if (p.weight[k] === Number.NEGATIVE_INFINITY && f.weight[k] !== Number.NEGATIVE_INFINITY) {
        checked++;
        expect(f.probability[k]).toBeLessThan(0.2);
        expect(p.probability[k]).toBe(0);
      } else {
        expect(p.probability[k]).toBe(f.probability[k]);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
