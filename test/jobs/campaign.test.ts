// A campaign driven on a fake clock from T-10 to T+3 over the fake WeCom: the scheduler's tick
// every 15 minutes, the officials and the supervisor receiving exactly the expected reminders,
// digests and the late list — on working days, in working hours, none after a unit submits, the
// snooze honoured. Expectations are written out by hand from the 2026 calendar.
import type { ExecutionContext } from 'ava';
import { Campaign } from '../../entities/campaign.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Reminder } from '../../entities/reminder.ts';
import { Unit } from '../../entities/unit.ts';
import { loadCalendar, shanghaiDate } from '../../src/calendar/working-calendar.ts';
import { EXPIRED } from '../../src/bot/outbox.ts';
import { runReminderTick } from '../../src/jobs/reminder-tick.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { clockAt, startWecomService, type WecomHarness } from '../support/wecom-service.ts';

const calendar = loadCalendar();
const plan = {
  supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const,
  units: [{ name: '甲镇', officialId: 'a' }, { name: '乙镇', officialId: 'b' }, { name: '丙镇', officialId: 'c' }, { name: '县统计局', officialId: 'd' }],
};
const shanghai = (iso: string) => new Date(`${iso}+08:00`);

async function started(t: ExecutionContext, database: TestDatabase, from: string): Promise<WecomHarness> {
  const h = await startWecomService(t, database, { plan, clock: clockAt(shanghai(from)) });
  await h.service.db.createQueryBuilder().update(Campaign).set({ deadlines: JSON.stringify({ default: '2026-01-20', 县级部门: '2026-02-26' }) }).execute();
  return h;
}

/** Tick every 15 minutes until `to`, running `events` at their times; what each tick sent, as `MM-DD HH:MM to: first words`. */
async function drive(h: WecomHarness, to: string, events: Record<string, () => Promise<void>> = {}): Promise<string[]> {
  const log: string[] = [];
  while (h.clock.now() < shanghai(to)) {
    const stamp = new Date(h.clock.now().getTime() + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');
    const event = events[stamp];
    if (event) {
      await event();
      await h.service.idle();
    }
    const before = h.fake.messages.length;
    for (const { channel, recipient } of await runReminderTick(h.service.db, h.clock.now(), calendar)) await h.service.dispatcher!.kick(channel, recipient);
    await h.service.idle();
    for (const m of h.fake.messages.slice(before)) log.push(`${stamp} ${String(m.touser)}: ${kindOf(String((m.text as { content: string }).content))}`);
    h.clock.advance(15 * 60_000);
  }
  return log;
}

function kindOf(text: string): string {
  if (text.startsWith('早上好')) return 'digest';
  if (/已过期限仍未提交/.test(text)) return `late ${/以下(\d+)个单位/.exec(text)![1]}`;
  const overdue = /已超过截止日期（.*?）(\d+)个工作日/.exec(text);
  if (overdue) return `overdue ${overdue[1]}`;
  const left = /还有(\d+)天/.exec(text);
  if (left) return `T-${left[1]}`;
  if (/今天（.*）是截止日期/.test(text)) return 'T0';
  return text.slice(0, 12);
}

forEachDatabase('from T-10 to T+3: reminders on the reminder days at 09:20, digests at 09:05, the late list the day after, nothing on weekends or at night, none after submitting, the snooze honoured', async (t, database) => {
  const h = await started(t, database, '2026-01-10T00:00'); // T-10, a Saturday
  const log = await drive(h, '2026-01-24T00:00', {
    // 乙镇 asks on its T-7 reminder to be reminded tomorrow (a day it would not otherwise be).
    '01-13 10:00': async () => void (await h.say('b', '明天再提醒我')),
    // 甲镇 submits on 01-15.
    '01-15 10:00': async () => {
      const unit = await h.service.db.manager.findOneByOrFail(Unit, { name: '甲镇' });
      await h.service.db.manager.insert(ReportRecord, { unitId: unit.id, campaignId: 1, year: 2025, format: '2021', status: 'submitted', values: '{}', reopened: null, version: 1, submittedAt: h.clock.now(), updatedAt: h.clock.now() });
    },
  });
  const towns = ['a', 'b', 'c'];
  const day = (date: string, kind: string, who = ['b', 'c']) => who.map((u) => `${date} 09:30 ${u}: ${kind}`);
  const digest = (date: string) => `${date} 09:15 demo-supervisor: digest`;
  t.deepEqual(log, [
    digest('01-12'),
    digest('01-13'), ...day('01-13', 'T-7', towns),
    digest('01-14'), '01-14 09:30 b: T-6',
    digest('01-15'),
    digest('01-16'), ...day('01-16', 'T-4'), // T-3 is Saturday 01-17: moved to Friday
    digest('01-19'), ...day('01-19', 'T-1'),
    digest('01-20'), ...day('01-20', 'T0'),
    digest('01-21'), ...day('01-21', 'overdue 1'), '01-21 09:30 demo-supervisor: late 2',
    digest('01-22'), ...day('01-22', 'overdue 2'),
    digest('01-23'), ...day('01-23', 'overdue 3'),
  ]);
  const snoozed = await h.service.db.manager.findOneByOrFail(Reminder, { kind: 'snooze' });
  t.is(shanghaiDate(snoozed.dueAt), '2026-01-14');
});

forEachDatabase('across the Spring Festival: a deadline of 02-26 reminds on the 调休 Saturday 02-14, never in the holiday, and on the working Saturday 02-28 too', async (t, database) => {
  const h = await started(t, database, '2026-02-14T00:00');
  const log = (await drive(h, '2026-03-02T00:00')).filter((line) => / d: | demo-supervisor: digest/.test(line));
  t.deepEqual(log, [
    '02-14 09:15 demo-supervisor: digest', '02-14 09:30 d: T-12',
    '02-24 09:15 demo-supervisor: digest',
    '02-25 09:15 demo-supervisor: digest', '02-25 09:30 d: T-1',
    '02-26 09:15 demo-supervisor: digest', '02-26 09:30 d: T0',
    '02-27 09:15 demo-supervisor: digest', '02-27 09:30 d: overdue 1',
    '02-28 09:15 demo-supervisor: digest', '02-28 09:30 d: overdue 2', // a 调休 working Saturday
  ]);
}, 'sqlite');

forEachDatabase('schedulers ticking at once send every reminder once', async (t, database) => {
  const h = await started(t, database, '2026-01-13T09:25');
  // Four at once: planning the same keys concurrently is where MySQL deadlocks (retried).
  const ticks = await Promise.all(Array.from({ length: 4 }, () => runReminderTick(h.service.db, h.clock.now(), calendar)));
  t.is(ticks.flat().length, 4, 'the three towns\' T-7 reminders and the digest, once each');
  const rows = await h.service.db.manager.find(Reminder, { order: { id: 'ASC' } });
  t.true(rows.every((r) => r.state === 'sent'));
  t.is(new Set(rows.map((r) => r.idempotencyKey)).size, rows.length);
});

forEachDatabase('a reminder due while the service was down is sent at start the same day, dropped the next day', async (t, database) => {
  const h = await started(t, database, '2026-01-13T08:00');
  t.is(await (await import('../../src/jobs/reminder-tick.ts')).planReminders(h.service.db, h.clock.now(), calendar), 4);
  h.clock.advance(8 * 3600_000); // 16:00: the service comes back the same day
  t.is((await runReminderTick(h.service.db, h.clock.now(), calendar)).length, 4);
  const h2 = await started(t, database, '2026-01-13T08:00');
  await (await import('../../src/jobs/reminder-tick.ts')).planReminders(h2.service.db, h2.clock.now(), calendar);
  h2.clock.advance(26 * 3600_000); // back the next morning at 10:00
  await runReminderTick(h2.service.db, h2.clock.now(), calendar);
  const dropped = await h2.service.db.manager.find(Reminder, { where: { state: 'dropped' } });
  t.is(dropped.length, 4);
  t.regex(dropped[0].note!, /已过期/);
});

forEachDatabase('a reminder held back past midnight (the app refused by WeCom until the next day) is given up, not sent late', async (t, database) => {
  const h = await started(t, database, '2026-01-13T09:25');
  h.fake.inject('message/send', { errcode: 60020 });
  for (const { channel, recipient } of await runReminderTick(h.service.db, h.clock.now(), calendar)) await h.service.dispatcher!.kick(channel, recipient);
  await h.service.idle();
  t.is(h.fake.messages.length, 0, 'the channel halted at its first send');
  const queued = await h.service.db.manager.find(OutboxMessage, { order: { id: 'ASC' } });
  t.is(queued.length, 4);
  t.true(queued.every((r) => r.expiresAt?.toISOString() === shanghai('2026-01-14T00:00').toISOString()), 'each is worth its day');

  h.clock.advance(24 * 3600_000); // fixed the next morning: the sweep finds them all past their day
  await h.service.dispatcher!.sweep();
  await h.service.idle();
  t.is(h.fake.messages.length, 0);
  const given = await h.service.db.manager.find(OutboxMessage);
  t.deepEqual(given.map((r) => [r.state, r.lastError]), given.map(() => ['failed', EXPIRED]));
});

forEachDatabase('reminders wait for the configured sending hours: due at 09:20, sent at 10:00 when the hours start at 10:00', async (t, database) => {
  const h = await started(t, database, '2026-01-13T09:30');
  const hours = { from: '10:00', to: '17:00' };
  t.deepEqual(await runReminderTick(h.service.db, h.clock.now(), calendar, hours), []);
  h.clock.advance(30 * 60_000);
  t.is((await runReminderTick(h.service.db, h.clock.now(), calendar, hours)).length, 4);
});
