// The five seed reports filled by chat from an empty draft (test/transcripts/seed-00N.txt, user
// lines only), with last year's report carrying the seed's 上年结转 so that the prefill is used.
// The final draft must equal the seed's import, blank cells counted as 0, with identical texts.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { formats } from '../../src/report/formats.ts';
import { importText } from '../../src/report/import/import-text.ts';
import type { Report } from '../../src/report/report.ts';
import { readTranscript, say, session, stepOf } from './helpers.ts';

const seeds = {
  '000': { file: '000_cc3b440ac1b55c30.txt', goal: 20 },
  '001': { file: '001_5e19d69b53729175.txt', goal: 12 },
  '002': { file: '002_7afbdd925f005157.txt', goal: 12 },
  '003': { file: '003_8fc14f64dbb32946.txt', goal: 12 },
  '004': { file: '004_941be4f5122c1a33.txt', goal: 30 },
} as const;

function seedReport(file: string): Report {
  const result = importText(readFileSync(new URL(`../../../shared/seeds/${file}`, import.meta.url), 'utf8'));
  if (result.kind !== 'imported') throw new Error(`${file}: ${result.reason}`);
  return result.report;
}

/** Last year's report: 2019 format, year − 1, its 结转下年度 = the seed's 上年结转. */
function previousOf(seed: Report): Report {
  const values: Record<string, number> = {};
  for (const column of formats['2019'].requestColumns) {
    values[`requests.carriedForward.${column.key}`] = seed.values[`requests.carriedOver.${column.key}`] ?? 0;
  }
  return { format: '2019', year: seed.year - 1, unit: seed.unit, values, texts: {} };
}

for (const [id, { file, goal }] of Object.entries(seeds)) {
  test(`seed ${id}: the transcript fills the report from an empty draft and submits it`, (t) => {
    const seed = seedReport(file);
    const s = session({ format: '2019', year: seed.year, unit: seed.unit, previous: previousOf(seed) });
    let numbers = 0;
    let texts = 0;
    for (const line of readTranscript(new URL(`../transcripts/seed-${id}.txt`, import.meta.url))) {
      if (stepOf(s).startsWith('texts.')) texts++;
      else numbers++;
      say(s, line);
      t.true(s.last!.replies.every((r) => r.length > 0));
    }
    t.log(`seed ${id}: ${numbers} messages for the numbers and commands (goal ≤ ${goal}), ${texts} text messages`);
    t.true(numbers <= goal, `${numbers} messages, goal ${goal}`);
    t.is(s.draft.status, 'submitted');

    // Seed 004 prints （七）总计 with the 4 pending applications of 法律服务机构 counted twice; the bot computes it.
    const expected: Record<string, number> = {};
    for (const cell of formats['2019'].cells) expected[cell.id] = seed.values[cell.id] ?? 0;
    if (id === '004') Object.assign(expected, { 'requests.total.legalService': 0, 'requests.total.total': 21 });
    const actual = Object.fromEntries(formats['2019'].cells.map((c) => [c.id, s.draft.report.values[c.id] ?? 0]));
    t.deepEqual(actual, expected);
    for (const key of ['overview', 'problems', 'other'] as const) t.is(s.draft.report.texts[key], seed.texts[key], key);
  });
}
