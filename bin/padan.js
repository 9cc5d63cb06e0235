#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
import { spawn } from 'node:child_process';
import { constants, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { fileURLToPath } from 'node:url';

// Node caps the JS heap near 4 GB whatever the machine has. Names and addresses of a province's
// tens of millions of rows live on that heap (numeric columns are typed arrays, off-heap), so the
// big commands re-run themselves once with a heap sized to the machine. PADAN_HEAP_MB overrides.
const HEAVY = new Set(['reconcile', 'validate', 'explain']);
const wantMb = Number(process.env.PADAN_HEAP_MB) || Math.floor((totalmem() / 2 ** 20) * 0.75);
const haveMb = getHeapStatistics().heap_size_limit / 2 ** 20;
const alreadySized = process.execArgv.some((a) => a.startsWith('--max-old-space-size')) || /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '');
if (HEAVY.has(process.argv[2]) && !alreadySized && !process.env.PADAN_CHILD && wantMb > haveMb * 1.25) {
  const child = spawn(process.execPath, [`--max-old-space-size=${wantMb}`, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PADAN_CHILD: '1' },
  });
  // A scheduler's SIGTERM to padan must stop the real run too.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('error', (err) => {
    console.error(`padan: could not start with a larger heap (${err.message}); set PADAN_HEAP_MB or NODE_OPTIONS`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 15)));
} else {
  await run();
}

async function run() {
  const { main } = await import('../dist/cli/main.js');

  // `padan ... | head` closes the pipe early: that is the reader's choice, not an error (exit 0).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }

  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      // Anything reaching here is a bug in padan, not bad user data: show it for a bug report.
      console.error('padan: internal error (please report):', err);
      process.exitCode = 3;
    },
  );
}
