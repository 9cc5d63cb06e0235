#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
import { main } from '../dist/cli/main.js';

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
