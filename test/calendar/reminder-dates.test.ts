import test from 'ava';
import { dayOffNote } from '../../handlers/reminders.ts';
import { escalationDay, inQuietHours, lastWorkingDayIfOff, reminderDays } from '../../src/calendar/reminder-dates.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';

const calendar = loadCalendar();

test('a Tuesday deadline: T-7, T-3 moved from Saturday to Friday, T-1, T0, then one overdue day per working day', (t) => {
  t.deepEqual(reminderDays('2026-01-20', calendar, '2026-01-23'), [
    { date: '2026-01-13', kind: 'T-7' },
    { date: '2026-01-16', kind: 'T-3' },
    { date: '2026-01-19', kind: 'T-1' },
    { date: '2026-01-20', kind: 'T0' },
    { date: '2026-01-21', kind: 'overdue', overdueDays: 1 },
    { date: '2026-01-22', kind: 'overdue', overdueDays: 2 },
    { date: '2026-01-23', kind: 'overdue', overdueDays: 3 },
  ]);
});

test('overdue days skip the weekend and count working days, not calendar days', (t) => {
  t.deepEqual(reminderDays('2026-01-20', calendar, '2026-01-27').slice(4), [
    { date: '2026-01-21', kind: 'overdue', overdueDays: 1 },
    { date: '2026-01-22', kind: 'overdue', overdueDays: 2 },
    { date: '2026-01-23', kind: 'overdue', overdueDays: 3 },
    { date: '2026-01-26', kind: 'overdue', overdueDays: 4 },
    { date: '2026-01-27', kind: 'overdue', overdueDays: 5 },
  ]);
});

test('a deadline right after the Spring Festival of 2026: T-7, T-3 and T-1 all move to 调休 Saturday 14 February, where T-1 stays', (t) => {
  t.deepEqual(reminderDays('2026-02-24', calendar, '2026-03-02'), [
    { date: '2026-02-14', kind: 'T-1' },
    { date: '2026-02-24', kind: 'T0' },
    { date: '2026-02-25', kind: 'overdue', overdueDays: 1 },
    { date: '2026-02-26', kind: 'overdue', overdueDays: 2 },
    { date: '2026-02-27', kind: 'overdue', overdueDays: 3 },
    { date: '2026-02-28', kind: 'overdue', overdueDays: 4 },
    { date: '2026-03-02', kind: 'overdue', overdueDays: 5 },
  ]);
});

test('a deadline on a Sunday: T0 and T-1 both move to Friday, where T0 stays; the first overdue day is Monday', (t) => {
  t.deepEqual(reminderDays('2026-01-25', calendar, '2026-01-27'), [
    { date: '2026-01-16', kind: 'T-7' },
    { date: '2026-01-22', kind: 'T-3' },
    { date: '2026-01-23', kind: 'T0' },
    { date: '2026-01-26', kind: 'overdue', overdueDays: 1 },
    { date: '2026-01-27', kind: 'overdue', overdueDays: 2 },
  ]);
});

test('a deadline on 调休 Saturday 28 February 2026 stays there; T-7 in the Spring Festival moves to 调休 Saturday 14 February', (t) => {
  t.deepEqual(reminderDays('2026-02-28', calendar, '2026-03-03'), [
    { date: '2026-02-14', kind: 'T-7' },
    { date: '2026-02-25', kind: 'T-3' },
    { date: '2026-02-27', kind: 'T-1' },
    { date: '2026-02-28', kind: 'T0' },
    { date: '2026-03-02', kind: 'overdue', overdueDays: 1 },
    { date: '2026-03-03', kind: 'overdue', overdueDays: 2 },
  ]);
});

test('a deadline before National Day 2026: the week-long holiday is not counted as overdue', (t) => {
  t.deepEqual(reminderDays('2026-09-30', calendar, '2026-10-09'), [
    { date: '2026-09-23', kind: 'T-7' },
    { date: '2026-09-24', kind: 'T-3' },
    { date: '2026-09-29', kind: 'T-1' },
    { date: '2026-09-30', kind: 'T0' },
    { date: '2026-10-08', kind: 'overdue', overdueDays: 1 },
    { date: '2026-10-09', kind: 'overdue', overdueDays: 2 },
  ]);
});

test('no reminder comes after until: on the deadline no overdue day yet, before it only the reminders already due', (t) => {
  t.deepEqual(reminderDays('2026-01-20', calendar, '2026-01-20').map((d) => d.kind), ['T-7', 'T-3', 'T-1', 'T0']);
  t.deepEqual(reminderDays('2026-01-20', calendar, '2026-01-16'), [
    { date: '2026-01-13', kind: 'T-7' },
    { date: '2026-01-16', kind: 'T-3' },
  ]);
  t.deepEqual(reminderDays('2026-01-20', calendar, '2026-01-01'), []);
});

test('a malformed until is refused rather than compared as text', (t) => {
  t.throws(() => reminderDays('2026-01-20', calendar, '2026-1-23'), { instanceOf: RangeError, message: 'calendar: "2026-1-23" is not a date YYYY-MM-DD' });
});

test('the supervisor is told on the first working day after the deadline', (t) => {
  t.is(escalationDay('2026-01-20', calendar), '2026-01-21');
  t.is(escalationDay('2026-01-23', calendar), '2026-01-26');
  t.is(escalationDay('2026-02-13', calendar), '2026-02-14');
  t.is(escalationDay('2026-02-14', calendar), '2026-02-24');
  t.is(escalationDay('2025-09-30', calendar), '2025-10-09');
  t.deepEqual(reminderDays('2026-01-25', calendar, escalationDay('2026-01-25', calendar)).at(-1),
    { date: '2026-01-26', kind: 'overdue', overdueDays: 1 });
});

/** Quiet or not at each given Shanghai time on a date, from UTC instants written out (Shanghai = UTC+8). */
const quietAt = (utcDate: string, utcTimes: string[], window?: { from: string; to: string }): boolean[] =>
  utcTimes.map((time) => inQuietHours(new Date(`${utcDate}T${time}:00Z`), calendar, window));

// 08:59, 09:00, 17:59 and 18:00 in Shanghai are 00:59, 01:00, 09:59 and 10:00 UTC on the same date.
const EDGES = ['00:59', '01:00', '09:59', '10:00'];

test('on a working day (Tuesday 20 January 2026) 09:00–17:59 is working time, 08:59 and 18:00 are quiet', (t) => {
  t.deepEqual(quietAt('2026-01-20', EDGES), [true, false, false, true]);
});

test('on a Saturday every hour is quiet', (t) => {
  t.deepEqual(quietAt('2026-01-24', EDGES), [true, true, true, true]);
});

test('on 调休 Saturday 14 February 2026 working hours apply as on a weekday', (t) => {
  t.deepEqual(quietAt('2026-02-14', EDGES), [true, false, false, true]);
});

test('on a holiday weekday (Monday 16 February 2026, 春节) every hour is quiet', (t) => {
  t.deepEqual(quietAt('2026-02-16', EDGES), [true, true, true, true]);
});

test('the Shanghai day decides, not the UTC day: 16:30 UTC Monday is 00:30 Tuesday, and 16:30 UTC Friday is early Saturday', (t) => {
  t.true(inQuietHours(new Date('2026-01-19T16:30:00Z'), calendar));
  t.false(inQuietHours(new Date('2026-01-23T09:59:00Z'), calendar));
  t.true(inQuietHours(new Date('2026-01-23T16:30:00Z'), calendar));
  // 01:30 UTC on Sunday 25 January is 09:30 on Sunday in Shanghai, 01:30 UTC on 调休 Sunday 4 January is 09:30 at work.
  t.true(inQuietHours(new Date('2026-01-25T01:30:00Z'), calendar));
  t.false(inQuietHours(new Date('2026-01-04T01:30:00Z'), calendar));
});

test('a custom window moves the edges to the minute', (t) => {
  // 08:29, 08:30, 17:29, 17:30 in Shanghai.
  t.deepEqual(quietAt('2026-01-20', ['00:29', '00:30', '09:29', '09:30'], { from: '08:30', to: '17:30' }), [true, false, false, true]);
});

test('an empty window is refused', (t) => {
  t.throws(() => inQuietHours(new Date('2026-01-20T02:00:00Z'), calendar, { from: '18:00', to: '09:00' }),
    { instanceOf: RangeError, message: 'inQuietHours: the window 18:00–09:00 is empty' });
});

test('a deadline on a day off names the last working day before it: a Sunday, a Saturday after a 调休 Friday, a holiday on a weekday', (t) => {
  const note = (due: string) => dayOffNote(due, lastWorkingDayIfOff(due, calendar));
  t.is(note('2027-01-31'), '截止日1月31日为周日，请于1月29日（周五）前提交。');
  t.is(note('2026-01-31'), '截止日1月31日为周六，请于1月30日（周五）前提交。');
  // 2026-02-19 is a Thursday of the Spring Festival; the 调休 Saturday 02-14 is the last day worked before it.
  t.is(note('2026-02-19'), '截止日2月19日为法定节假日，请于2月14日（周六）前提交。');
  t.is(note('2026-01-20'), '');
  t.is(lastWorkingDayIfOff('2026-01-20', calendar), undefined);
});
