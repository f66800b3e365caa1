import test from 'ava';
import { reportStanding, standingOf, workingDays, type ReportState, type StatusHistory } from '../../handlers/standing.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';
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

test('lateness: by the submission time in working days; a return gives 3 working days from the return, never before the deadline; an import counts as on time', (t) => {
  const days = workingDays(loadCalendar());
  const at = (iso: string) => new Date(`${iso}+08:00`);
  const progress = standingOf(draft({}));
  const standing = (state: ReportState, submittedAt: string | null, history: StatusHistory, today: string) => {
    const s = reportStanding({ state, deadline: '2026-01-20', submittedAt: submittedAt ? at(submittedAt) : null, history, progress }, today, days);
    return [s.due, s.daysLate, s.overdue];
  };
  t.deepEqual(standing('submitted', '2026-01-15T10:00', {}, '2026-02-02'), ['2026-01-20', 0, false], 'five days early stays on time');
  t.deepEqual(standing('submitted', '2026-01-22T10:00', {}, '2026-02-02'), ['2026-01-20', 2, false]);
  t.deepEqual(standing('draft', null, {}, '2026-01-26'), ['2026-01-20', 4, true], 'a weekend is not counted');
  t.deepEqual(standing('returned', '2026-01-19T10:00', { returnedAt: at('2026-01-26T10:00') }, '2026-01-28'), ['2026-01-29', 0, false], 'returned after the deadline: due 3 working days later');
  t.deepEqual(standing('returned', '2026-01-19T10:00', { returnedAt: at('2026-01-26T10:00') }, '2026-02-02'), ['2026-01-29', 2, true]);
  t.deepEqual(standing('returned', '2026-01-13T10:00', { returnedAt: at('2026-01-14T10:00') }, '2026-01-19'), ['2026-01-20', 0, false], 'returned early: still due on the deadline');
  t.deepEqual(standing('submitted', '2026-01-28T10:00', { firstSubmittedAt: at('2026-01-28T10:00'), returnedAt: at('2026-01-26T10:00'), importedFirst: true }, '2026-02-02'), ['2026-01-29', 0, false], 'an import returned and resubmitted in time is on time');
  t.deepEqual(standing('imported', null, {}, '2026-02-02'), ['2026-01-20', 0, false]);
});
