// Issue 16's acceptance for the calendar: the 2026 reports are due on 31 January 2027, a Sunday,
// in a year the code ships no calendar for. Walked day by day from 18 January to 23 February
// 2027 with the scheduler's own refresh of the calendar on each tick: the first digest says the
// 2027 calendar is missing (once); the admin then sets it from a notice text while the service
// runs; the reminders before the deadline land on Friday 22 and 29 January and name Friday 29
// January as the last working day; the late ones skip the Spring Festival and land on the 调休
// Sunday 21 February, every message asserted by day. The notice is made up for the test (the
// real 2027 notice is not in the repository): 春节 5–12 February, 20 and 21 February worked.
import { CellChange } from '../../entities/cell-change.ts';
import { Campaign } from '../../entities/campaign.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { campaignStatus } from '../../src/admin/campaigns.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { storeReport } from '../../src/bot/store-report.ts';
import { createEngine } from '../../src/bot/engine.ts';
import { openLiveCalendar, saveCalendarYear } from '../../src/bot/calendar-store.ts';
import { readCalendarText } from '../../src/calendar/read-calendar-text.ts';
import { addDays } from '../../src/calendar/working-calendar.ts';
import { runReminderTick } from '../../src/jobs/reminder-tick.ts';
import { forEachDatabase } from '../support/databases.ts';
import { reportOf, shanghai } from '../support/supervision.ts';
import { storedText } from '../support/outbox-rows.ts';

const NOTICE_2027 = `国务院办公厅关于2027年部分节假日安排的通知（测试用，非正式文本）
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月20日（周六）、2月21日（周日）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。`;

const DAY_OFF = '截止日1月31日为周日，请于1月29日（周五）前提交。';

/** A message in a word: the reminder's days left or late, a digest (and whether it says the calendar is missing), the late list. */
function kindOf(text: string): string {
  if (text.startsWith('早上好')) return text.includes('2027年节假日安排尚未设置') ? 'digest, calendar missing' : 'digest';
  if (/已过期限仍未提交/.test(text)) return `late ${/以下(\d+)个单位/.exec(text)![1]}`;
  const overdue = /已超过截止日期（1月31日）(\d+)个工作日/.exec(text);
  if (overdue) return `overdue ${overdue[1]}`;
  const left = /还有(\d+)天/.exec(text);
  if (left) return `${text.startsWith('某县政务公开办提醒您：') ? 'urge ' : ''}T-${left[1]}`;
  return text.slice(0, 16);
}

forEachDatabase('a 2027 campaign due on Sunday 31 January: the calendar set from a notice while running moves every reminder to the right working day', async (t, database) => {
  const db = await database.open(t);
  await setUpDemo(db, { supervisingUnit: '某县政务公开办', year: 2026, format: '2021', units: [{ name: '甲镇', officialId: 'a' }, { name: '乙镇', officialId: 'b' }] });
  await db.manager.update(Campaign, { year: 2026 }, { deadlines: JSON.stringify({ default: '2027-01-31' }) });
  // The scheduler's calendar: read again from the database on each tick.
  const live = await openLiveCalendar(db);
  t.false(live.covers(2027));
  const clock = { at: shanghai('2027-01-18T09:00') };
  // The engine is given the same calendar, as the service does: a 催办 says the same of the deadline.
  const engine = createEngine(db, { now: () => clock.at, calendar: live });

  const events: Record<string, () => Promise<void>> = {
    '01-26 10:00': async () => void t.is((await engine.handle({ key: 'urge', userId: 'demo-supervisor', text: '催办 甲镇', receivedAt: clock.at })).replies.join('\n'),
      '已向1个单位发出催办：\n· 甲镇（1名填报人）：截止1月31日，还有5天'),
    // The admin pastes the notice into a file: `nianbao calendar set 2027 通知.txt`.
    '01-27 17:00': async () => {
      const reading = readCalendarText(2027, NOTICE_2027);
      if (reading.kind !== 'ok') throw new Error(reading.errors.join('\n'));
      t.is(await saveCalendarYear(db, reading.calendar, NOTICE_2027, shanghai('2027-01-27T17:00')), undefined);
    },
    '01-28 10:00': async () => {
      const unit = await db.manager.findOneByOrFail(Unit, { name: '乙镇' });
      await storeReport(db, unit.id, { ...reportOf('乙镇'), year: 2026 }, 2026, 'submitted');
      const record = await db.manager.findOneByOrFail(ReportRecord, { unitId: unit.id, year: 2026 });
      await db.manager.update(ReportRecord, { id: record.id }, { campaignId: 1, submittedAt: shanghai('2027-01-28T10:00') });
      await db.manager.insert(CellChange, { reportId: record.id, cell: 'status', oldValue: '"draft"', newValue: '"submitted"', memberId: null, messageKey: null, at: shanghai('2027-01-28T10:00') });
    },
  };
  const log: string[] = [];
  const texts: { md: string; recipient: string; text: string }[] = [];
  for (let day = '2027-01-18'; day <= '2027-02-23'; day = addDays(day, 1)) {
    const md = day.slice(5);
    for (const time of ['09:00', '09:30', '10:00', '17:00']) {
      const at = shanghai(`${day}T${time}`);
      clock.at = at;
      await events[`${md} ${time}`]?.();
      if (time === '09:00' || time === '09:30') await runReminderTick(db, at, await live.refresh());
    }
    for (const row of (await db.manager.find(OutboxMessage, { where: { kind: 'text' }, order: { id: 'ASC' } })).slice(texts.length)) {
      const text = storedText(row);
      texts.push({ md, recipient: row.recipient, text });
      log.push(`${md} ${row.recipient}: ${kindOf(text)}`);
    }
  }

  const working = ['01-18', '01-19', '01-20', '01-21', '01-22', '01-25', '01-26', '01-27', '01-28', '01-29', '02-01', '02-02', '02-03', '02-04',
    '02-15', '02-16', '02-17', '02-18', '02-19', '02-20', '02-21', '02-22', '02-23'];
  const expected = [
    ...working.map((md) => `${md} demo-supervisor: ${md === '01-18' ? 'digest, calendar missing' : 'digest'}`),
    '02-01 demo-supervisor: late 1',
    // T-7 (Sunday 24th) on Friday 22nd; T-1 (Saturday) and T0 (Sunday) both on Friday 29th, as T0.
    '01-22 a: T-9', '01-26 a: urge T-5', '01-28 a: T-3', '01-29 a: T-2',
    // Daily for five working days late, then every 2nd: not in the Spring Festival, on the 调休 Sunday.
    '02-01 a: overdue 1', '02-02 a: overdue 2', '02-03 a: overdue 3', '02-04 a: overdue 4', '02-15 a: overdue 5', '02-17 a: overdue 7', '02-19 a: overdue 9', '02-21 a: overdue 11', '02-23 a: overdue 13',
    '01-22 b: T-9', '01-28 b: T-3',
  ];
  const sorted = (lines: string[]) => [...lines].sort();
  t.deepEqual(sorted(log), sorted(expected));
  // Every reminder before the deadline, and every digest before it, names the real last working day.
  const before = texts.filter((m) => /还有\d+天/.test(m.text));
  t.is(before.length, 6);
  t.true(before.every((m) => m.text.includes(`尚未开始填报，全部完成约需`) && m.text.includes(`。${DAY_OFF}直接回复即可从上次的位置继续填报。`)));
  const digests = texts.filter((m) => m.recipient === 'demo-supervisor' && m.text.startsWith('早上好') && m.md <= '01-29');
  t.is(digests.length, 10);
  t.true(digests.every((m) => m.text.includes(`下一个截止日期：1月31日，`) && m.text.endsWith(DAY_OFF) || m.text.includes(`${DAY_OFF}\n提示：`)));
  t.is(texts.find((m) => m.md === '01-18' && m.recipient === 'demo-supervisor')!.text.split('\n').at(-1),
    '提示：2027年节假日安排尚未设置，本任务的提醒日期和逾期工作日暂按无调休计算（周六、周日休息，周一至周五上班）。国务院办公厅发布通知后，请管理员运行 nianbao calendar set 2027 通知文件 设置。');
  // After the deadline, firmer and without the note.
  t.false(texts.some((m) => m.md >= '02-01' && m.text.includes(DAY_OFF)));
  // campaign status, given no calendar, reads the one in force: 13 working days late, not the weekday rule's 17.
  const status = await campaignStatus(db, { now: shanghai('2027-02-23T17:00') });
  if (status.kind !== 'status') throw new Error(status.kind);
  t.deepEqual(status.units.map((u) => [u.name, u.daysLate]), [['甲镇', 13], ['乙镇', 0]]);
});
