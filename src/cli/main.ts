#!/usr/bin/env node
import { main } from './program.js';

// A reader that stops early (`stackwarden scan | head`) closes the pipe: the rest of the output has nowhere to go,
// which is not an error of the run. Drop it quietly; the exit code stays the run's.
let closed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  closed = true;
});

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (s) => {
    if (!closed) process.stdout.write(s);
  },
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stdout.isTTY === true,
  ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  stderrIsTTY: process.stderr.isTTY === true,
});
