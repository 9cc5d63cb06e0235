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
