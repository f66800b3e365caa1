// The five seed reports as chat transcripts (test/transcripts/seed-00N.txt, user lines only),
// with what they must produce: the seed's import, and last year's report whose 结转下年度 is
// the seed's 上年结转 so that the prefill is used.
import { readFileSync } from 'node:fs';
import { formats } from '../../src/report/formats.ts';
import { importText } from '../../src/report/import/import-text.ts';
import type { Report } from '../../src/report/report.ts';

/** Each seed's transcript, its seed file, and the goal for its messages (text messages apart). */
export const seedTranscripts = {
  '000': { file: '000_cc3b440ac1b55c30.txt', goal: 20 },
  '001': { file: '001_5e19d69b53729175.txt', goal: 12 },
  '002': { file: '002_7afbdd925f005157.txt', goal: 12 },
  '003': { file: '003_8fc14f64dbb32946.txt', goal: 12 },
  '004': { file: '004_941be4f5122c1a33.txt', goal: 30 },
} as const;

/** The seed as imported. */
export function seedReport(file: string): Report {
  const result = importText(readFileSync(new URL(`../../../shared/seeds/${file}`, import.meta.url), 'utf8'));
  if (result.kind !== 'imported') throw new Error(`${file}: ${result.reason}`);
  return result.report;
}

/** Last year's report: 2019 format, year − 1, its 结转下年度 = the seed's 上年结转. */
export function previousOf(seed: Report): Report {
  const values: Record<string, number> = {};
  for (const column of formats['2019'].requestColumns) {
    values[`requests.carriedForward.${column.key}`] = seed.values[`requests.carriedOver.${column.key}`] ?? 0;
  }
  return { format: '2019', year: seed.year - 1, unit: seed.unit, values, texts: {} };
}

/**
 * What filing the seed by chat must store: every cell as printed, blank as 0 — except seed 004,
 * whose printed （七）总计 counts the 4 pending applications of 法律服务机构 twice; the bot computes it.
 */
export function expectedValues(id: string, seed: Report): Record<string, number> {
  const expected: Record<string, number> = {};
  for (const cell of formats['2019'].cells) expected[cell.id] = seed.values[cell.id] ?? 0;
  if (id === '004') Object.assign(expected, { 'requests.total.legalService': 0, 'requests.total.total': 21 });
  return expected;
}
