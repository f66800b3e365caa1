// The five seed reports filled by chat from an empty draft (test/transcripts/seed-00N.txt, user
// lines only), with last year's report carrying the seed's 上年结转 so that the prefill is used.
// The final draft must equal the seed's import, blank cells counted as 0, with identical texts.
import test from 'ava';
import { formats } from '../../src/report/formats.ts';
import { readTranscript, say, session, stepOf } from './helpers.ts';
import { expectedValues, previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';

for (const [id, { file, goal }] of Object.entries(seedTranscripts)) {
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

    const expected = expectedValues(id, seed);
    const actual = Object.fromEntries(formats['2019'].cells.map((c) => [c.id, s.draft.report.values[c.id] ?? 0]));
    t.deepEqual(actual, expected);
    for (const key of ['overview', 'problems', 'other'] as const) t.is(s.draft.report.texts[key], seed.texts[key], key);
  });
}
