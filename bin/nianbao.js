#!/usr/bin/env node
// The nianbao command (src/cli/main.ts), from dist/ when built (see entry.js).
import { importEntry } from './entry.js';

// `nianbao show FILE | head`: the reader left; stop quietly instead of dying on EPIPE.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await importEntry('src/cli/main');
process.exitCode = await main(process.argv.slice(2));
