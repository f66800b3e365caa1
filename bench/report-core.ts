// The core of report checking: import + check of a real report, and checking many reports.
//   (a) importText + checkReport of seed 004 and of the largest seed (000): 200 warm-up
//       iterations, then 2,000 timed ones; mean (target < 5 ms) and p99 per iteration.
//   (b) checkReport over 10,000 synthetic reports, generated before timing: total (target < 2 s).
//   (c) heap used afterwards, for information.
import { readFileSync } from 'node:fs';
import { checkReport } from '../src/report/check.ts';
import { importText } from '../src/report/import/import-text.ts';
import { syntheticReports } from '../test/support/synthetic.ts';
import type { Row } from './index.ts';

const seeds = {
  '004': readFileSync(new URL('../../shared/seeds/004_941be4f5122c1a33.txt', import.meta.url), 'utf8'),
  '000 (largest)': readFileSync(new URL('../../shared/seeds/000_cc3b440ac1b55c30.txt', import.meta.url), 'utf8'),
};

const WARM_UP = 200;
const ITERATIONS = 2_000;
const SYNTHETIC = 10_000;

/** Defeats dead-code elimination: every result feeds it. */
let sink = 0;

function importAndCheck(text: string): void {
  const imported = importText(text);
  if (imported.kind !== 'imported') throw new Error(`seed failed to import: ${imported.reason}`);
  sink += checkReport(imported.report).length + imported.findings.length;
}

function timeIterations(fn: () => void): { mean: number; p99: number } {
  for (let i = 0; i < WARM_UP; i++) fn();
  const times = new Float64Array(ITERATIONS);
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    fn();
    times[i] = performance.now() - start;
  }
  const mean = times.reduce((a, b) => a + b, 0) / ITERATIONS;
  const sorted = times.slice().sort();
  return { mean, p99: sorted[Math.min(ITERATIONS - 1, Math.ceil(ITERATIONS * 0.99) - 1)] };
}

export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, text] of Object.entries(seeds)) {
    const { mean, p99 } = timeIterations(() => importAndCheck(text));
    rows.push({ name: `import+check seed ${name}, mean`, value: mean, unit: 'ms', target: '< 5 ms', ok: mean < 5 });
    rows.push({ name: `import+check seed ${name}, p99`, value: p99, unit: 'ms' });
  }

  const reports = syntheticReports(SYNTHETIC, 20240601);
  const start = performance.now();
  let findings = 0;
  for (const report of reports) findings += checkReport(report).length;
  const total = performance.now() - start;
  sink += findings;
  rows.push({ name: `check ${SYNTHETIC.toLocaleString('en')} synthetic reports, total`, value: total, unit: 'ms', target: '< 2000 ms', ok: total < 2000 });
  rows.push({ name: 'findings on the synthetic reports', value: findings, unit: 'findings' });

  rows.push({ name: 'heap used after', value: process.memoryUsage().heapUsed / 2 ** 20, unit: 'MiB' });
  if (sink < 0) console.log(sink);
  return rows;
}
