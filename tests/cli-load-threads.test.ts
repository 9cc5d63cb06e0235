import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { loadThreads, memoryIo } from '../src/cli/io.js';
import { PadanError } from '../src/domain/errors.js';

const ROOT = resolve(import.meta.dirname, '..');

describe('PADAN_LOAD_THREADS', () => {
  it('leaves the choice to padan when unset or blank, and takes a whole number from 0 to 16', () => {
    expect(loadThreads({})).toBeUndefined();
    expect(loadThreads({ PADAN_LOAD_THREADS: ' ' })).toBeUndefined();
    expect(loadThreads({ PADAN_LOAD_THREADS: '0' })).toBe(0);
    expect(loadThreads({ PADAN_LOAD_THREADS: '2' })).toBe(2);
    expect(loadThreads({ PADAN_LOAD_THREADS: '16' })).toBe(16);
  });

  it.each(['two', '-1', '1.5', '17', '0x2', '1e1'])('refuses %j, naming the variable', (v) => {
    expect(() => loadThreads({ PADAN_LOAD_THREADS: v })).toThrow(PadanError);
    expect(() => loadThreads({ PADAN_LOAD_THREADS: v })).toThrow(`PADAN_LOAD_THREADS: "${v}" is not a number of threads from 0 to 16`);
  });

  it.each(['validate', 'reconcile'])('makes %s exit 2 with that one line before it reads anything', async (command) => {
    const io = memoryIo({ PADAN_LOAD_THREADS: 'all' }, ROOT);
    const args = command === 'reconcile' ? ['examples/padan.config.json', '--out', 'out/never-written'] : ['examples/padan.config.json'];
    const code = await main(['node', 'padan', command, ...args], io);
    expect(code).toBe(2);
    expect(io.stdout).toBe('');
    expect(io.stderr.trim()).toBe('padan: PADAN_LOAD_THREADS: "all" is not a number of threads from 0 to 16');
  });

  it('is listed in the help of the commands that load rosters', async () => {
    for (const command of ['validate', 'reconcile']) {
      const io = memoryIo({}, ROOT);
      await main(['node', 'padan', command, '--help'], io);
      expect(io.stdout).toMatch(/PADAN_LOAD_THREADS=N +threads reading the sources, 0-16/);
    }
  });
});
