#!/usr/bin/env node
// The service (`npm start`, PM2): src/main.ts, from dist/ when built (see entry.js), so that it
// starts the same from any working directory.
import { importEntry } from './entry.js';

await importEntry('src/main');
