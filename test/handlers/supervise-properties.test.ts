// No supervisor reply, reminder, late list or digest ever shows `undefined`, `null` or `NaN`,
// whatever the units' standings (every state, handed in or not, early, late, returned, imported)
// and whatever the supervisor types.
import test from 'ava';
import fc from 'fast-check';
import { digestText, lateText, reminderText } from '../../handlers/reminders.ts';
import { reportStanding, workingDays, type ReportState, type Standing } from '../../handlers/standing.ts';
import { handleSupervisorTurn, type UnitView } from '../../handlers/supervise.ts';
import type { Draft } from '../../handlers/turn.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';
import { formats } from '../../src/report/formats.ts';
import { runs } from '../support/runs.ts';

const days = workingDays(loadCalendar());
const NAMES = ['甲镇', '乙镇', '杨舍镇', '王店镇', '县民政局', '县市场监督管理局', '城东街道', '城西街道'];
const STATES: ReportState[] = ['none', 'draft', 'imported', 'submitted', 'returned', 'approved'];
const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-03-31T00:00:00Z') }).map((ms) => new Date(ms));
const cells = formats['2021'].cells.map((c) => c.id);

const progress: fc.Arbitrary<Standing> = fc.record({
  percent: fc.integer({ min: 0, max: 100 }), started: fc.boolean(), missing: fc.constantFrom('', '第三部分4行', '第五部分文字', '第二部分6行和第六部分文字'),
  minutes: fc.integer({ min: 0, max: 30 }), errors: fc.integer({ min: 0, max: 9 }),
  figures: fc.record({ received: fc.nat(500), concluded: fc.nat(500), carriedForward: fc.nat(50), reviews: fc.nat(9), suits: fc.nat(9) }),
});

const unit = (id: number, today: string): fc.Arbitrary<UnitView> => fc.record({
  state: fc.constantFrom(...STATES), deadline: fc.constantFrom('2026-01-20', '2026-01-31', '2026-03-31'),
  submittedAt: fc.option(instant, { nil: null }), first: fc.option(instant, { nil: undefined }), returnedAt: fc.option(instant, { nil: undefined }),
  progress, values: fc.dictionary(fc.constantFrom(...cells), fc.option(fc.nat(99), { nil: null }), { maxKeys: 12 }),
  remindedToday: fc.boolean(), urgedToday: fc.boolean(),
}).map((u) => {
  const draft: Draft = { status: u.state === 'none' || u.state === 'imported' ? 'draft' : u.state, report: { format: '2021', year: 2025, unit: NAMES[id], values: u.values, texts: {} } };
  return {
    id, name: NAMES[id], ...(u.state !== 'none' && { draft }), remindedToday: u.remindedToday, urgedToday: u.urgedToday,
    standing: reportStanding({ state: u.state, deadline: u.deadline, submittedAt: u.submittedAt, history: { ...(u.first && { firstSubmittedAt: u.first }), ...(u.returnedAt && { returnedAt: u.returnedAt }) }, progress: u.progress }, today, days),
  };
});

const command = fc.oneof(
  fc.constantFrom('进度', '汇总', '未交', '帮助', '导出', '催办', '催办 全部未交', '全部通过', '谁还没交？', '看看还有谁没交', '王店镇的报告有问题吗', '帮我催一下杨舍'),
  fc.tuple(fc.constantFrom('查看', '催办', '通过', '退回', '撤回退回', '下载', '查看'), fc.constantFrom(...NAMES, '城', '镇', '局', '不存在'), fc.constantFrom('', ' 全文', ' 数字有误 修改：第四部分', ' 原因')).map(([v, n, r]) => `${v} ${n}${r}`),
  fc.string({ maxLength: 20 }),
);

const BAD = /undefined|null|NaN/;

test('no supervisor reply, reminder, late list or digest shows undefined, null or NaN, for any standings and any command', (t) => {
  fc.assert(fc.property(
    fc.constantFrom('2026-01-13', '2026-01-20', '2026-01-26', '2026-02-27'), fc.integer({ min: 0, max: NAMES.length - 1 }), command,
    (today, count, text) => fc.assert(fc.property(fc.tuple(...Array.from({ length: count + 1 }, (_, i) => unit(i, today))), (units) => {
      const ctx = { supervisorUnit: '某县政务公开办', year: 2025, units, today };
      const texts = [
        ...handleSupervisorTurn(text, ctx).replies,
        digestText(ctx, { since: '2026-01-09', submitted: ['甲镇'], returned: [], approved: ['乙镇'], edited: 1 }),
        lateText('某县政务公开办', units.filter((u) => u.standing.overdue), today),
        ...units.filter((u) => !u.standing.handedIn).flatMap((u) => ['T-7', 'overdue', 'urge'].map((kind) => reminderText({ kind: kind as 'urge', unitName: u.name, year: 2025, today, standing: u.standing, from: '某县政务公开办' }))),
      ];
      for (const reply of texts) if (BAD.test(reply)) throw new Error(`${text} → ${reply}`);
    }), { numRuns: 5 }),
  ), { numRuns: runs(150) });
  t.pass();
});
