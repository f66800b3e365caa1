// The official Chinese working calendar, as data: which days a government office works. Dates are
// Asia/Shanghai calendar days written YYYY-MM-DD; Shanghai is UTC+8 all year (no DST), so instants
// are converted with a fixed offset and the machine's TZ never matters.
import data2025 from './holidays/2025.json' with { type: 'json' };
import data2026 from './holidays/2026.json' with { type: 'json' };

/** One year of the State Council's notice: the days off that break the weekday rule, and the weekend days worked (调休). */
export interface CalendarYear {
  year: number;
  source: string;
  holidays: readonly string[];
  workdays: readonly string[];
}

/** Working days in Shanghai; a year without data counts Saturday and Sunday as days off and every weekday as a working day. */
export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  /** The first working day strictly after the date. */
  nextWorkingDay(date: string): string;
  /** The last working day strictly before the date. */
  previousWorkingDay(date: string): string;
  /** Whether the year's notice is in the data (if not, the weekday rule is used). */
  covers(year: number): boolean;
}

/** The years shipped with the code, one JSON file per notice. */
export const builtInYears: readonly CalendarYear[] = [data2025, data2026];

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
// The longest run of days off in any notice is 9 (春节 2026); a year's worth means bad data, not a long holiday.
const MAX_STEPS = 366;

/** Builds a calendar from the given years (by default the built-in notices); malformed data throws a RangeError naming the date. */
export function loadCalendar(years: readonly CalendarYear[] = builtInYears): WorkingCalendar {
  const off = new Set<string>();
  const on = new Set<string>();
  const covered = new Set<number>();
  for (const entry of years) {
    if (covered.has(entry.year)) throw new RangeError(`calendar: the year ${entry.year} is given twice`);
    covered.add(entry.year);
    for (const date of entry.holidays) {
      checkYearDate(date, entry.year, 'holidays');
      // Either order: a neighbouring year (元旦 beginning in December) may have listed it as worked.
      if (on.has(date)) throw new RangeError(`calendar: ${date} is both a holiday and a workday in ${entry.year}`);
      off.add(date);
    }
    for (const date of entry.workdays) {
      checkYearDate(date, entry.year, 'workdays');
      if (!isWeekend(date)) throw new RangeError(`calendar: ${date} in workdays of ${entry.year} is not a Saturday or Sunday`);
      if (off.has(date)) throw new RangeError(`calendar: ${date} is both a holiday and a workday in ${entry.year}`);
      on.add(date);
    }
  }

  const isWorkingDay = (date: string): boolean => {
    dayNumber(date);
    if (off.has(date)) return false;
    if (on.has(date)) return true;
    return !isWeekend(date);
  };
  const step = (date: string, direction: 1 | -1): string => {
    let day = dayNumber(date);
    for (let i = 0; i < MAX_STEPS; i++) {
      day += direction;
      const candidate = dateOf(day);
      if (isWorkingDay(candidate)) return candidate;
    }
    throw new RangeError(`calendar: no working day within ${MAX_STEPS} days of ${date}`);
  };
  return {
    isWorkingDay,
    nextWorkingDay: (date) => step(date, 1),
    previousWorkingDay: (date) => step(date, -1),
    covers: (year) => covered.has(year),
  };
}

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('shanghaiDate: invalid Date');
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at which the Shanghai wall clock shows the given date and time (HH:MM, 00:00–23:59). */
export function shanghaiTime(date: string, hhmm: string): Date {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`shanghaiTime: "${hhmm}" is not a time HH:MM`);
  return new Date(dayNumber(date) * DAY_MS + (Number(match[1]) * 60 + Number(match[2])) * 60_000 - SHANGHAI_OFFSET_MS);
}

/** The date n calendar days after (n < 0: before) the given date. */
export function addDays(date: string, n: number): string {
  return dateOf(dayNumber(date) + n);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Days since 1970-01-01 of a real YYYY-MM-DD date; anything else (2026-02-30, 2026-1-5) throws. */
function dayNumber(date: string): number {
  const match = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS : NaN;
  if (!match || dateOf(day) !== date) throw new RangeError(`calendar: "${String(date)}" is not a date YYYY-MM-DD`);
  return day;
}

const dateOf = (day: number): string => (Number.isInteger(day) ? new Date(day * DAY_MS).toISOString().slice(0, 10) : '');

/** Whether the date is a Saturday or a Sunday. */
export function isWeekend(date: string): boolean {
  const weekday = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** 「周五」: the date's day of the week as the State Council's notices write it. */
export function weekdayLabel(date: string): string {
  return `周${'日一二三四五六'[new Date(dayNumber(date) * DAY_MS).getUTCDay()]}`;
}

// A year's 元旦 may begin in the December before it (2019's: 2018-12-30 off, 2018-12-29 worked).
function checkYearDate(date: string, year: number, list: string): string {
  dayNumber(date);
  if (!date.startsWith(`${year}-`) && !date.startsWith(`${year - 1}-12-`)) throw new RangeError(`calendar: ${date} in ${list} of ${year} is in another year`);
  return date;
}

/** 「2021年1月29日」 from an ISO date. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
