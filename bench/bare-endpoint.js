#!/usr/bin/env node
// The ceiling of `npm run bench`'s callback figures: a Koa server that only reads the body,
// verifies, decrypts and parses a WeCom callback (with the service's own code), then answers 200.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { startBareEndpoint } = await import('./bare-endpoint-app.ts');
await startBareEndpoint(process.env);
