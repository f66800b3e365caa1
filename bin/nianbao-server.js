#!/usr/bin/env node
// The service (`npm start`, PM2): src/main.ts through tsx with the repository's tsconfig, as
// bin/nianbao.js runs the CLI, so that it starts the same from any working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/main.ts');
