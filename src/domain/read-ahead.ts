/*
 * Read-ahead for hash tables too big for the cache: a loop reads the slots a batch of lookups (or
 * the lookup some rows ahead) will need, in reads that do not wait on each other, so their cache
 * misses overlap. JS has no prefetch instruction, and a read whose value goes nowhere may be
 * dropped by the compiler, so the values read are folded into an exported variable nobody uses.
 */
export let readAheadFold = 0;

/**
 * How many rows ahead a row-by-row loop reads (a power of two: distinct.ts keeps the hashes in a
 * ring of twice as many). Far enough for the misses to overlap, near enough to stay in cache.
 */
export const ROWS_AHEAD = 16;

/** Keeps `v`, a fold of values read ahead, from being optimised away. */
export function keepReads(v: number): void {
  readAheadFold = (readAheadFold ^ v) | 0;
}
