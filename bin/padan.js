#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
import { main } from '../dist/cli/main.js';

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
