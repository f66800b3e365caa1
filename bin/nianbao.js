#!/usr/bin/env node
// The nianbao command: TypeScript sources run through tsx, so there is no build step. The
// repository's tsconfig is named explicitly: run from another directory, tsx would not find it
// and would compile the TypeORM decorators the wrong way.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
// `nianbao show FILE | head`: the reader left; stop quietly instead of dying on EPIPE.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
