// The reminder to a unit whose report is complete but not handed in (found by a tester: it read
// 「目前还差，约需0分钟」).
import test from 'ava';
import { reminderText } from '../../handlers/reminders.ts';
import type { ReportStanding } from '../../handlers/standing.ts';

const standing = (missing: string, minutes: number): ReportStanding => ({
  state: 'draft', handedIn: false, deadline: '2027-01-29', due: '2027-01-29', submittedAt: null, returnedAt: null, daysLate: 0, overdue: false,
  progress: { percent: minutes ? 80 : 100, started: true, missing, minutes, errors: 0, figures: { received: 0, concluded: 0, carriedForward: 0, reviews: 0, suits: 0 } },
});

test('a complete report not handed in is told so and how to submit; one with questions left is told what and how long', (t) => {
  const complete = reminderText({ kind: 'T-3', unitName: '钱集镇', year: 2026, today: '2027-01-26', standing: standing('', 0) });
  t.true(complete.includes('还有3天，内容已填写完整，尚未提交。回复“提交”即可提交。'), complete);
  t.false(complete.includes('约需0分钟'));
  const partial = reminderText({ kind: 'T-3', unitName: '钱集镇', year: 2026, today: '2027-01-26', standing: standing('第三部分4行', 8) });
  t.true(partial.includes('目前还差第三部分4行，约需8分钟。'), partial);
  t.true(partial.includes('直接回复即可从上次的位置继续填报。'));
});
