import { PadanError } from '../domain/errors.js';

/** Everything the CLI touches of the process, so commands can run in-process in tests. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** stdout is a terminal (colour allowed unless NO_COLOR). */
  stdoutTTY: boolean;
  /** stderr is a terminal (progress shown only then). */
  stderrTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    stdoutTTY: Boolean(process.stdout.isTTY),
    stderrTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Captures output; for tests. */
export function memoryIo(env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(s: string) {
      io.stdout += s;
    },
    err(s: string) {
      io.stderr += s;
    },
    stdoutTTY: false,
    stderrTTY: false,
    env,
    cwd,
  };
  return io;
}

/** Most load threads PADAN_LOAD_THREADS may ask for. */
const MAX_LOAD_THREADS = 16;

/**
 * PADAN_LOAD_THREADS: how many worker threads read the sources (0 = all on the main thread, which
 * needs less memory); unset, padan decides (see loadSources). For shared servers, and to measure
 * what the load workers are worth on a machine.
 */
export function loadThreads(env: NodeJS.ProcessEnv): number | undefined {
  const v = env.PADAN_LOAD_THREADS;
  const digits = v?.trim() ?? '';
  if (digits === '') return undefined;
  // decimal digits only: Number() would also take '0x2' and '1e1'
  if (!/^\d+$/.test(digits) || Number(digits) > MAX_LOAD_THREADS) {
    throw new PadanError(`PADAN_LOAD_THREADS: "${v}" is not a number of threads from 0 to ${MAX_LOAD_THREADS}`);
  }
  return Number(digits);
}

/** The environment variables padan reads, for the heavy commands' --help. */
export const ENVIRONMENT_HELP =
  '\nEnvironment:\n' +
  '  PADAN_LANG=en|id        language of messages (when --lang is not given)\n' +
  '  PADAN_HEAP_MB=N         JavaScript heap in MB (default: 75% of RAM)\n' +
  `  PADAN_LOAD_THREADS=N    threads reading the sources, 0-${MAX_LOAD_THREADS} (default: up to 2; 0 uses the least memory)\n`;
