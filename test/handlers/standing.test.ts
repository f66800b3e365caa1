import test from 'ava';
import { standingOf } from '../../handlers/standing.ts';
import { formats } from '../../src/report/formats.ts';
import type { Draft } from '../../handlers/turn.ts';

const draft = (values: Record<string, number>, texts: Draft['report']['texts'] = {}): Draft => ({ status: 'draft', report: { format: '2021', year: 2025, unit: '杨舍镇', values, texts } });
const zeros = (prefix: string) => Object.fromEntries(formats['2021'].cells.filter((c) => c.id.startsWith(prefix)).map((c) => [c.id, 0]));

test('a report not started misses everything and says so in the order it is asked', (t) => {
  const s = standingOf(draft({}));
  t.is(s.started, false);
  t.is(s.percent, 0);
  t.is(s.missing, '第二部分6行、第三部分24行、第四部分3行、第一部分文字、第五部分文字和第六部分文字');
  t.true(s.minutes >= 10);
});

test('a report with its tables done misses only its texts, about six minutes', (t) => {
  const s = standingOf(draft({ ...zeros('active.'), ...zeros('requests.'), ...zeros('appeals.') }, { overview: '本年度，我镇认真贯彻落实政府信息公开条例，主动公开政府信息。' }));
  t.is(s.started, true);
  t.is(s.missing, '第五部分文字和第六部分文字');
  t.is(s.minutes, 4);
  t.is(s.errors, 0);
});

test('the key figures are read from the totals', (t) => {
  const s = standingOf(draft({ 'requests.received.total': 9, 'requests.total.total': 8, 'requests.carriedForward.total': 1, 'appeals.review.total': 2, 'appeals.directSuit.total': 1, 'appeals.suitAfterReview.total': 1 }));
  t.deepEqual(s.figures, { received: 9, concluded: 8, carriedForward: 1, reviews: 2, suits: 2 });
});

test('a missing outcome row counts as one row, as the official\'s 进度 counts it, not as the whole outcome block', (t) => {
  const filled = { ...zeros('active.'), ...zeros('requests.'), ...zeros('appeals.') };
  for (const row of ['granted', 'partlyGranted']) for (const id of Object.keys(filled).filter((k) => k.startsWith(`requests.${row}.`))) delete filled[id];
  const s = standingOf(draft(filled, { overview: '本年度，我镇认真贯彻落实政府信息公开条例，主动公开政府信息。', problems: '存在的主要问题是公开内容不够全面，下一步将加强培训。', other: '本年度未收取信息处理费。' }));
  t.is(s.missing, '第三部分2行');
});
