// The working calendar in force: the built-in notices (2025, 2026), each year replaced by the row
// an admin stored for it (`nianbao calendar set`), plus the stored years the code does not ship.
// One definition, read from the database wherever the calendar is needed, so a year set today
// is used by the scheduler's next tick without a restart.
import type { DataSource, EntityManager } from 'typeorm';
import { CalendarYearRow } from '../../entities/calendar-year.ts';
import type { ReadCalendar } from '../calendar/read-calendar-text.ts';
import { builtInYears, loadCalendar, type CalendarYear, type WorkingCalendar } from '../calendar/working-calendar.ts';

/** A year in force, and whether it came from the database or the code. */
export interface YearInForce extends CalendarYear {
  origin: 'stored' | 'built-in';
  updatedAt?: Date;
}

/** Every year in force, oldest first. */
export async function yearsInForce(m: EntityManager): Promise<YearInForce[]> {
  const rows = await m.find(CalendarYearRow);
  const stored = rows.map((r): YearInForce => ({
    year: Number(r.year), source: r.source, holidays: JSON.parse(r.holidays) as string[], workdays: JSON.parse(r.workdays) as string[], origin: 'stored', updatedAt: r.updatedAt,
  }));
  const shipped = builtInYears.filter((b) => !stored.some((s) => s.year === b.year)).map((b): YearInForce => ({ ...b, origin: 'built-in' }));
  return [...stored, ...shipped].sort((a, b) => a.year - b.year);
}

/** The calendar in force now. */
export async function readWorkingCalendar(db: DataSource): Promise<WorkingCalendar> {
  return loadCalendar(await yearsInForce(db.manager));
}

/**
 * Store a year read from a notice or a date list, replacing what was in force for it; the whole
 * calendar is built first, so a year that contradicts its neighbours is refused (a RangeError) and
 * nothing is stored. What it replaced, if anything.
 */
export async function saveCalendarYear(db: DataSource, read: ReadCalendar, source: string, at: Date): Promise<YearInForce | undefined> {
  return db.transaction(async (m) => {
    const years = await yearsInForce(m);
    const before = years.find((y) => y.year === read.year);
    loadCalendar([...years.filter((y) => y.year !== read.year), { year: read.year, source, holidays: read.holidays, workdays: read.workdays }]);
    await m.save(CalendarYearRow, { year: read.year, holidays: JSON.stringify(read.holidays), workdays: JSON.stringify(read.workdays), source, updatedAt: at });
    return before;
  });
}

/** 「2027年节假日安排：已设置」 or 「…：未设置（按无调休计算）」, as start-up and /healthz say it. */
export function calendarStatusLine(calendar: WorkingCalendar, year: number): string {
  return `${year}年节假日安排：${calendar.covers(year) ? '已设置' : '未设置（按无调休计算）'}`;
}

/** A calendar that the scheduler's tick reads again from the database (`refresh`); everything else given it sees the latest read. */
export interface LiveCalendar extends WorkingCalendar {
  /** Read the calendar in force again; it is returned and used from now on. */
  refresh(): Promise<WorkingCalendar>;
}

/** The calendar in force now, to be refreshed on each tick. */
export async function openLiveCalendar(db: DataSource): Promise<LiveCalendar> {
  let current = await readWorkingCalendar(db);
  return {
    isWorkingDay: (date) => current.isWorkingDay(date),
    nextWorkingDay: (date) => current.nextWorkingDay(date),
    previousWorkingDay: (date) => current.previousWorkingDay(date),
    covers: (year) => current.covers(year),
    async refresh() {
      current = await readWorkingCalendar(db);
      return current;
    },
  };
}
