// When a unit that has not submitted is reminded, and when it may be messaged at all. Pure: the
// calendar and the instant are passed in.
import { addDays, shanghaiDate, shanghaiTime, type WorkingCalendar } from './working-calendar.ts';

/** Which reminder a day carries: days before the deadline, the deadline itself, or late. */
export type ReminderKind = 'T-7' | 'T-3' | 'T-1' | 'T0' | 'overdue';

/** One reminder day; overdueDays (overdue only) counts working days late, the first working day after the deadline being 1. */
export interface ReminderDay {
  date: string;
  kind: ReminderKind;
  overdueDays?: number;
}

/** Working hours in Shanghai wall-clock time, HH:MM; `to` is the first quiet minute. */
export interface QuietWindow {
  from: string;
  to: string;
}

// In order: a later kind overwrites an earlier one moved onto the same day.
const BEFORE: readonly [Exclude<ReminderKind, 'overdue'>, number][] = [['T-7', 7], ['T-3', 3], ['T-1', 1], ['T0', 0]];

/** A late unit's reminder days up to `until`, in order: T-7, T-3, T-1, T0 (a day off moves back to a working day), then each working day overdue. */
export function reminderDays(deadline: string, calendar: WorkingCalendar, until: string): ReminderDay[] {
  addDays(until, 0); // throws on a malformed date, which the string comparisons below would misread
  const before = new Map<string, ReminderKind>();
  for (const [kind, days] of BEFORE) {
    // Back, never forward: a reminder is never later than intended. Of two on one day the later kind stays.
    const date = addDays(deadline, -days);
    before.set(calendar.isWorkingDay(date) ? date : calendar.previousWorkingDay(date), kind);
  }
  // Moving back keeps the order (a later target never lands before an earlier one), so the map is sorted.
  const result: ReminderDay[] = [...before].map(([date, kind]) => ({ date, kind }));
  for (let date = calendar.nextWorkingDay(deadline), n = 1; date <= until; date = calendar.nextWorkingDay(date), n++) {
    result.push({ date, kind: 'overdue', overdueDays: n });
  }
  return result.filter((day) => day.date <= until);
}

/** The first working day after the deadline: the day the supervisor is told who is late. */
export function escalationDay(deadline: string, calendar: WorkingCalendar): string {
  return calendar.nextWorkingDay(deadline);
}

/** The last working day before a due date that is a day off (what the reminders name); undefined when the due date is a working day. */
export function lastWorkingDayIfOff(due: string, calendar: WorkingCalendar): string | undefined {
  return calendar.isWorkingDay(due) ? undefined : calendar.previousWorkingDay(due);
}

/** Whether an instant is outside working hours in Shanghai: before `from` or from `to` on, or any time on a day off. */
export function inQuietHours(instant: Date, calendar: WorkingCalendar, window: QuietWindow = { from: '09:00', to: '18:00' }): boolean {
  const date = shanghaiDate(instant);
  if (!calendar.isWorkingDay(date)) return true;
  const from = shanghaiTime(date, window.from).getTime();
  const to = shanghaiTime(date, window.to).getTime();
  if (from >= to) throw new RangeError(`inQuietHours: the window ${window.from}–${window.to} is empty`);
  const t = instant.getTime();
  return t < from || t >= to;
}
